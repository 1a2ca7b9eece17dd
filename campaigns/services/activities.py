"""Writes of activities: save, cancel, and moves on the calendar.

Every task expansion after a change goes through :func:`activity_schedule_tasks`,
so that what must follow a schedule change (notifying the units of new tasks) is
added in one place. Who may act: :func:`campaigns.policy.can_edit_activity`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from audiences.models import AudienceGroup
from notifications.services import notifications_for_new_tasks
from organisation.models import Organisation

from ..history import one_history_entry
from ..lifecycle import plan_lock_for_write
from ..models import Activity, Objective, ProgressReport, Task, Unit
from ..policy import can_edit_activity, require
from ..revisions import activity_touch
from ..tallies import activity_tasks_scope, tallies_kept
from .expansion import ExpansionResult, ScheduleSummary, activity_expand_tasks
from .handover import activity_hand_down, handover_check_targets

if TYPE_CHECKING:
    from ..models.tasks import TaskWithReportFlag

# Fields whose change alters an activity's tasks; other edits leave tasks alone
# (so an occurrence moved on the calendar keeps its new day).
SCHEDULE_FIELDS = (
    "start_date",
    "due_date",
    "recurrence",
    "shift_off_days",
    "lead_unit_id",
    "planned_output",
    "status",
)


def activity_schedule_tasks(
    *, activity: Activity, today: dt.date | None = None
) -> ExpansionResult:
    """Bring an activity's tasks in line with it: the one entry point.

    Called after a save or an import; the heads of the units get one
    notification per activity for the tasks just created, unless the plan is a
    draft (its tasks are invisible to units: they hear of them when it is issued).
    """
    result = activity_expand_tasks(activity=activity, today=today)
    if not activity.plan.is_draft:
        notifications_for_new_tasks(tasks=result.created)
    return result


@transaction.atomic
def activity_cancel(*, activity: Activity, user: User) -> ExpansionResult:
    """Cancel an activity and every open task of it, past-due ones included.

    What the admin offers instead of deleting an activity with reported work:
    the reports stay, the tasks stop counting as overdue. ``PermissionDenied``
    for anyone who may not edit the activity.
    """
    require(can_edit_activity, user, activity)
    plan = plan_lock_for_write(activity.plan_id)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.plan = plan
    activity_touch(activity)
    if activity.status != Activity.Status.CANCELLED:
        activity.status = Activity.Status.CANCELLED
        activity.version += 1
        with override(settings.LANGUAGE_CODE):
            activity._change_reason = _("Cancelled by %(user)s") % {
                "user": user.get_full_name() or user.username
            }
        activity.save(update_fields=["status", "version", "updated_at"])
    expanded = activity_expand_tasks(activity=activity)
    activity_hand_down(activity=activity, user=user)
    return expanded


@dataclass
class ActivitySaveResult:
    activity: Activity
    created: bool
    rescheduled: bool
    summary: ScheduleSummary


def _schedule_signature(
    activity: Activity, supporting: Iterable[int]
) -> tuple[Any, ...]:
    return (
        *(getattr(activity, name) for name in SCHEDULE_FIELDS),
        frozenset(supporting),
    )


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    audience_groups: Iterable[AudienceGroup],
    objectives: Iterable[Objective],
    supporting_units: Iterable[Unit],
    expected_version: int | None,
    user: User,
    today: dt.date | None = None,
    handed_to: Iterable[Organisation] | None = None,
) -> ActivitySaveResult:
    """Create or update an activity, then expand its tasks if its schedule changed.

    ``expected_version`` is the version the form was opened at: if someone saved
    the activity since, the save is refused rather than overwriting their work.
    ``handed_to`` (None: unchanged) and ``activity.handed_to_kinds`` name the
    children it is handed down to: in an issued plan they receive it now
    (:mod:`campaigns.services.handover`). ``PermissionDenied`` for anyone who
    may not edit the activity; ``ValidationError`` for a closed plan, a stale
    version, invalid fields, or a target that is not a child.
    """
    require(can_edit_activity, user, activity)
    activity.plan = plan_lock_for_write(activity.plan_id)
    supporting_units = [
        unit for unit in supporting_units if unit.pk != activity.lead_unit_id
    ]
    created = activity.pk is None
    if created:
        activity.created_by = user
        activity.version = 1
        previous = None
    else:
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if current.plan_id != activity.plan_id:
            plan_lock_for_write(current.plan_id)
            activity_touch(current)
        if expected_version is not None and current.version != expected_version:
            raise ValidationError(
                _(
                    "Someone else saved this activity while you were editing it. "
                    "Open it again to see their changes, then redo yours."
                ),
                code="stale",
            )
        previous = _schedule_signature(
            current, current.supporting_units.values_list("pk", flat=True)
        )
        activity.version = current.version + 1
    activity.full_clean(
        exclude=["audience_groups", "objectives", "supporting_units", "handed_to"]
    )
    handed_to = list(handed_to) if handed_to is not None else None
    handover_check_targets(
        plan=activity.plan,
        kinds=activity.handed_kinds,
        organisations=handed_to or [],
    )
    # Its channel and audience groups are where its tasks count.
    with tallies_kept(activity_tasks_scope(activity)):
        with one_history_entry(activity):
            activity.save()
            activity_touch(activity)
            activity.audience_groups.set(audience_groups)
            activity.objectives.set(objectives)
            activity.supporting_units.set(supporting_units)
            if handed_to is not None:
                activity.handed_to.set(handed_to)
        summary = ScheduleSummary()
        now = _schedule_signature(activity, (unit.pk for unit in supporting_units))
        rescheduled = created or now != previous
        if rescheduled:
            summary.add(activity_schedule_tasks(activity=activity, today=today))
    activity_hand_down(activity=activity, user=user, today=today)
    return ActivitySaveResult(activity, created, rescheduled, summary)


# --- calendar moves --------------------------------------------------------------


@dataclass
class MoveResult:
    moved: int
    to_date: dt.date


def _movable_tasks_check(tasks: list[TaskWithReportFlag]) -> None:
    if not tasks:
        raise ValidationError(_("Nothing to move on that day."), code="empty")
    for task in tasks:
        if task.status == Task.Status.DONE:
            raise ValidationError(
                _("%(unit)s has already done this task: it cannot be moved.")
                % {"unit": task.unit.display_name},
                code="done",
            )
        if task.status == Task.Status.CANCELLED:
            raise ValidationError(
                _("A cancelled task cannot be moved."), code="cancelled"
            )
        if task.has_report:
            raise ValidationError(
                _("%(unit)s has reported on this task: it cannot be moved.")
                % {"unit": task.unit.display_name},
                code="reported",
            )


def _locked_activity(activity_id: int, user: User) -> Activity:
    """The activity row locked, after its plan's row (refused if closed)."""
    plan_id = Activity.objects.values_list("plan_id", flat=True).get(pk=activity_id)
    plan = plan_lock_for_write(plan_id)
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    activity.plan = plan
    require(can_edit_activity, user, activity)
    activity_touch(activity)
    return activity


def _check_target(activity: Activity, to_date: dt.date) -> None:
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity is cancelled."), code="cancelled")
    if to_date.year != activity.plan.year:
        raise ValidationError(
            _("The new day must fall within the plan's year (%(year)s).")
            % {"year": activity.plan.year},
            code="out_of_year",
        )


def _locked_tasks(activity: Activity, **filters: object) -> list[TaskWithReportFlag]:
    # The plugin loses the annotation through the custom queryset: named here.
    return cast(
        "list[TaskWithReportFlag]",
        list(
            activity.tasks.select_for_update(of=("self",))
            .filter(**filters)
            .select_related("unit")
            .annotate(
                has_report=Exists(ProgressReport.objects.filter(task=OuterRef("pk")))
            )
            .order_by("pk")
        ),
    )


def _move(tasks: Sequence[Task], to_date: dt.date) -> None:
    try:
        with transaction.atomic(), tallies_kept(Q(pk__in=[t.pk for t in tasks])):
            for task in tasks:
                task.due_date = to_date
                task.save(update_fields=["due_date", "updated_at"])
    except IntegrityError as exc:
        raise ValidationError(
            _("A unit already has this activity on %(day)s.")
            % {"day": f"{to_date:%d/%m/%Y}"},
            code="taken",
        ) from exc


@transaction.atomic
def occurrence_move(
    *,
    activity_id: int,
    from_date: dt.date,
    to_date: dt.date,
    unit_id: int | None = None,
    user: User,
) -> MoveResult:
    """Move one occurrence (its tasks on ``from_date``, or one unit's) to a day.

    All or nothing: refused on a closed plan, a cancelled activity, a day outside
    the plan's year, or when any of the tasks is done or reported
    (``ValidationError``); ``PermissionDenied`` for anyone who may not edit the
    activity; ``Activity.DoesNotExist`` for an unknown id.
    """
    activity = _locked_activity(activity_id, user)
    _check_target(activity, to_date)
    filters: dict[str, object] = {"due_date": from_date}
    if unit_id:
        filters["unit_id"] = unit_id
    tasks = _locked_tasks(activity, **filters)
    _movable_tasks_check(tasks)
    if to_date != from_date:
        _move(tasks, to_date)
    return MoveResult(moved=len(tasks), to_date=to_date)


@transaction.atomic
def activity_move(*, activity_id: int, to_start: dt.date, user: User) -> MoveResult:
    """Shift a one-off activity (start, due and its tasks) to a new start day.

    The errors of :func:`occurrence_move`, and ``ValidationError`` for a
    recurring activity (its occurrences move one by one).
    """
    activity = _locked_activity(activity_id, user)
    if activity.is_recurring:
        raise ValidationError(
            _("Move a recurring activity's occurrences one by one, or edit its rule."),
            code="recurring",
        )
    _check_target(activity, to_start)
    delta = to_start - activity.start_date
    try:
        new_due = activity.due_date + delta
    except OverflowError:
        new_due = dt.date.max
    _check_target(activity, new_due)
    tasks = _locked_tasks(activity)
    if tasks:
        _movable_tasks_check(tasks)
    if delta:
        activity.start_date, activity.due_date = to_start, new_due
        activity.version += 1
        activity.save(update_fields=["start_date", "due_date", "version", "updated_at"])
        _move(tasks, new_due)
    return MoveResult(moved=len(tasks), to_date=new_due)
