"""Who is reminded of which task: the recipient rules, written once as the
SQL of the day's candidate reminders, which the sweep records
(:mod:`.sweep`) and the dry run reads (:mod:`.plan`).

Recipient (docs/design.md): the task's assignee (a staff member of the unit) with the
unit head copied in the head's own digest; the head alone when the task is not
assigned (or its assignee's account is disabled). Still one digest per person per
day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import Role

from ..models import Reminder
from .rules import ReminderRules, due_tasks, reminder_dates


class RecipientKey(NamedTuple):
    """Whom a digest goes to: a user (or None for a unit's contact address) and the
    address it is e-mailed to ("" when the recipient gets in-app notifications
    only). One digest per key per day."""

    user_id: int | None
    email: str


UNREACHABLE_REASONS = {
    "no_head_no_email": gettext_lazy("the unit has no head and no contact e-mail"),
    "head_inactive": gettext_lazy("the head's account is disabled"),
    "no_email": gettext_lazy("neither the head nor the unit has an e-mail address"),
}


# How a candidate reminder reaches its recipient (the ``route`` column of
# ``_CANDIDATES_SQL``; also the order of a task's reminders, the first of two with
# the same unique key being the one recorded).
ROUTE_ASSIGNEE = 1  # the task's assignee
ROUTE_COPY = 2  # the unit head, copied on a task assigned to their staff
ROUTE_HEAD = 3  # the unit head of an unassigned task
ROUTE_UNIT_ADDRESS = 4  # the contact address of a unit without head
ROUTE_FORWARDED = 5  # a planner, for a unit nobody can be reminded for
ROUTE_ESCALATION = 6  # a planner, for a task overdue beyond the limit

#: What the candidates read of each due task, under the names the SQL uses.
_DUE_TASK_COLUMNS = {
    "t_id": F("pk"),
    "t_due": F("due_date"),
    "t_title": F("activity__title"),
    "t_author": F("activity__created_by_id"),
    "t_org": F("plan__organisation_id"),
    "u_name": F("unit__name"),
    "u_contact": F("unit__contact_email"),
    "h_id": F("unit__head_id"),
    "h_active": F("unit__head__is_active"),
    "h_wants": F("unit__head__reminder_emails"),
    "h_email": F("unit__head__email"),
    "a_id": F("assignee_id"),
    "a_active": F("assignee__is_active"),
    "a_wants": F("assignee__reminder_emails"),
    "a_email": F("assignee__email"),
}

# The recipient rules of the module docstring in one statement, shared by the sweep
# (INSERT ... SELECT) and the dry run (SELECT). ``{dates}`` is a VALUES list of
# ReminderRules.schedule (due date, days to it, the unit's kind or NULL, whether the
# planner is alerted); ``{tasks}`` and ``{planners}`` are compiled querysets
# (due_tasks and the active planners). A row whose planner is missing (no active
# planner) has neither recipient nor address: the sweep skips it, the dry run warns.
# Planner-bound rows go to the activity's author when an active planner of the
# task's organisation, else to every active planner of that organisation.
_CANDIDATES_SQL = """
WITH dates (due_date, days_offset, unit_kind, escalates) AS (VALUES {dates}),
tasks AS ({tasks}),
planners AS ({planners}),
due AS (
    SELECT t.t_id, t.t_title, t.t_author, t.t_org, t.u_name, t.u_contact, t.h_id,
        t.h_active, t.a_id, t.a_wants, t.a_email,
        d.days_offset, d.unit_kind, d.escalates,
        (t.a_id IS NOT NULL AND t.a_active) AS assigned,
        CASE WHEN t.h_wants THEN COALESCE(NULLIF(t.h_email, ''), t.u_contact)
            ELSE '' END AS h_address,
        CASE WHEN t.h_id IS NULL THEN
                CASE WHEN t.u_contact = '' THEN 'no_head_no_email' END
            WHEN NOT t.h_active THEN 'head_inactive'
            WHEN t.h_wants AND COALESCE(NULLIF(t.h_email, ''), t.u_contact) = ''
                THEN 'no_email'
        END AS unreachable
    FROM tasks t JOIN dates d ON d.due_date = t.t_due
),
to_planners AS (
    SELECT due.*, p.p_id,
        CASE WHEN p.p_wants THEN p.p_email ELSE '' END AS p_address
    FROM due
    LEFT JOIN planners author
        ON author.p_id = due.t_author AND author.p_org = due.t_org
    LEFT JOIN planners p ON p.p_org = due.t_org
        AND (p.p_id = due.t_author OR author.p_id IS NULL)
    WHERE due.escalates
        OR (due.unit_kind IS NOT NULL AND NOT due.assigned
            AND due.unreachable IS NOT NULL)
),
candidates AS (
    SELECT t_id AS task_id, unit_kind AS kind, days_offset, a_id AS recipient_id,
        CASE WHEN a_wants THEN a_email ELSE '' END AS email, {assignee} AS route,
        NULL AS reason, t_title, u_name
    FROM due WHERE unit_kind IS NOT NULL AND assigned
    UNION ALL
    SELECT t_id, unit_kind, days_offset, h_id, h_address, {copy}, NULL, t_title,
        u_name
    FROM due
    WHERE unit_kind IS NOT NULL AND assigned AND h_id IS NOT NULL
        AND h_id <> a_id AND h_active
    UNION ALL
    SELECT t_id, unit_kind, days_offset, h_id,
        CASE WHEN h_active THEN h_address ELSE '' END, {head}, NULL, t_title,
        u_name
    FROM due WHERE unit_kind IS NOT NULL AND NOT assigned AND h_id IS NOT NULL
    UNION ALL
    SELECT t_id, unit_kind, days_offset, NULL, u_contact, {unit_address}, NULL,
        t_title, u_name
    FROM due
    WHERE unit_kind IS NOT NULL AND NOT assigned AND h_id IS NULL
        AND u_contact <> ''
    UNION ALL
    SELECT t_id, unit_kind, days_offset, p_id, p_address, {forwarded}, unreachable,
        t_title, u_name
    FROM to_planners
    WHERE unit_kind IS NOT NULL AND NOT assigned AND unreachable IS NOT NULL
    UNION ALL
    SELECT t_id, %s, days_offset, p_id, p_address, {escalation}, NULL, t_title,
        u_name
    FROM to_planners WHERE escalates
)
"""


def active_planners() -> QuerySet[User]:
    """Who escalations and forwarded reminders go to: the active planners, once
    per organisation they plan in (``p_org`` in :func:`_candidates`)."""
    return User.objects.filter(is_active=True, memberships__role=Role.PLANNER)


def _candidates(*, day: dt.date, rules: ReminderRules) -> tuple[str, list[Any]]:
    """The ``WITH`` clause of the day's candidate reminders and its parameters:
    one row per (task, kind, recipient) that the rules call for, recorded or not.
    Runs one query (:func:`reminder_dates`)."""
    dates = reminder_dates(day=day, rules=rules)
    ops = connection.ops
    tasks_sql, tasks_params = (
        due_tasks(day=day, rules=rules, dates=dates)
        .order_by()
        .values(**_DUE_TASK_COLUMNS)
        .query.sql_with_params()
    )
    planners_sql, planners_params = (
        active_planners()
        .order_by()
        .values(
            p_id=F("pk"),
            p_org=F("memberships__organisation_id"),
            p_email=F("email"),
            p_wants=F("reminder_emails"),
        )
        .query.sql_with_params()
    )
    dates_params: list[Any] = []
    for date in dates:
        dates_params += [
            ops.adapt_datefield_value(date.due_date),
            date.days_offset,
            date.unit_kind,
            date.escalates,
        ]
    sql = _CANDIDATES_SQL.format(
        dates=", ".join(["(%s, %s, %s, %s)"] * len(dates)),
        tasks=tasks_sql,
        planners=planners_sql,
        assignee=ROUTE_ASSIGNEE,
        copy=ROUTE_COPY,
        head=ROUTE_HEAD,
        unit_address=ROUTE_UNIT_ADDRESS,
        forwarded=ROUTE_FORWARDED,
        escalation=ROUTE_ESCALATION,
    )
    return sql, [
        *dates_params,
        *tasks_params,
        *planners_params,
        Reminder.Kind.ESCALATION.value,
    ]


def candidates_execute(
    cursor: CursorWrapper,
    *,
    day: dt.date,
    rules: ReminderRules,
    select: str,
    head: str = "",
    select_params: Sequence[Any] = (),
) -> None:
    """Run ``head`` + the candidates' WITH clause + ``select``: one statement, the
    two ends being constants of the callers (:mod:`.plan`, :mod:`.sweep`), so no
    value is formatted into SQL. Runs one query first (:func:`reminder_dates`)."""
    with_sql, params = _candidates(day=day, rules=rules)
    sql = head + with_sql + select  # nosec B608 - constants and compiled querysets
    cursor.execute(sql, [*params, *select_params])
