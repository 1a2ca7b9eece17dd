"""The report's cubes by part of the plan (:mod:`campaigns.revisions`).

A plan's activities fall in :data:`~campaigns.revisions.PARTS` parts by id. The
figures a report folds (:mod:`reports.cubes`) are computed for any set of parts
in the same fixed number of queries, split by part, so that each part can be
cached under its own revision: after a write to one activity's tasks a report
recomputes that activity's part alone and reads the others from the cache.
Everything here is ids and numbers; names are read when the report is folded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import F, QuerySet, Window
from django.db.models.functions import Mod, RowNumber

from campaigns.as_of import value_on
from campaigns.models import Activity, Plan, ProgressReport, Task, Unit
from campaigns.revisions import ALL_PARTS, PARTS, part_of

from .breakdowns import Folded, fold_activities
from .cubes import (
    OutputCube,
    PlanActivity,
    TaskCube,
    activity_links,
    evidence_per_activity,
    output_cubes,
    plan_activities,
    task_cubes,
)
from .periods import Period
from .tracking import overdue_as_of


class OverdueKey(NamedTuple):
    """Where an overdue task comes in the report's list (its unit named as on
    the as-of day), and its id."""

    due_date: dt.date
    unit_order: int
    unit_name: str
    pk: int


@dataclass
class PartFigures:
    """The cubes of the activities of one part (or of several, merged)."""

    activities: dict[int, PlanActivity] = field(default_factory=dict)
    tasks: TaskCube = field(default_factory=TaskCube)
    outputs: OutputCube = field(default_factory=OutputCube)
    evidence: dict[int, int] = field(default_factory=dict)
    audiences: defaultdict[int, list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    objectives: defaultdict[int, list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # The part's activities folded (:func:`reports.breakdowns.fold_activities`,
    # the budget not rounded); the links and evidence above are then dropped.
    folded: Folded = field(default_factory=lambda: Folded(in_period=set()))
    # The first ``limit`` overdue tasks of the part, in the list's order.
    overdue: list[OverdueKey] = field(default_factory=list)

    def __getstate__(self) -> dict[str, object]:
        # The default factories are lambdas: stored as plain dicts.
        state = dict(self.__dict__)
        state["audiences"] = dict(self.audiences)
        state["objectives"] = dict(self.objectives)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.audiences = defaultdict(list, self.audiences)
        self.objectives = defaultdict(list, self.objectives)


def parts_merge(parts: Iterable[PartFigures], *, limit: int) -> PartFigures:
    """The figures of several parts as one (their activities are disjoint)."""
    merged = PartFigures()
    overdue: list[OverdueKey] = []
    for part in parts:
        merged.activities.update(part.activities)
        merged.tasks.merge(part.tasks)
        merged.folded.merge(part.folded)
        merged.outputs.merge(part.outputs)
        merged.evidence.update(part.evidence)
        merged.audiences.update(part.audiences)
        merged.objectives.update(part.objectives)
        overdue.extend(part.overdue)
    merged.overdue = sorted(overdue)[:limit]
    return merged


def _overdue_keys(
    tasks: QuerySet[Task], as_of: dt.date, limit: int
) -> list[tuple[int, OverdueKey]]:
    """The first ``limit`` overdue tasks of each part, with their part: those
    the overdue figure counts (:func:`campaigns.figures.overdue_as_of`), never
    one done, awaiting review or cancelled then."""
    ranked = (
        overdue_as_of(tasks, as_of)
        .annotate(unit_then=value_on(Unit, "name", as_of, "unit__"))
        .annotate(
            part=Mod("activity_id", PARTS),
            place=Window(
                RowNumber(),
                partition_by=Mod("activity_id", PARTS),
                order_by=(
                    F("due_date").asc(),
                    F("unit__order").asc(),
                    F("unit_then").asc(),
                    F("pk").asc(),
                ),
            ),
        )
        .filter(place__lte=limit)
        .order_by()
        .values_list("part", "due_date", "unit__order", "unit_then", "pk")
    )
    return [
        (int(part), OverdueKey(due, order, name, pk))
        for part, due, order, name, pk in ranked
    ]


def parts_compute(
    plan: Plan,
    period: Period,
    as_of: dt.date,
    *,
    tasks: QuerySet[Task],
    reports: QuerySet[ProgressReport],
    parts: Iterable[int] = ALL_PARTS,
    limit: int,
) -> dict[int, PartFigures]:
    """The figures of each of ``parts`` of ``plan``'s report: ``tasks`` and
    ``reports`` are those the report counts (of the whole plan); a fixed number
    of queries whatever the number of parts."""
    wanted = set(parts)
    result = {part: PartFigures() for part in wanted}
    every_part = wanted >= set(ALL_PARTS)
    activities_qs = Activity.objects.filter(plan=plan)
    if not every_part:
        activities_qs = activities_qs.alias(part=Mod("pk", PARTS)).filter(
            part__in=wanted
        )
    activities = plan_activities(plan, as_of, activities_qs)
    if not activities:
        return result
    if not every_part:
        ids = list(activities)
        tasks = tasks.filter(activity_id__in=ids)
        reports = reports.filter(task__activity_id__in=ids)
    for pk, activity in activities.items():
        result[part_of(pk)].activities[pk] = activity
    for part, cube in task_cubes(
        tasks, as_of=as_of, period=period, activities=activities, split=part_of
    ).items():
        result[part].tasks = cube
    for part, outputs in output_cubes(reports, as_of, split=part_of).items():
        result[part].outputs = outputs
    for pk, n in evidence_per_activity(reports, as_of).items():
        result[part_of(pk)].evidence[pk] = n
    subset = None if every_part else list(activities)
    for pk, keys in activity_links(
        plan, "audience_groups", activity_ids=subset
    ).items():
        result[part_of(pk)].audiences[pk] = keys
    for pk, keys in activity_links(plan, "objectives", activity_ids=subset).items():
        result[part_of(pk)].objectives[pk] = keys
    for part, key in _overdue_keys(tasks, as_of, limit):
        result[part].overdue.append(key)
    for figures in result.values():
        figures.overdue.sort()
        figures.folded = fold_activities(
            figures.activities,
            figures.tasks,
            figures.outputs,
            period=period,
            evidence=figures.evidence,
            audiences=figures.audiences,
            objectives=figures.objectives,
            rounded=False,
        )
        # Folded: what the report reads no more is not kept.
        figures.evidence, figures.audiences, figures.objectives = (
            {},
            defaultdict(list),
            defaultdict(list),
        )
    return result
