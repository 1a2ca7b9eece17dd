"""The daily reminder sweep: who is reminded of which task (the digest e-mails
that deliver the reminders are :mod:`campaigns.digests`).

The sweep has two halves, so that a crash or an SMTP error never loses a reminder
and never sends one twice:

1. :func:`reminders_sweep` records one :class:`~campaigns.models.Reminder` row per
   (task, recipient, kind, day) as *pending*, in one ``INSERT ... SELECT ... ON
   CONFLICT DO NOTHING`` that the database runs whole (no task is read into
   Python). The unique constraints on that table make a second sweep of the same
   day (or a concurrent one) record nothing new. It returns the recipients that
   have pending rows for the day. ``send_reminders --dry-run`` reads the same
   candidate rows (:func:`reminders_plan`), so the rules are written once, in
   ``_CANDIDATES_SQL``, fed by :class:`ReminderRules` and :func:`due_tasks`.
2. :func:`campaigns.digests.reminder_digest_deliver` sends each recipient's
   pending rows as one digest, exactly once (see that module).

Recipient (DESIGN.md, issue 13): the task's assignee (a staff member of the
unit) with the unit head copied in the head's own digest; the head alone when
the task is not assigned (or its assignee's account is disabled). Still one
digest per person per day.

Rules (settings, see DESIGN.md): a unit is reminded ``REMINDER_DAYS_BEFORE`` days
before a task is due, on the due day, then every ``REMINDER_OVERDUE_EVERY_DAYS``
days while it is overdue. The planner is reminded (escalation) of a task overdue by
more than ``REMINDER_ESCALATE_AFTER_DAYS`` days: on the first day past that limit,
then at the same cadence. Only open tasks of active activities of issued plans in
active units are reminded.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import F, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import Role

from .models import Activity, Plan, Reminder, ReminderSweep, Task

logger = logging.getLogger(__name__)

#: The dashboard warns when no sweep started within this many hours (beat down).
SWEEP_STALE_AFTER = dt.timedelta(hours=26)

Kind = Reminder.Kind


# --------------------------------------------------------------------------- rules


class ReminderDate(NamedTuple):
    """A due date reminded on the sweep's day: the days to it (negative when
    overdue), the kind of the unit's reminder (None when the unit is not reminded
    that day) and whether the planner is alerted (escalation)."""

    due_date: dt.date
    days_offset: int
    unit_kind: str | None
    escalates: bool


@dataclass(frozen=True)
class ReminderRules:
    """The offsets and cadences of DESIGN.md, read from the settings."""

    days_before: tuple[int, ...] = (7, 3, 1)
    overdue_every: int = 3
    escalate_after: int = 7

    @classmethod
    def from_settings(cls) -> ReminderRules:
        return cls(
            days_before=tuple(
                sorted({int(d) for d in settings.REMINDER_DAYS_BEFORE if int(d) > 0})
            ),
            overdue_every=max(1, int(settings.REMINDER_OVERDUE_EVERY_DAYS)),
            escalate_after=max(0, int(settings.REMINDER_ESCALATE_AFTER_DAYS)),
        )

    def unit_kind(self, days_to_due: int) -> str | None:
        """The kind of the unit's reminder ``days_to_due`` days before the due date
        (negative when overdue), or None when the unit is not reminded that day."""
        if days_to_due > 0:
            return Kind.BEFORE_DUE if days_to_due in self.days_before else None
        if days_to_due == 0:
            return Kind.DUE_TODAY
        return Kind.OVERDUE if -days_to_due % self.overdue_every == 0 else None

    def escalates(self, days_to_due: int) -> bool:
        """Whether the planner is told of the task that day: the first day past the
        limit (day 8 by default), then every ``overdue_every`` days."""
        late = -days_to_due
        return (
            late > self.escalate_after
            and (late - self.escalate_after - 1) % self.overdue_every == 0
        )

    def schedule(
        self, *, day: dt.date, earliest_due: dt.date | None
    ) -> list[ReminderDate]:
        """Every due date that gets a reminder on ``day``, with what it gets: a
        short, exact list (the overdue dates back to ``earliest_due``, the earliest
        open task's) that the database matches on its (status, due_date) index."""
        offsets = {*self.days_before, 0}
        if earliest_due is not None:
            offsets.update(range(-(day - earliest_due).days, 0))
        return [
            ReminderDate(
                due_date=day + dt.timedelta(days=offset),
                days_offset=offset,
                unit_kind=self.unit_kind(offset),
                escalates=self.escalates(offset),
            )
            for offset in sorted(offsets)
            if self.unit_kind(offset) or self.escalates(offset)
        ]


# ------------------------------------------------------------------ the plan (read)


class RecipientKey(NamedTuple):
    """Whom a digest goes to: a user (or None for a unit's contact address) and the
    address it is e-mailed to ("" when the recipient gets in-app notifications
    only). One digest per key per day."""

    user_id: int | None
    email: str


@dataclass(frozen=True)
class PlannedReminder:
    task_id: int
    kind: str
    days_offset: int
    recipient: RecipientKey
    due_date: dt.date
    activity_title: str
    unit_name: str
    forwarded: bool = False
    copied: bool = False

    @property
    def section(self) -> str:
        """The digest section it lands in (see :func:`digest_sections`)."""
        if self.kind == Kind.ESCALATION:
            return "escalation"
        if self.copied:
            return "copied"
        return "forwarded" if self.forwarded else self.kind

    @property
    def unique_key(self) -> tuple:
        """The key of the table's unique constraints."""
        if self.recipient.user_id is not None:
            return (self.task_id, self.kind, self.recipient.user_id)
        return (self.task_id, self.kind, None, self.recipient.email)


@dataclass
class SweepPlan:
    """What a sweep of ``day`` would record: new reminders only."""

    day: dt.date
    reminders: list[PlannedReminder] = field(default_factory=list)
    labels: dict[RecipientKey, str] = field(default_factory=dict)
    already_recorded: int = 0
    #: Units whose reminders reach no e-mail box (forwarded to the planners).
    unreachable_units: dict[str, str] = field(default_factory=dict)
    #: True when a reminder had to reach a planner and no active planner exists.
    no_planner: bool = False

    def by_recipient(self) -> dict[RecipientKey, list[PlannedReminder]]:
        grouped: dict[RecipientKey, list[PlannedReminder]] = defaultdict(list)
        for reminder in self.reminders:
            grouped[reminder.recipient].append(reminder)
        return dict(sorted(grouped.items(), key=lambda kv: self.labels.get(kv[0], "")))


def _person(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _label(name: str, email: str) -> str:
    return f"{name} <{email}>" if email else name


UNREACHABLE_REASONS = {
    "no_head_no_email": gettext_lazy("the unit has no head and no contact e-mail"),
    "head_inactive": gettext_lazy("the head's account is disabled"),
    "no_email": gettext_lazy("neither the head nor the unit has an e-mail address"),
}


def remindable_tasks() -> QuerySet[Task]:
    """Open tasks that may be reminded: never done or cancelled tasks, never tasks
    of a cancelled activity, a draft or closed plan, or a deactivated unit."""
    return Task.objects.open().filter(
        activity__status=Activity.Status.ACTIVE,
        plan__status=Plan.Status.ISSUED,
        unit__is_active=True,
    )


def reminder_dates(*, day: dt.date, rules: ReminderRules) -> list[ReminderDate]:
    """The due dates reminded on ``day`` (one query: the earliest overdue task
    bounds the overdue dates)."""
    earliest = (
        remindable_tasks()
        .filter(due_date__lt=day)
        .aggregate(first=Min("due_date"))["first"]
    )
    return rules.schedule(day=day, earliest_due=earliest)


def due_tasks(
    *, day: dt.date, rules: ReminderRules, dates: list[ReminderDate] | None = None
) -> QuerySet[Task]:
    """The remindable tasks due on a date that gets a reminder on ``day``: the
    sweep's one read of the task table, matched on the (status, due_date) index.
    Runs :func:`reminder_dates` unless ``dates`` is given; the queryset is lazy."""
    if dates is None:
        dates = reminder_dates(day=day, rules=rules)
    return remindable_tasks().filter(due_date__in=[d.due_date for d in dates])


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
# Planner-bound rows go to the activity's author when an active planner, else to
# every active planner.
_CANDIDATES_SQL = """
WITH dates (due_date, days_offset, unit_kind, escalates) AS (VALUES {dates}),
tasks AS ({tasks}),
planners AS ({planners}),
due AS (
    SELECT t.t_id, t.t_title, t.t_author, t.u_name, t.u_contact, t.h_id,
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
    LEFT JOIN planners author ON author.p_id = due.t_author
    LEFT JOIN planners p ON p.p_id = due.t_author OR author.p_id IS NULL
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


def _active_planners() -> QuerySet[User]:
    """Who escalations and forwarded reminders go to."""
    return User.objects.filter(is_active=True, groups__name=Role.PLANNER)


def _candidates(*, day: dt.date, rules: ReminderRules) -> tuple[str, list[object]]:
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
        _active_planners()
        .order_by()
        .values(p_id=F("pk"), p_email=F("email"), p_wants=F("reminder_emails"))
        .query.sql_with_params()
    )
    dates_params: list[object] = []
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
        Kind.ESCALATION.value,
    ]


# The statements that read the candidates: constants, each completed by
# _candidates_execute with the WITH clause alone (no value is formatted into SQL).
_PLAN_SELECT = (
    "SELECT task_id, kind, days_offset, recipient_id, email, route, reason, t_title, "
    "u_name FROM candidates ORDER BY days_offset, task_id, route, recipient_id"
)
# Recording: the unique constraints skip, in the same statement, what this or a
# concurrent sweep recorded (a concurrent uncommitted one is waited for). Rows go in
# a fixed order, so two sweeps at once cannot deadlock on each other's rows.
# ``WHERE`` is needed by SQLite's parser before ``ON CONFLICT`` (and skips the rows
# without a planner). Parameters: the day, the pending status, the creation time.
_RECORD_SELECT = (
    "SELECT task_id, kind, %s, days_offset, recipient_id, email, %s, NULL, '', %s "
    "FROM candidates WHERE recipient_id IS NOT NULL OR email <> '' "
    "ORDER BY task_id, route, recipient_id ON CONFLICT DO NOTHING"
)
_NO_PLANNER_SELECT = (
    "SELECT 1 FROM candidates WHERE recipient_id IS NULL AND email = '' LIMIT 1"
)
#: The Reminder fields _RECORD_SELECT fills, in its order.
_RECORDED_FIELDS = (
    "task",
    "kind",
    "day",
    "days_offset",
    "recipient",
    "email",
    "status",
    "sent_at",
    "error",
    "created_at",
)


def _insert_head() -> str:
    """``INSERT INTO <reminder table> (<_RECORDED_FIELDS' columns>)``."""
    meta, quote = Reminder._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(f).column) for f in _RECORDED_FIELDS)
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608  # nosec B608


def _candidates_execute(
    cursor: CursorWrapper,
    *,
    day: dt.date,
    rules: ReminderRules,
    select: str,
    head: str = "",
    select_params: Sequence[object] = (),
) -> None:
    """Run ``head`` + the candidates' WITH clause + ``select``: one statement, the
    two ends being the constants above. Runs one query first
    (:func:`reminder_dates`)."""
    with_sql, params = _candidates(day=day, rules=rules)
    sql = head + with_sql + select  # nosec B608 - constants and compiled querysets
    cursor.execute(sql, [*params, *select_params])


def reminders_plan(*, day: dt.date, rules: ReminderRules | None = None) -> SweepPlan:
    """Plan the reminders of ``day`` not recorded yet, from the same candidates as
    the sweep records (for ``send_reminders --dry-run``). Reads only; four queries
    whatever the number of tasks."""
    rules = rules or ReminderRules.from_settings()
    plan = SweepPlan(day=day)
    with connection.cursor() as cursor:
        _candidates_execute(cursor, day=day, rules=rules, select=_PLAN_SELECT)
        rows = cursor.fetchall()
    existing = {
        (task_id, kind, user_id)
        if user_id is not None
        else (task_id, kind, None, email)
        for task_id, kind, user_id, email in Reminder.objects.filter(day=day)
        .order_by()
        .values_list("task_id", "kind", "recipient_id", "email")
    }
    names = {
        pk: _person(first, last, username)
        for pk, first, last, username in User.objects.filter(
            pk__in={row[3] for row in rows if row[3] is not None}
        ).values_list("pk", "first_name", "last_name", "username")
    }
    planned: dict[tuple, PlannedReminder] = {}
    for task_id, kind, offset, user_id, email, route, reason, title, unit in rows:
        if route == ROUTE_FORWARDED:
            plan.unreachable_units[unit] = reason
        if user_id is None and not email:
            plan.no_planner = True
            continue
        key = RecipientKey(user_id, email or "")
        name = unit if user_id is None else names[user_id]
        plan.labels[key] = _label(name, key.email) if key.email else name
        reminder = PlannedReminder(
            task_id=task_id,
            kind=kind,
            days_offset=offset,
            recipient=key,
            due_date=day + dt.timedelta(days=offset),
            activity_title=title,
            unit_name=unit,
            forwarded=route == ROUTE_FORWARDED,
            copied=route == ROUTE_COPY,
        )
        if reminder.unique_key in existing:
            plan.already_recorded += 1
        else:
            planned.setdefault(reminder.unique_key, reminder)
    plan.reminders = list(planned.values())
    return plan


# --------------------------------------------------------------- the sweep (write)


@dataclass
class SweepResult:
    day: dt.date
    sweep_id: int
    reminders_created: int
    recipients: list[RecipientKey]
    expired: int = 0

    @property
    def emails(self) -> int:
        return sum(1 for key in self.recipients if key.email)

    def as_dict(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "sweep": self.sweep_id,
            "reminders_created": self.reminders_created,
            "recipients": len(self.recipients),
            "emails": self.emails,
            "expired": self.expired,
        }


def _pending_recipients(day: dt.date) -> list[RecipientKey]:
    keys = (
        Reminder.objects.filter(day=day, status=Reminder.Status.PENDING)
        .order_by()
        .values_list("recipient_id", "email")
        .distinct()
    )
    return sorted(
        (RecipientKey(user_id, email) for user_id, email in keys),
        key=lambda k: (k.user_id is None, k.user_id or 0, k.email),
    )


def reminders_record(*, day: dt.date, rules: ReminderRules) -> int:
    """Record the day's new reminders as pending rows, in one INSERT ... SELECT that
    the database runs whole; returns how many rows were new. Safe to run twice or
    concurrently: what is recorded already is skipped. Three queries (two more when
    no planner is active)."""
    ops = connection.ops
    with connection.cursor() as cursor:
        _candidates_execute(
            cursor,
            day=day,
            rules=rules,
            head=_insert_head(),
            select=_RECORD_SELECT,
            select_params=(
                ops.adapt_datefield_value(day),
                Reminder.Status.PENDING.value,
                ops.adapt_datetimefield_value(timezone.now()),
            ),
        )
        created = cursor.rowcount
    if _planner_missing(day=day, rules=rules):
        logger.warning("reminders for %s need a planner but none is active", day)
    return created


def _planner_missing(*, day: dt.date, rules: ReminderRules) -> bool:
    """Whether a reminder of ``day`` had to reach a planner and none is active: one
    query while a planner is active, three otherwise."""
    if _active_planners().exists():
        return False
    with connection.cursor() as cursor:
        _candidates_execute(cursor, day=day, rules=rules, select=_NO_PLANNER_SELECT)
        return cursor.fetchone() is not None


def reminders_sweep(*, day: dt.date | None = None) -> SweepResult:
    """Record the reminders of ``day`` (default today) and return the recipients
    with pending reminders, to be delivered one by one. Idempotent.

    Pending reminders of earlier days were never delivered (their day is gone):
    they are marked failed so that the admin shows them.
    """
    day = day or timezone.localdate()
    rules = ReminderRules.from_settings()
    sweep = ReminderSweep.objects.create(day=day)
    try:
        expired = Reminder.objects.filter(
            day__lt=day, status=Reminder.Status.PENDING
        ).update(status=Reminder.Status.FAILED, error="not delivered on its day")
        created = reminders_record(day=day, rules=rules)
        recipients = _pending_recipients(day)
    except Exception as exc:
        sweep.finished_at = timezone.now()
        sweep.error = f"{type(exc).__name__}: {exc}"[:2000]
        sweep.save(update_fields=["finished_at", "error"])
        raise
    result = SweepResult(
        day=day,
        sweep_id=sweep.pk,
        reminders_created=created,
        recipients=recipients,
        expired=expired,
    )
    sweep.finished_at = timezone.now()
    sweep.recipients = len(recipients)
    sweep.reminders_created = created
    sweep.emails_queued = result.emails
    sweep.save(
        update_fields=[
            "finished_at",
            "recipients",
            "reminders_created",
            "emails_queued",
        ]
    )
    logger.info("reminder sweep %s", result.as_dict())
    return result


# ------------------------------------------------------------------ visibility


@dataclass(frozen=True)
class SweepStatus:
    """The last sweep for the planner's dashboard; stale when beat seems down."""

    last: ReminderSweep | None
    is_stale: bool
    stale_after_hours: int = int(SWEEP_STALE_AFTER.total_seconds() // 3600)

    @property
    def failed(self) -> bool:
        return self.last is not None and bool(self.last.error)


def installed_at() -> dt.datetime | None:
    """When this database was set up: its first migration (None if unknown)."""
    from django.db.migrations.recorder import MigrationRecorder

    first = MigrationRecorder.Migration.objects.aggregate(at=Min("applied"))["at"]
    return first


def reminder_sweep_status(*, now: dt.datetime | None = None) -> SweepStatus:
    """The last sweep, stale when older than SWEEP_STALE_AFTER.

    Before any sweep, a fresh install is not stale: the first sweep may be a day
    away (07:30, or the hourly catch-up in office hours), so only an install older
    than SWEEP_STALE_AFTER without a sweep warns. One query when a sweep exists,
    two otherwise.
    """
    now = now or timezone.now()
    last = ReminderSweep.objects.order_by("-started_at", "-pk").first()
    since = last.started_at if last is not None else installed_at()
    stale = since is None or since < now - SWEEP_STALE_AFTER
    return SweepStatus(last=last, is_stale=stale)
