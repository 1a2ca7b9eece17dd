"""The grouped queries every figure of the report folds from.

A fixed number of queries whatever the size of the year: the plan's activities,
one "cube" of tasks (activity x unit x quarter x tracking category), one of
progress reports, the evidence per activity, and one query per many-to-many
dimension (audience groups, objectives). :mod:`reports.breakdowns` folds them
into the summary and every breakdown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, NamedTuple, cast

from django.db.models import (
    Count,
    ManyToManyField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractQuarter

from campaigns.as_of import value_on
from campaigns.models import Activity, Plan, ProgressReport, Task

from .figures import Output, TaskCounts
from .periods import Period
from .tracking import Tracking, cancelled_by, done_by, tracking_expression

# Rows read at a time from a cube's cursor.
CUBE_CHUNK = 5_000

EVIDENCE_LINK = r"\S"  # evidence_links holding anything but blanks


def _has_evidence() -> Q:
    """A report with a file or a (non-blank) link."""
    return Q(evidence_links__regex=EVIDENCE_LINK) | Q(evidence_files__isnull=False)


class PlanActivity(NamedTuple):
    pk: int
    title: str
    status: str
    channel_id: int
    theme_id: int
    unit_id: int  # the lead unit
    budget: Decimal  # VND, 0 when none is set
    due_date: dt.date
    live_tasks: int  # tasks not cancelled, in the whole plan


# The activity's fields a report reads, as they stood on its as-of day.
ACTIVITY_FIELDS = (
    "title",
    "status",
    "channel_id",
    "theme_id",
    "lead_unit_id",
    "budget",
    "due_date",
)


def plan_activities(
    plan: Plan | None,
    as_of: dt.date,
    activities: QuerySet[Activity] | None = None,
) -> dict[int, PlanActivity]:
    """The plan's activities (or those of ``activities``, of the plan) by id,
    with their budget and live task count, as they stood at the end of
    ``as_of`` (one query)."""
    if plan is None:
        return {}
    if activities is None:
        activities = Activity.objects.filter(plan=plan)
    live = (
        Task.objects.filter(activity=OuterRef("pk"))
        .exclude(cancelled_by(as_of))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        activities.order_by()
        .annotate(
            **{
                f"then_{name}": value_on(Activity, name, as_of)
                for name in ACTIVITY_FIELDS
            },
            live=Coalesce(Subquery(live), 0),
        )
        .values_list("pk", *(f"then_{name}" for name in ACTIVITY_FIELDS), "live")
    )
    return {
        row[0]: PlanActivity._make((*row[:6], row[6] or Decimal(0), *row[7:]))
        for row in rows
    }


def activity_links(
    plan: Plan | None, relation: str, *, activity_ids: Collection[int] | None = None
) -> dict[int, list[int]]:
    """Activity id -> ids of its audience groups or objectives (``relation``, a
    many-to-many field of Activity; one query), of the plan's activities or of
    ``activity_ids``. Missing ids read as []."""
    result: dict[int, list[int]] = defaultdict(list)
    if plan is None:
        return result
    field_ = cast("ManyToManyField[Any, Any]", Activity._meta.get_field(relation))
    # The auto-created model of the table: its manager is the default one.
    through = cast("type[Model]", field_.remote_field.through)
    target = f"{field_.m2m_reverse_field_name()}_id"
    links = through._default_manager.filter(activity__plan=plan)
    if activity_ids is not None:
        links = links.filter(activity_id__in=activity_ids)
    for activity_id, key in links.order_by().values_list("activity_id", target):
        result[activity_id].append(key)
    return result


def _compact(values: dict[str, Any], kind: type) -> dict[str, object]:
    """``values`` with every ``kind`` dataclass (alone or the values of a
    dict) replaced by the tuple of its fields."""
    names = [f.name for f in fields(kind)]

    def flat(item: Any) -> Any:
        return tuple(getattr(item, name) for name in names)

    state: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, kind):
            state[name] = flat(value)
        elif isinstance(value, dict):
            state[name] = {
                key: flat(item) if isinstance(item, kind) else item
                for key, item in value.items()
            }
        else:
            state[name] = value
    return state


def _expand(target: dict[str, Any], state: dict[str, Any], kind: type) -> None:
    """The reverse of :func:`_compact`, into the defaults of ``target``."""
    for name, value in state.items():
        if isinstance(value, tuple):
            target[name] = kind(*value)
        elif isinstance(value, dict):
            target[name].update(
                (key, kind(*item) if isinstance(item, tuple) else item)
                for key, item in value.items()
            )
        else:
            target[name] = value


def _counts() -> defaultdict[int, TaskCounts]:
    return defaultdict(TaskCounts)


def _money() -> defaultdict[int, Decimal]:
    return defaultdict(Decimal)


@dataclass
class TaskCube:
    """The period's tasks by activity, by unit and by quarter (1-4), and the
    planned spend (VND, unrounded) each carries: an activity's budget shared
    evenly by its live tasks. Missing keys read as zero."""

    per_activity: defaultdict[int, TaskCounts] = field(default_factory=_counts)
    per_unit: defaultdict[int, TaskCounts] = field(default_factory=_counts)
    per_quarter: defaultdict[int, TaskCounts] = field(default_factory=_counts)
    cost_activity: defaultdict[int, Decimal] = field(default_factory=_money)
    cost_unit: defaultdict[int, Decimal] = field(default_factory=_money)
    cost_quarter: defaultdict[int, Decimal] = field(default_factory=_money)

    # Cached by part of the plan (reports.parts): stored as tuples of values,
    # which unpickle several times faster than thousands of dataclasses.
    def __getstate__(self) -> dict[str, object]:
        return _compact(self.__dict__, TaskCounts)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(TaskCube().__dict__)
        _expand(self.__dict__, state, TaskCounts)

    def merge(self, other: TaskCube) -> None:
        """Add ``other``'s tasks and spend (of other activities) to these."""
        self.per_activity.update(other.per_activity)
        self.cost_activity.update(other.cost_activity)
        for mine, theirs in (
            (self.per_unit, other.per_unit),
            (self.per_quarter, other.per_quarter),
        ):
            for key, counts in theirs.items():
                mine[key].merge(counts)
        for mine_money, their_money in (
            (self.cost_unit, other.cost_unit),
            (self.cost_quarter, other.cost_quarter),
        ):
            for key, amount in their_money.items():
                mine_money[key] += amount


def _whole(_activity_id: int) -> int:
    return 0


def task_cube(
    tasks: QuerySet[Task],
    *,
    as_of: dt.date,
    period: Period,
    activities: dict[int, PlanActivity],
) -> TaskCube:
    """``tasks`` (the period's) counted by how each stood on ``as_of``, in one
    query of at most activities x units x quarters x 5 categories rows."""
    cubes = task_cubes(tasks, as_of=as_of, period=period, activities=activities)
    return cubes.get(0, TaskCube())


def task_cubes(
    tasks: QuerySet[Task],
    *,
    as_of: dt.date,
    period: Period,
    activities: dict[int, PlanActivity],
    split: Callable[[int], int] = _whole,
) -> defaultdict[int, TaskCube]:
    """:func:`task_cube`, one cube per group of activities: ``split`` gives an
    activity id's group (all in group 0 by default); same single query."""
    cubes: defaultdict[int, TaskCube] = defaultdict(TaskCube)
    rows = (
        tasks.annotate(
            tracking=tracking_expression(as_of), quarter=ExtractQuarter("due_date")
        )
        .values("activity_id", "unit_id", "quarter", "tracking")
        .annotate(n=Count("pk"), planned=Sum("planned_output"))
        .order_by()
        .values_list("activity_id", "unit_id", "quarter", "tracking", "n", "planned")
    )
    # Streamed: at ten times the data the cube is some 200,000 rows, and read
    # whole it raised a web worker's memory for the rest of its life (Python
    # peak 100 MiB against 37; PostgreSQL runs a cursor's query without
    # parallel workers, which costs some 0.6 s of the 4.5 s at that scale).
    for activity_id, unit_id, quarter, tracking, n, planned in rows.iterator(
        chunk_size=CUBE_CHUNK
    ):
        cube = cubes[split(activity_id)]
        args = (tracking, n, planned or 0)
        cube.per_activity[activity_id].add(*args)
        cube.per_unit[unit_id].add(*args)
        cube.per_quarter[quarter].add(*args)
        activity = activities[activity_id]
        if tracking != Tracking.CANCELLED and activity.live_tasks:
            share = activity.budget * n / activity.live_tasks
            cube.cost_activity[activity_id] += share
            cube.cost_unit[unit_id] += share
            cube.cost_quarter[quarter] += share
    # An active activity with a budget but no live task: its whole budget falls
    # in the period holding its due date.
    for activity in activities.values():
        if (
            not activity.live_tasks
            and activity.status == Activity.Status.ACTIVE
            and period.contains(activity.due_date)
        ):
            cubes[split(activity.pk)].cost_activity[activity.pk] += activity.budget
    return cubes


def _outputs() -> defaultdict[int, Output]:
    return defaultdict(Output)


@dataclass
class OutputCube:
    """What the reports that count say was produced, reached and spent: in
    all, by activity, by unit and by quarter (1-4). Missing keys read as zero."""

    total: Output = field(default_factory=Output)
    per_activity: defaultdict[int, Output] = field(default_factory=_outputs)
    per_unit: defaultdict[int, Output] = field(default_factory=_outputs)
    per_quarter: defaultdict[int, Output] = field(default_factory=_outputs)

    def __getstate__(self) -> dict[str, object]:
        return _compact(self.__dict__, Output)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(OutputCube().__dict__)
        _expand(self.__dict__, state, Output)

    def merge(self, other: OutputCube) -> None:
        """Add ``other``'s outputs (of other activities) to these."""
        self.total.merge(other.total)
        self.per_activity.update(other.per_activity)
        for mine, theirs in (
            (self.per_unit, other.per_unit),
            (self.per_quarter, other.per_quarter),
        ):
            for key, output in theirs.items():
                mine[key].merge(output)


# A report's figures, read as they stood on the report's as-of day.
OUTPUT_FIELDS = ("actual_output", "participants", "reach", "actual_cost")


def output_cube(reports: QuerySet[ProgressReport], as_of: dt.date) -> OutputCube:
    """``reports`` (those that count, :func:`reports.selectors.period_reports`)
    summed by their task's activity, unit and due quarter, each report's
    figures as they stood at the end of ``as_of``, in one query."""
    return output_cubes(reports, as_of).get(0, OutputCube())


def output_cubes(
    reports: QuerySet[ProgressReport],
    as_of: dt.date,
    *,
    split: Callable[[int], int] = _whole,
) -> defaultdict[int, OutputCube]:
    """:func:`output_cube`, one cube per group of activities (``split`` gives
    an activity id's group); same single query."""
    cubes: defaultdict[int, OutputCube] = defaultdict(OutputCube)
    then = {name: value_on(ProgressReport, name, as_of) for name in OUTPUT_FIELDS}
    for activity_id, unit_id, quarter, *args in (
        reports.annotate(quarter=ExtractQuarter("task__due_date"))
        .values("task__activity_id", "task__unit_id", "quarter")
        .annotate(
            actual=Sum(then["actual_output"]),
            participants=Sum(then["participants"]),
            reach=Sum(then["reach"]),
            cost=Sum(then["actual_cost"]),
        )
        .order_by()
        .values_list(
            "task__activity_id",
            "task__unit_id",
            "quarter",
            "actual",
            "participants",
            "reach",
            "cost",
        )
        .iterator(chunk_size=CUBE_CHUNK)
    ):
        cube = cubes[split(activity_id)]
        for bucket, key in (
            (cube.per_activity, activity_id),
            (cube.per_unit, unit_id),
            (cube.per_quarter, quarter),
        ):
            bucket[key].add(*args)
        cube.total.add(*args)
    return cubes


def evidence_per_activity(
    reports: QuerySet[ProgressReport], as_of: dt.date
) -> dict[int, int]:
    """Activity id -> its tasks done by ``as_of`` with evidence (a file or a
    link) in ``reports`` (those that count); activities without are left out."""
    return dict(
        reports.filter(done_by(as_of, "task__"))
        .filter(_has_evidence())
        .values("task__activity_id")
        .annotate(n=Count("task", distinct=True))
        .order_by()
        .values_list("task__activity_id", "n")
    )
