"""The progress counters of one task, moved in place by the services that
write on one task (a report filed or corrected, the task started, done,
reopened, a review): the task's figures read under its lock before the write
and known after it give the counter buckets it leaves and enters, without
counting the task before and after (:func:`campaigns.tallies.tallies_kept`,
which the writes of many tasks keep)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import F

from .activity_months import activity_months_rewrite
from .models import Activity, ActivityMonth, Task, TaskTally
from .tallies import TallyKey, tallies_add, tallies_in_a_block

Dimension = TaskTally.Dimension


class TaskFigures(NamedTuple):
    """Where one task counts: what a write on a single task may change
    (status, acceptance, a report waiting) and what it does not (the rest)."""

    plan_id: int
    activity_id: int
    unit_id: int
    channel_id: int
    due_date: dt.date
    status: str
    accepted: bool
    awaiting: bool


def task_figures(task: Task, *, awaiting: bool) -> TaskFigures:
    """The figures of ``task`` as it is in memory (its activity loaded)."""
    return TaskFigures(
        task.plan_id,
        task.activity_id,
        task.unit_id,
        task.activity.channel_id,
        task.due_date,
        task.status,
        task.accepted_at is not None,
        awaiting,
    )


def _task_keys(figures: TaskFigures, groups: Iterable[int]) -> Counter[TallyKey]:
    plan, status = figures.plan_id, figures.status
    state = (status, figures.accepted, figures.awaiting)
    due, month = figures.due_date, figures.due_date.replace(day=1)
    keys = Counter(
        [
            TallyKey(plan, Dimension.CHANNEL, figures.channel_id, due, *state),
            TallyKey(plan, Dimension.UNIT, figures.unit_id, due, *state),
            TallyKey(plan, Dimension.UNIT_MONTH, figures.unit_id, month, *state),
        ]
    )
    keys.update(TallyKey(plan, Dimension.AUDIENCE, g, due, *state) for g in groups)
    return keys


def tallies_task_moved(before: TaskFigures, after: TaskFigures) -> None:
    """Move one task's counts from ``before`` to ``after``, in place: an upsert
    of the changed counters and a delete of those left at zero (two queries and
    one for the activity's audience groups), and the activity month's figures
    updated (one query; its rewrite when the task enters or leaves the
    cancelled status).

    The caller holds the task's row lock and read ``before`` under it, so a
    concurrent write of the same task counts from what this one wrote; the
    additions commute with those of other tasks. Inside a
    :func:`tallies_kept` block this does nothing: the block counts.
    """
    if before == after or tallies_in_a_block():
        return
    groups = list(
        Activity.audience_groups.through.objects.filter(
            activity_id=after.activity_id
        ).values_list("audiencegroup_id", flat=True)
    )
    old, new = _task_keys(before, groups), _task_keys(after, groups)
    tallies_add({key: new[key] - old[key] for key in old.keys() | new.keys()})
    _activity_month_moved(before, after)


def _activity_month_moved(before: TaskFigures, after: TaskFigures) -> None:
    """One task moved from ``before`` to ``after``: its activity month's
    done and accepted figures by one ``UPDATE``, or the month rewritten when
    the task enters or leaves the cancelled status or changes place."""
    month = after.due_date.replace(day=1)
    cancelled = Task.Status.CANCELLED
    same_place = (before.activity_id, before.due_date, before.unit_id) == (
        after.activity_id,
        after.due_date,
        after.unit_id,
    )
    if same_place and cancelled not in (before.status, after.status):

        def done(f: TaskFigures) -> int:
            return int(f.status == Task.Status.DONE)

        def accepted(f: TaskFigures) -> int:
            return int(f.status == Task.Status.DONE and f.accepted)

        more_done, more_accepted = (
            done(after) - done(before),
            accepted(after) - accepted(before),
        )
        if not (more_done or more_accepted):
            return
        updated = ActivityMonth.objects.filter(
            activity_id=after.activity_id, month=month
        ).update(
            done_tasks=F("done_tasks") + more_done,
            accepted_tasks=F("accepted_tasks") + more_accepted,
        )
        if updated:
            return
    activity_months_rewrite(
        {
            (before.activity_id, before.due_date.replace(day=1)),
            (after.activity_id, month),
        }
    )
