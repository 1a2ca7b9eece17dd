"""An activity's tasks brought in line with it: one task per unit and due date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ..lifecycle import plan_lock_for_write
from ..models import Activity, ProgressReport, Task
from ..revisions import activity_touch
from ..tallies import activity_tasks_scope, tallies_kept

if TYPE_CHECKING:
    from ..models.tasks import TaskWithReportFlag


@dataclass
class ExpansionResult:
    """What an expansion did; the activity form shows these counts."""

    created: list[Task] = field(default_factory=list)
    changed: int = 0
    kept: int = 0
    removed: int = 0

    @property
    def created_count(self) -> int:
        return len(self.created)


@dataclass
class ScheduleSummary:
    """Counts of one or many expansions, for the message after a save."""

    created: int = 0
    changed: int = 0
    kept: int = 0
    removed: int = 0
    created_tasks: list[Task] = field(default_factory=list)

    def add(self, result: ExpansionResult) -> None:
        self.created += result.created_count
        self.changed += result.changed
        self.kept += result.kept
        self.removed += result.removed
        self.created_tasks.extend(result.created)

    def merge(self, other: ScheduleSummary) -> None:
        """Add the counts of another summary (an import sums its activities')."""
        self.created += other.created
        self.changed += other.changed
        self.kept += other.kept
        self.removed += other.removed
        self.created_tasks.extend(other.created_tasks)

    def message(self) -> str:
        return _(
            "Tasks: %(created)s created, %(changed)s changed, %(kept)s kept, "
            "%(removed)s removed."
        ) % {
            "created": self.created,
            "changed": self.changed,
            "kept": self.kept,
            "removed": self.removed,
        }


def _desired_schedule(activity: Activity) -> dict[int, tuple[bool, list[dt.date]]]:
    """Unit id -> (is lead, due dates) as the activity now stands."""
    dates = activity.occurrence_dates()
    schedule = {activity.lead_unit_id: (True, dates)}
    for unit in activity.supporting_units.all():
        schedule.setdefault(unit.pk, (False, dates))
    return schedule


@transaction.atomic
def activity_expand_tasks(
    *, activity: Activity, today: dt.date | None = None
) -> ExpansionResult:
    """Bring the activity's tasks in line with its dates, recurrence and units.

    Idempotent: a second run changes nothing. Dates before ``today`` are history:
    their tasks are neither created, moved nor removed, except on the first
    expansion of an activity (a plan entered after the fact gets its whole year).
    A task that is done, cancelled or has a progress report is never moved or
    removed. Movable future tasks are re-dated in order before any is removed, so
    that a change of schedule keeps task ids (and their notifications).
    """
    activity.plan = plan_lock_for_write(activity.plan_id)
    activity_touch(activity)
    with tallies_kept(activity_tasks_scope(activity)):
        return _expand(activity, today or timezone.localdate())


def _expand(activity: Activity, today: dt.date) -> ExpansionResult:
    # The plugin loses the annotation through the custom queryset: named here.
    existing = cast(
        "list[TaskWithReportFlag]",
        list(
            activity.tasks.select_for_update()
            .annotate(
                has_report=Exists(ProgressReport.objects.filter(task=OuterRef("pk")))
            )
            .order_by("due_date", "pk")
        ),
    )
    first_expansion = not existing
    result = ExpansionResult()
    # Task.plan mirrors the activity's plan; an activity moved to another plan
    # takes its tasks along (the only place a task's plan is written).
    stale = [task for task in existing if task.plan_id != activity.plan_id]
    if stale:
        for task in stale:
            task.plan_id = activity.plan_id
            task.save(update_fields=["plan", "updated_at"])

    if activity.status == Activity.Status.CANCELLED:
        # Every open task goes, past-due and reported ones included: cancelled
        # is never overdue, and the reports themselves are kept.
        for task in existing:
            if task.is_open:
                task.status = Task.Status.CANCELLED
                task.save(update_fields=["status", "updated_at"])
                result.changed += 1
            else:
                result.kept += 1
        return result

    schedule = _desired_schedule(activity)
    by_unit: dict[int, list[TaskWithReportFlag]] = defaultdict(list)
    for task in existing:
        by_unit[task.unit_id].append(task)

    for unit_id in set(schedule) | set(by_unit):
        is_lead, dates = schedule.get(unit_id, (False, []))
        planned = activity.planned_output if is_lead else 0
        wanted = set(dates)
        movable: list[Task] = []
        for task in by_unit.get(unit_id, []):
            if task.due_date in wanted:
                wanted.discard(task.due_date)
                if task.is_open and (task.is_lead, task.planned_output) != (
                    is_lead,
                    planned,
                ):
                    task.is_lead, task.planned_output = is_lead, planned
                    task.save(update_fields=["is_lead", "planned_output", "updated_at"])
                    result.changed += 1
                else:
                    result.kept += 1
            elif (
                task.status == Task.Status.TODO
                and not task.has_report
                and task.due_date >= today
            ):
                movable.append(task)
            else:
                result.kept += 1

        missing = sorted(day for day in wanted if first_expansion or day >= today)
        for moved, day in zip(movable, missing, strict=False):
            moved.due_date, moved.is_lead, moved.planned_output = day, is_lead, planned
            moved.save(
                update_fields=["due_date", "is_lead", "planned_output", "updated_at"]
            )
            result.changed += 1
        for extra in movable[len(missing) :]:
            extra.delete()
            result.removed += 1
        result.created.extend(
            Task(
                activity=activity,
                plan_id=activity.plan_id,
                unit_id=unit_id,
                due_date=day,
                is_lead=is_lead,
                planned_output=planned,
            )
            for day in missing[len(movable) :]
        )

    if result.created:
        result.created = bulk_create_with_history(result.created, Task)
    return result
