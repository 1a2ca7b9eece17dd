"""When a task is reminded: the offsets and cadences of the settings
(:class:`ReminderRules`), the due dates they remind on a given day, and the tasks
due on those dates (:func:`due_tasks`, the sweep's one read of the task table).

Rules (settings, see docs/design.md): a unit is reminded ``REMINDER_DAYS_BEFORE`` days
before a task is due, on the due day, then every ``REMINDER_OVERDUE_EVERY_DAYS``
days while it is overdue. The planner is reminded (escalation) of a task overdue by
more than ``REMINDER_ESCALATE_AFTER_DAYS`` days: on the first day past that limit,
then at the same cadence. Only open tasks of active activities of issued plans in
active units are reminded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import Min, QuerySet

from ..models import Activity, Plan, Reminder, Task

Kind = Reminder.Kind


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
    """The offsets and cadences of docs/design.md, read from the settings."""

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
