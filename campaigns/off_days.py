"""Due dates that fall on days off, before a plan is copied or issued.

A plan copied to another year keeps its dates' day and month, so some land on a
weekend, on Tết or on a day the Government gave off; issuing a plan creates a
task on each of its activities' dates. Both pages list these due dates
(:func:`plan_off_day_dues`, :func:`copy_off_day_dues`) and offer to move them
to the previous working day, as an activity's "dời ngày nghỉ" does
(``Activity.shift_off_days``, ``campaigns.workdays.moved_due_date``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .models import Activity, Plan
from .recurrence import occurrence_dates
from .workdays import holiday_name, is_off_day, moved_due_date

_UNTIL = re.compile(r"UNTIL=(\d{4})(\d{4})")


def shift_year(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` later, 29/02 becoming 28/02."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def shift_rule(rule: str, years: int) -> str:
    """A recurrence rule's UNTIL moved by ``years``."""
    return _UNTIL.sub(lambda m: f"UNTIL={int(m[1]) + years:04d}{m[2]}", rule)


@dataclass(frozen=True)
class OffDayDue:
    """A due date on a day off: the activity, the date, why it is off (the
    holiday's name, or empty for a weekend) and where it would move."""

    activity: Activity
    due: dt.date
    holiday: str
    moved_to: dt.date


def _off_dues(
    activity: Activity, *, rule: str, start: dt.date, end: dt.date
) -> list[OffDayDue]:
    try:
        dates = occurrence_dates(
            rule=rule, start=start, end=end, shift_off_days=activity.shift_off_days
        )
    except ValidationError:  # a rule the form refuses creates no task either
        return []
    return [
        OffDayDue(activity, day, holiday_name(day) or "", moved_due_date(day, start))
        for day in dates
        if is_off_day(day)
    ]


def _active(plan: Plan) -> Iterable[Activity]:
    return plan.activities.filter(status=Activity.Status.ACTIVE).order_by(
        "due_date", "pk"
    )


def plan_off_day_dues(plan: Plan) -> list[OffDayDue]:
    """The due dates on days off that issuing ``plan`` would give its tasks."""
    found: list[OffDayDue] = []
    for activity in _active(plan):
        found += _off_dues(
            activity,
            rule=activity.recurrence,
            start=activity.start_date,
            end=activity.due_date,
        )
    return sorted(found, key=lambda item: (item.due, item.activity.pk))


def copy_off_day_dues(plan: Plan, year: int) -> list[OffDayDue]:
    """The due dates on days off a copy of ``plan`` to ``year`` would have."""
    years = year - plan.year
    found: list[OffDayDue] = []
    for activity in _active(plan):
        found += _off_dues(
            activity,
            rule=shift_rule(activity.recurrence, years),
            start=shift_year(activity.start_date, years),
            end=shift_year(activity.due_date, years),
        )
    return sorted(found, key=lambda item: (item.due, item.activity.pk))
