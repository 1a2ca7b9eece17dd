"""Reads of the planning workspace.

Every function here runs a fixed number of queries whatever the size of the
plan: counts are SQL aggregates, labels are fetched once per page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from audiences.models import AudienceGroup
from campaigns.models import (
    Activity,
    Objective,
    Plan,
    Task,
    TaskTally,
    Unit,
    counts_as_done,
    done_awaiting_review,
)
from campaigns.tallies import tally_sums
from channels.models import Channel

LIVE = ~Q(status=Task.Status.CANCELLED)


def task_counts(today: dt.date, prefix: str = "") -> dict[str, Count]:
    """Aggregates every progress figure is made of (cancelled tasks excluded)."""
    status = f"{prefix}status"
    due = f"{prefix}due_date"
    live = ~Q(**{status: Task.Status.CANCELLED})
    done = counts_as_done(prefix)
    is_open = Q(**{f"{status}__in": Task.OPEN_STATUSES})
    return {
        "total": Count("pk", filter=live),
        "done": Count("pk", filter=done),
        "due": Count("pk", filter=live & Q(**{f"{due}__lte": today})),
        "done_due": Count("pk", filter=done & Q(**{f"{due}__lte": today})),
        "overdue": Count("pk", filter=is_open & Q(**{f"{due}__lt": today})),
        "awaiting_review": Count("pk", filter=done_awaiting_review(prefix)),
    }


@dataclass
class Progress:
    """Tasks done against tasks due so far, with what is still ahead."""

    label: str = ""
    total: int = 0
    done: int = 0
    due: int = 0
    done_due: int = 0
    overdue: int = 0
    awaiting_review: int = 0
    color: str = ""
    key: Any = None

    @classmethod
    def of(cls, row: dict[str, Any], **extra: Any) -> Progress:
        return cls(
            total=row.get("total") or 0,
            done=row.get("done") or 0,
            due=row.get("due") or 0,
            done_due=row.get("done_due") or 0,
            overdue=row.get("overdue") or 0,
            awaiting_review=row.get("awaiting_review") or 0,
            **extra,
        )

    @property
    def percent(self) -> int:
        """Share of the tasks due so far that are done."""
        return round(100 * self.done_due / self.due) if self.due else 0

    @property
    def done_pct(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0

    @property
    def overdue_pct(self) -> float:
        return round(100 * self.overdue / self.total, 1) if self.total else 0

    @property
    def open_pct(self) -> float:
        return max(0.0, round(100 - self.done_pct - self.overdue_pct, 1))

    @property
    def not_yet_due(self) -> int:
        return max(0, self.total - self.done - self.overdue)


# --- plans -------------------------------------------------------------------


@dataclass(frozen=True)
class PlanListRow:
    """A line of the plan list: the plan, its activities and its tasks' progress."""

    plan: Plan
    activity_count: int
    progress: Progress


def plan_list(*, today: dt.date) -> list[PlanListRow]:
    """Plans by year, each with its activity count and task progress."""
    plans = list(Plan.objects.order_by("-year", "issuer"))
    activities = dict(
        Activity.objects.values_list("plan").annotate(n=Count("pk")).order_by()
    )
    # From the progress counters: every task counts once in its channel's rows.
    progress = {
        row["plan"]: Progress.of(row)
        for row in TaskTally.objects.filter(dimension=TaskTally.Dimension.CHANNEL)
        .values("plan")
        .annotate(**tally_sums(today))
        .order_by()
    }
    return [
        PlanListRow(
            plan=plan,
            activity_count=activities.get(plan.pk, 0),
            progress=progress.get(plan.pk, Progress()),
        )
        for plan in plans
    ]


@dataclass
class PlanProgress:
    overall: Progress
    by_objective: list[Progress] = field(default_factory=list)
    by_channel: list[Progress] = field(default_factory=list)
    by_audience: list[Progress] = field(default_factory=list)
    by_unit: list[Progress] = field(default_factory=list)


COUNT_FIELDS = ("total", "done", "due", "done_due", "overdue", "awaiting_review")


class ActivityCounts:
    """Task counts per activity, read in one scan of the tasks, then summed by
    channel, objective or audience group in Python (each of those groupings as
    its own SQL aggregate would scan the plan's tasks again)."""

    def __init__(self, tasks: QuerySet[Task], today: dt.date) -> None:
        # Grouped by the task's own column: joining the activities for their
        # channel doubled the query's time (23 against 50 ms on the benchmark
        # data); channels come from _channel_links instead.
        rows = tasks.values("activity_id").annotate(**task_counts(today)).order_by()
        self.rows = {row["activity_id"]: row for row in rows}

    def overall(self) -> Progress:
        return progress_sum(self.rows.values())

    def by_link(
        self, links: Iterable[tuple[int, int]], labels: dict[Any, tuple[str, str]]
    ) -> list[Progress]:
        """Group by a many-to-many link (activity id, other id): an activity's
        tasks count once in each group it belongs to."""
        groups: dict[Any, list[dict[str, Any]]] = {}
        for activity_id, key in links:
            row = self.rows.get(activity_id)
            if row is not None:
                groups.setdefault(key, []).append(row)
        return progress_labelled(groups, labels)


def progress_sum(rows: Iterable[dict[str, Any]], **extra: Any) -> Progress:
    totals = dict.fromkeys(COUNT_FIELDS, 0)
    for row in rows:
        for name in COUNT_FIELDS:
            totals[name] += row[name] or 0
    return Progress.of(totals, **extra)


def progress_labelled(
    groups: dict[Any, list[dict[str, Any]]], labels: dict[Any, tuple[str, str]]
) -> list[Progress]:
    """One :class:`Progress` per label (in the labels' order), those with tasks."""
    result = []
    for pk, (label, color) in labels.items():
        progress = progress_sum(groups.get(pk, ()), label=label, color=color, key=pk)
        if progress.total:
            result.append(progress)
    return result


def _links(model: Any, column: str, plan: Plan | None) -> QuerySet[Any]:
    rows = model.objects.all()
    if plan is not None:
        rows = rows.filter(activity__plan=plan)
    return rows.values_list("activity_id", column)


def channel_and_audience_links(
    plan: Plan | None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(activity id, channel id) and (activity id, audience group id) pairs of
    the plan's activities, read in one query."""
    rows = Activity.objects.order_by()
    if plan is not None:
        rows = rows.filter(plan=plan)
    channels: dict[int, int] = {}
    audiences: list[tuple[int, int]] = []
    for pk, channel_id, audience_id in rows.values_list(
        "pk", "channel_id", "audience_groups"
    ):
        channels[pk] = channel_id
        if audience_id is not None:
            audiences.append((pk, audience_id))
    return list(channels.items()), audiences


def channel_labels() -> dict[Any, tuple[str, str]]:
    return {c.pk: (c.name, c.color) for c in Channel.objects.all()}


def audience_labels() -> dict[Any, tuple[str, str]]:
    return {a.pk: (a.name, "") for a in AudienceGroup.objects.all()}


OBJECTIVE_LINKS = Activity.objectives.through


def _plan_tallies(plan: Plan, today: dt.date) -> dict[str, dict[Any, list[dict]]]:
    """The plan's counter rows summed by channel, audience group and unit:
    {"channel": {channel id: [row]}, "audience": {...}, "unit": {unit id: rows}}.

    A unit's tasks are read by month except this month's, by day ("due" and
    "overdue" cut at today, which a whole month before or after this one is
    entirely on one side of): some 4,000 rows at scale 1 instead of 18,000
    by day or 30,000 tasks."""
    month_start = today.replace(day=1)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    rows = (
        TaskTally.objects.filter(plan=plan)
        .filter(
            Q(dimension__in=(TaskTally.Dimension.CHANNEL, TaskTally.Dimension.AUDIENCE))
            | (Q(dimension=TaskTally.Dimension.UNIT_MONTH) & ~Q(due_date=month_start))
            | Q(
                dimension=TaskTally.Dimension.UNIT,
                due_date__gte=month_start,
                due_date__lt=next_month,
            )
        )
        .values("dimension", "key_id")
        .annotate(**tally_sums(today))
        .order_by()
    )
    groups: dict[str, dict[Any, list[dict]]] = {
        TaskTally.Dimension.CHANNEL: {},
        TaskTally.Dimension.AUDIENCE: {},
        TaskTally.Dimension.UNIT: {},
    }
    for row in rows:
        dimension = row["dimension"]
        if dimension == TaskTally.Dimension.UNIT_MONTH:
            dimension = TaskTally.Dimension.UNIT
        groups[dimension].setdefault(row["key_id"], []).append(row)
    return groups


def plan_progress(*, plan: Plan, today: dt.date) -> PlanProgress:
    """The plan's progress: overall and by objective from one scan of its
    tasks (an objective's figures are its activities'), by channel, audience
    group and unit from the progress counters."""
    counts = ActivityCounts(Task.objects.filter(plan=plan), today)
    objectives = {
        o.pk: (f"{o.order}. {o.description}" if o.order else o.description, "")
        for o in plan.objectives.all()
    }
    tallies = _plan_tallies(plan, today)
    units = {u.pk: (u.name, "") for u in Unit.objects.all()}
    by_unit = progress_labelled(tallies[TaskTally.Dimension.UNIT], units)
    by_unit.sort(key=lambda p: (p.percent, -p.overdue))
    return PlanProgress(
        overall=counts.overall(),
        by_objective=counts.by_link(
            _links(OBJECTIVE_LINKS, "objective_id", plan), objectives
        ),
        by_channel=progress_labelled(
            tallies[TaskTally.Dimension.CHANNEL], channel_labels()
        ),
        by_audience=progress_labelled(
            tallies[TaskTally.Dimension.AUDIENCE], audience_labels()
        ),
        by_unit=by_unit,
    )


def plan_detail(*, plan_id: int) -> Plan:
    return (
        Plan.objects.prefetch_related("objectives", "themes")
        .annotate(activity_count=Count("activities"))
        .get(pk=plan_id)
    )


def plan_history(*, plan: Plan, limit: int = 20) -> list[Any]:
    return list(
        plan.history.select_related("history_user").order_by("-history_date")[:limit]
    )


# --- activities --------------------------------------------------------------


def activity_list_queryset() -> QuerySet[Activity]:
    """Activities with what a list row shows (no per-row query)."""
    tasks = Task.objects.filter(activity=OuterRef("pk")).exclude(
        status=Task.Status.CANCELLED
    )
    return Activity.objects.select_related(
        "plan", "theme", "channel", "lead_unit"
    ).annotate(
        supporting_count=_subquery_count(
            Activity.supporting_units.through.objects.filter(activity=OuterRef("pk"))
        ),
        task_total=_subquery_count(tasks),
        task_done=_subquery_count(tasks.filter(counts_as_done())),
    )


def _subquery_count(rows: QuerySet[Any]) -> Any:
    """COUNT(*) of ``rows`` (filtered on the outer activity) as a column, so the
    list needs no GROUP BY over every activity to count and paginate."""
    counted = rows.order_by().values("activity").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def activity_detail(*, activity_id: int) -> Activity:
    return (
        Activity.objects.select_related(
            "plan", "theme", "channel", "lead_unit", "created_by"
        )
        .prefetch_related("supporting_units", "audience_groups", "objectives")
        .get(pk=activity_id)
    )


def activity_tasks(*, activity: Activity) -> list[Task]:
    return list(
        activity.tasks.select_related("unit")
        .annotate(report_count=Count("reports"))
        .order_by("due_date", "-is_lead", "unit__order", "unit__name")
    )


def objective_choices(*, plan: Plan) -> QuerySet[Objective]:
    return plan.objectives.all()
