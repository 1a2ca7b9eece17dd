"""The year at a glance: a plan's activities laid on the twelve months of its
year, grouped by channel or by lead unit (read only; the page is
``planning/plan_timeline.html``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from campaigns.models import Activity, ActivityMonth, Plan

GROUP_CHANNEL, GROUP_UNIT = "channel", "unit"
GROUPS = (GROUP_CHANNEL, GROUP_UNIT)


@dataclass(frozen=True)
class MonthMark:
    """The tasks of one activity due in one month (1..12): all live ones, and
    how many of them are done."""

    month: int
    tasks: int
    done: int


@dataclass
class TimelineRow:
    """One activity: its bar from the first to the last month of its period
    within the year (``first``..``last``, 1..12), and its months with tasks."""

    activity: Activity
    first: int
    last: int
    marks: list[MonthMark] = field(default_factory=list)

    @property
    def cancelled(self) -> bool:
        return self.activity.status == Activity.Status.CANCELLED


@dataclass
class TimelineGroup:
    key: int
    name: str
    color: str
    rows: list[TimelineRow] = field(default_factory=list)


def _month_in_year(day: dt.date, year: int) -> int:
    """``day``'s month, clamped to ``year`` (1 before it, 12 after it)."""
    if day.year < year:
        return 1
    if day.year > year:
        return 12
    return day.month


def plan_timeline(*, plan: Plan, group: str) -> list[TimelineGroup]:
    """The plan's activities by ``group`` (``channel`` or ``unit``; the
    groups in the catalogue's order, the activities by start date). Two queries,
    whatever the number of activities: the activities with their channel and
    lead unit, and the month counters (:class:`ActivityMonth`)."""
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("channel", "lead_unit")
        .order_by("start_date", "title", "pk")
    )
    marks: dict[int, list[MonthMark]] = defaultdict(list)
    months = ActivityMonth.objects.filter(plan=plan, month__year=plan.year).order_by(
        "activity_id", "month"
    )
    for row in months.values_list("activity_id", "month", "tasks", "done_tasks"):
        activity_id, month, tasks, done = row
        marks[activity_id].append(MonthMark(month.month, tasks, done))
    groups: dict[int, TimelineGroup] = {}
    order: dict[int, tuple[int, str]] = {}
    for activity in activities:
        if group == GROUP_UNIT:
            unit = activity.lead_unit
            key, name, color = unit.pk, unit.name, ""
            order[key] = (unit.order, unit.name)
        else:
            channel = activity.channel
            key, name, color = channel.pk, channel.name, channel.color
            order[key] = (channel.order, channel.name)
        if key not in groups:
            groups[key] = TimelineGroup(key=key, name=name, color=color)
        first = _month_in_year(activity.start_date, plan.year)
        last = max(first, _month_in_year(activity.due_date, plan.year))
        groups[key].rows.append(
            TimelineRow(
                activity=activity,
                first=first,
                last=last,
                marks=marks.get(activity.pk, []),
            )
        )
    return [groups[key] for key in sorted(groups, key=lambda key: order[key])]
