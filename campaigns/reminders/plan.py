"""The dry run (``send_reminders --dry-run``): the reminders a sweep of a day
would record, read from the same candidates, with who gets them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from accounts.models import User
from accounts.names import full_name

from ..models import Reminder
from .candidates import ROUTE_COPY, ROUTE_FORWARDED, RecipientKey, candidates_execute
from .rules import ReminderRules


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
        if self.kind == Reminder.Kind.ESCALATION:
            return "escalation"
        if self.copied:
            return "copied"
        return "forwarded" if self.forwarded else self.kind

    @property
    def unique_key(self) -> tuple[Any, ...]:
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
    return full_name(last, first) or username


def _label(name: str, email: str) -> str:
    return f"{name} <{email}>" if email else name


# Completes the candidates' WITH clause (:func:`.candidates.candidates_execute`).
_PLAN_SELECT = (
    "SELECT task_id, kind, days_offset, recipient_id, email, route, reason, t_title, "
    "u_name FROM candidates ORDER BY days_offset, task_id, route, recipient_id"
)


def reminders_plan(*, day: dt.date, rules: ReminderRules | None = None) -> SweepPlan:
    """Plan the reminders of ``day`` not recorded yet, from the same candidates as
    the sweep records (for ``send_reminders --dry-run``). Reads only; four queries
    whatever the number of tasks."""
    rules = rules or ReminderRules.from_settings()
    plan = SweepPlan(day=day)
    with connection.cursor() as cursor:
        candidates_execute(cursor, day=day, rules=rules, select=_PLAN_SELECT)
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
    planned: dict[tuple[Any, ...], PlannedReminder] = {}
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
