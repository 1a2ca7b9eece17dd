"""The dashboard's reads.

Its figures come from one of two sources with the same shape: the progress
counters (:class:`DistrictFigures`, for the district roles, whose scope is the
whole plan: their cost follows the number of channels, units, audience groups
and days, not of tasks) or the tasks themselves (:class:`UnitFigures`, for unit
heads and staff, whose scope is their units' few tasks). Tests hold the two
equal on the same data (``tests/planning/test_dashboard_figures.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from accounts.models import User
from campaigns.models import (
    ActivityMonth,
    Plan,
    Task,
    TaskQuerySet,
    TaskTally,
    Unit,
    counts_as_done,
)
from campaigns.selectors import plan_default, plans_visible_to
from campaigns.tallies import LIVE, OPEN, tally_done, tally_sums
from organisation.first_steps import FirstSteps, first_steps
from organisation.models import Organisation

from .selectors import LIVE as LIVE_TASKS
from .selectors import (
    ActivityCounts,
    Progress,
    audience_labels,
    channel_and_audience_links,
    channel_labels,
    progress_labelled,
    progress_sum,
)

Dimension = TaskTally.Dimension
DUE_SOON_DAYS = 7
UNITS_LISTED = 15


def dashboard_plan(
    *, plan_id: int | None, today: dt.date, user: User | None = None
) -> Plan | None:
    """The plan the dashboard is about: the one asked for among those ``user``
    may see (:func:`campaigns.selectors.plans_visible_to`: a draft is none of a
    unit's business; None if not), else the default plan
    (:func:`campaigns.selectors.plan_default`)."""
    if plan_id:
        plans = Plan.objects.all() if user is None else plans_visible_to(user=user)
        return plans.filter(pk=plan_id).first()
    return plan_default(today=today, user=user)


def _of_plan(plan: Plan | None) -> Q:
    """Counter rows of ``plan``, or without one of every plan in the scope:
    the counters are not scoped by organisation themselves."""
    if plan is not None:
        return Q(plan=plan)
    return Q(plan__in=Plan.objects.values("pk"))


def dashboard_first_steps(
    *, user: User, organisation: Organisation | None
) -> FirstSteps | None:
    """The first steps card of a new organisation, for its planners and
    administrators (one query); None for others or once all are done."""
    if organisation is None or not user.can_edit_plans:
        return None
    steps = first_steps(organisation)
    return None if steps.done else steps


class DistrictFigures:
    """The whole plan's figures (all plans' without one), from the counters:
    seven queries, reading rows bounded by channels, units, audience groups and
    days (and the month list's first page), whatever the number of tasks."""

    def __init__(self, plan: Plan | None, today: dt.date) -> None:
        self.plan = plan
        self.today = today
        self.tallies = TaskTally.objects.order_by().filter(_of_plan(plan))
        rows = (
            self.tallies.filter(dimension__in=(Dimension.CHANNEL, Dimension.AUDIENCE))
            .values("dimension", "key_id")
            .annotate(**tally_sums(today))
        )
        self.rows: dict[str, dict[int, dict[str, Any]]] = {
            Dimension.CHANNEL: {},
            Dimension.AUDIENCE: {},
        }
        for row in rows:
            self.rows[row["dimension"]][row["key_id"]] = row

    def overall(self) -> Progress:
        # Every task counts in exactly one channel.
        return progress_sum(self.rows[Dimension.CHANNEL].values())

    def by_channel(self, labels: dict[Any, tuple[str, str]]) -> list[Progress]:
        return self._by(Dimension.CHANNEL, labels)

    def by_audience(self, labels: dict[Any, tuple[str, str]]) -> list[Progress]:
        return self._by(Dimension.AUDIENCE, labels)

    def _by(self, dimension: str, labels: dict[Any, tuple[str, str]]) -> list[Progress]:
        return progress_labelled(
            {key: [row] for key, row in self.rows[dimension].items()}, labels
        )

    def due_soon(self) -> int:
        soon = self.today + dt.timedelta(days=DUE_SOON_DAYS)
        return (
            self.tallies.filter(
                OPEN,
                dimension=Dimension.CHANNEL,
                due_date__gte=self.today,
                due_date__lte=soon,
            ).aggregate(n=Sum("tasks"))["n"]
            or 0
        )

    def by_month(self) -> list[dict[str, Any]]:
        return [
            {"month": row["m"], "total": row["total"], "done": row["done"]}
            for row in self.tallies.filter(LIVE, dimension=Dimension.CHANNEL)
            .annotate(m=ExtractMonth("due_date"))
            .values("m")
            .annotate(
                total=Sum("tasks"), done=Sum("tasks", filter=tally_done(), default=0)
            )
            .order_by("m")
        ]

    def overdue_by_unit(self) -> list[dict[str, Any]]:
        # Past months by month, this month by day: a row per unit and month
        # plus this month's days, however many tasks are overdue.
        month_start = self.today.replace(day=1)
        overdue = Q(dimension=Dimension.UNIT_MONTH, due_date__lt=month_start) | Q(
            dimension=Dimension.UNIT,
            due_date__gte=month_start,
            due_date__lt=self.today,
        )
        counts = dict(
            self.tallies.filter(OPEN, overdue)
            .values_list("key_id")
            .annotate(n=Sum("tasks"))
        )
        names = dict(Unit.objects.filter(pk__in=counts).values_list("pk", "name"))
        rows = sorted(
            ({"unit__name": names[pk], "n": n} for pk, n in counts.items() if n),
            key=lambda row: (-row["n"], row["unit__name"]),
        )
        return rows[:UNITS_LISTED]

    def month_activities(self, month_start: dt.date) -> tuple[list[dict], int]:
        rows = ActivityMonth.objects.filter(_of_plan(self.plan), month=month_start)
        done = "accepted_tasks" if settings.REPORT_REVIEW_REQUIRED else "done_tasks"
        listed = rows.order_by("first_due", "activity__title").values(
            "activity_id",
            "units",
            "first_due",
            title=F("activity__title"),
            color=F("activity__channel__color"),
            channel_name=F("activity__channel__name"),
            total=F("tasks"),
            done=F(done),
        )
        # Counted without the join to the activities: from the index alone.
        return _first_and_count(listed, rows)


class UnitFigures:
    """The same figures over a scope of tasks (a unit head's or staff's units),
    read from the tasks."""

    def __init__(self, tasks: TaskQuerySet, plan: Plan | None, today: dt.date):
        self.tasks = tasks
        self.today = today
        self.counts = ActivityCounts(tasks, today)
        self.channel_links, self.audience_links = channel_and_audience_links(plan)

    def overall(self) -> Progress:
        return self.counts.overall()

    def by_channel(self, labels: dict[Any, tuple[str, str]]) -> list[Progress]:
        return self.counts.by_link(self.channel_links, labels)

    def by_audience(self, labels: dict[Any, tuple[str, str]]) -> list[Progress]:
        return self.counts.by_link(self.audience_links, labels)

    def due_soon(self) -> int:
        soon = self.today + dt.timedelta(days=DUE_SOON_DAYS)
        return (
            self.tasks.open().filter(due_date__gte=self.today, due_date__lte=soon)
        ).count()

    def by_month(self) -> list[dict[str, Any]]:
        return [
            {"month": row["m"], "total": row["total"], "done": row["done"]}
            for row in self.tasks.filter(LIVE_TASKS)
            .annotate(m=ExtractMonth("due_date"))
            .values("m")
            .annotate(total=Count("pk"), done=Count("pk", filter=counts_as_done()))
            .order_by("m")
        ]

    def month_activities(self, month_start: dt.date) -> tuple[list[dict], int]:
        next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
        listed = (
            self.tasks.filter(
                LIVE_TASKS, due_date__gte=month_start, due_date__lt=next_month
            )
            .values(
                "activity_id",
                title=F("activity__title"),
                color=F("activity__channel__color"),
                channel_name=F("activity__channel__name"),
            )
            .annotate(
                units=Count("unit", distinct=True),
                first_due=Min("due_date"),
                total=Count("pk"),
                done=Count("pk", filter=counts_as_done()),
            )
            .order_by("first_due", "title")
        )
        return _first_and_count(listed)

    def overdue_by_unit(self) -> list[dict[str, Any]]:
        return list(
            self.tasks.overdue(self.today)
            .values("unit__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "unit__name")[:UNITS_LISTED]
        )


MONTH_LISTED = 12


def _first_and_count(
    rows: QuerySet, counted: QuerySet | None = None
) -> tuple[list[dict], int]:
    """The first :data:`MONTH_LISTED` rows, and how many there are in all
    (counted, on ``counted`` if given, only when the page is full)."""
    first = list(rows[:MONTH_LISTED])
    if len(first) < MONTH_LISTED:
        return first, len(first)
    return first, (rows if counted is None else counted).count()


def dashboard_figures(
    *, user: User, plan: Plan | None, today: dt.date
) -> DistrictFigures | UnitFigures:
    """The source of the dashboard's figures for ``user``: the counters for
    the district roles, their units' tasks for the others."""
    if user.sees_whole_district:
        return DistrictFigures(plan, today)
    return UnitFigures(_scope(user, plan), plan, today)


def _scope(user: User, plan: Plan | None) -> TaskQuerySet:
    tasks = Task.objects.visible_to(user)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    return tasks


@dataclass
class Dashboard:
    plan: Plan | None
    today: dt.date
    overall: Progress
    due_soon: int
    month_activities: list[dict[str, Any]]
    month_activity_count: int
    overdue_by_unit: list[dict[str, Any]]
    by_channel: list[Progress]
    by_audience: list[Progress]
    by_month: list[dict[str, Any]]
    upcoming: list[dict[str, Any]]
    overdue_tasks: list[Task]
    upcoming_tasks: list[Task]

    def chart_data(self) -> dict[str, Any]:
        return {
            "overdueByUnit": {
                "labels": [row["unit__name"] for row in self.overdue_by_unit],
                "values": [row["n"] for row in self.overdue_by_unit],
            },
            "byChannel": _chart_progress(self.by_channel),
            "byAudience": _chart_progress(self.by_audience),
            "byMonth": {
                "labels": [row["month"] for row in self.by_month],
                "total": [row["total"] for row in self.by_month],
                "done": [row["done"] for row in self.by_month],
            },
        }


def _chart_progress(rows: Iterable[Progress]) -> dict[str, list[Any]]:
    rows = list(rows)
    return {
        "labels": [row.label for row in rows],
        "colors": [row.color or "#0d6efd" for row in rows],
        "done": [row.done for row in rows],
        "overdue": [row.overdue for row in rows],
        "ahead": [row.not_yet_due for row in rows],
    }


def dashboard(
    *, user: User, plan: Plan | None, today: dt.date | None = None
) -> Dashboard:
    """What the dashboard shows, scoped to what the user may see."""
    today = today or timezone.localdate()
    tasks = _scope(user, plan)
    figures = dashboard_figures(user=user, plan=plan, today=today)
    month_activities, month_count = figures.month_activities(today.replace(day=1))
    upcoming = list(
        tasks.open()
        .filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=14))
        .values(
            "activity_id",
            "due_date",
            title=F("activity__title"),
            color=F("activity__channel__color"),
        )
        .annotate(units=Count("pk"), unit_name=Min("unit__name"))
        .order_by("due_date", "title")[:15]
    )
    overdue_tasks: list[Task] = []
    upcoming_tasks: list[Task] = []
    if not user.sees_whole_district:
        listed = tasks.select_related("unit", "activity__channel")
        overdue_tasks = list(listed.overdue(today).order_by("due_date")[:20])
        upcoming_tasks = list(
            listed.open().filter(due_date__gte=today).order_by("due_date")[:20]
        )
    return Dashboard(
        plan=plan,
        today=today,
        overall=figures.overall(),
        due_soon=figures.due_soon(),
        month_activities=month_activities,
        month_activity_count=month_count,
        overdue_by_unit=figures.overdue_by_unit(),
        by_channel=figures.by_channel(channel_labels()),
        by_audience=figures.by_audience(audience_labels()),
        by_month=figures.by_month(),
        upcoming=upcoming,
        overdue_tasks=overdue_tasks,
        upcoming_tasks=upcoming_tasks,
    )
