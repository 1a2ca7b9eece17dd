"""Writes of the planning workspace. Each public function is one transaction.

Every task expansion goes through :func:`activity_schedule_tasks`, so that what
must follow a schedule change (notifying the units of new tasks) is added in
one place.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from audiences.models import AudienceGroup
from campaigns.history import one_history_entry
from campaigns.lifecycle import plan_ensure_writable
from campaigns.models import (
    Activity,
    ContentTheme,
    Objective,
    Plan,
    ProgressReport,
    Task,
    Unit,
)
from campaigns.services.expansion import ExpansionResult, activity_expand_tasks
from campaigns.tallies import activity_tasks_scope, tallies_kept
from notifications.services import notifications_for_new_tasks

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


def ensure_plan_open(plan: Plan) -> None:
    """A closed plan is read-only everywhere (see ``campaigns.lifecycle``)."""
    plan_ensure_writable(plan)


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


def activity_schedule_tasks(
    *, activity: Activity, today: dt.date | None = None
) -> ExpansionResult:
    """Bring an activity's tasks in line with it: the one entry point.

    Called after a save or an import; the heads of the units get one
    notification per activity for the tasks just created, unless the plan is a
    draft (its tasks are invisible to units: they hear of them when it is issued).
    """
    plan_ensure_writable(activity.plan)
    result = activity_expand_tasks(activity=activity, today=today)
    if not activity.plan.is_draft:
        notifications_for_new_tasks(tasks=result.created)
    return result


@transaction.atomic
def activity_cancel(*, activity: Activity, user: User) -> ExpansionResult:
    """Cancel an activity and every open task of it, past-due ones included.

    What the admin offers instead of deleting an activity with reported work:
    the reports stay, the tasks stop counting as overdue.
    """
    activity = (
        Activity.objects.select_for_update().select_related("plan").get(pk=activity.pk)
    )
    plan_ensure_writable(activity.plan)
    if activity.status != Activity.Status.CANCELLED:
        activity.status = Activity.Status.CANCELLED
        activity.version += 1
        with override(settings.LANGUAGE_CODE):
            activity._change_reason = _("Cancelled by %(user)s") % {
                "user": user.get_full_name() or user.username
            }
        activity.save(update_fields=["status", "version", "updated_at"])
    return activity_expand_tasks(activity=activity)


# --- activities --------------------------------------------------------------


@dataclass
class ActivitySaveResult:
    activity: Activity
    created: bool
    rescheduled: bool
    summary: ScheduleSummary


def _schedule_signature(activity: Activity, supporting: Iterable[int]) -> tuple:
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
) -> ActivitySaveResult:
    """Create or update an activity, then expand its tasks if its schedule changed.

    ``expected_version`` is the version the form was opened at: if someone saved
    the activity since, the save is refused rather than overwriting their work.
    """
    ensure_plan_open(activity.plan)
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
        ensure_plan_open(current.plan)
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
    activity.full_clean(exclude=["audience_groups", "objectives", "supporting_units"])
    # Its channel and audience groups are where its tasks count.
    with tallies_kept(activity_tasks_scope(activity)):
        with one_history_entry(activity):
            activity.save()
            activity.audience_groups.set(audience_groups)
            activity.objectives.set(objectives)
            activity.supporting_units.set(supporting_units)
        summary = ScheduleSummary()
        now = _schedule_signature(activity, (unit.pk for unit in supporting_units))
        rescheduled = created or now != previous
        if rescheduled:
            summary.add(activity_schedule_tasks(activity=activity, today=today))
    return ActivitySaveResult(activity, created, rescheduled, summary)


# --- calendar moves --------------------------------------------------------------


@dataclass
class MoveResult:
    moved: int
    to_date: dt.date


def _movable_tasks_check(tasks: list[Task]) -> None:
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


def _check_target(activity: Activity, to_date: dt.date) -> None:
    ensure_plan_open(activity.plan)
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity is cancelled."), code="cancelled")
    if to_date.year != activity.plan.year:
        raise ValidationError(
            _("The new day must fall within the plan's year (%(year)s).")
            % {"year": activity.plan.year},
            code="out_of_year",
        )


def _locked_tasks(activity: Activity, **filters: object) -> list[Task]:
    return list(
        activity.tasks.select_for_update(of=("self",))
        .filter(**filters)
        .select_related("unit")
        .annotate(has_report=Exists(ProgressReport.objects.filter(task=OuterRef("pk"))))
        .order_by("pk")
    )


def _move(tasks: list[Task], to_date: dt.date) -> None:
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
) -> MoveResult:
    """Move one occurrence (its tasks on ``from_date``, or one unit's) to a day.

    All or nothing: refused on a closed plan, a cancelled activity, a day outside
    the plan's year, or when any of the tasks is done or reported.
    """
    activity = (
        Activity.objects.select_related("plan")
        .select_for_update(of=("self",))
        .get(pk=activity_id)
    )
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
def activity_move(*, activity_id: int, to_start: dt.date) -> MoveResult:
    """Shift a one-off activity (start, due and its tasks) to a new start day."""
    activity = (
        Activity.objects.select_related("plan")
        .select_for_update(of=("self",))
        .get(pk=activity_id)
    )
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


# --- plans -------------------------------------------------------------------


@transaction.atomic
def plan_save(*, plan: Plan, formsets: Iterable[object] = ()) -> Plan:
    """Save a plan with its objectives and themes (inline formsets).

    A replaced signed file leaves the storage once the save commits.
    """
    replaced = ""
    if plan.pk:
        stored = Plan.objects.select_for_update().get(pk=plan.pk)
        ensure_plan_open(stored)
        if stored.signed_file and stored.signed_file.name != plan.signed_file.name:
            replaced = stored.signed_file.name
    plan.full_clean()
    plan.save()
    for formset in formsets:
        formset.instance = plan
        formset.save()
    if replaced:
        storage = Plan._meta.get_field("signed_file").storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return plan


PLAN_TRANSITIONS = {
    (Plan.Status.DRAFT, Plan.Status.ISSUED),
    (Plan.Status.ISSUED, Plan.Status.CLOSED),
    (Plan.Status.CLOSED, Plan.Status.ISSUED),
}


@transaction.atomic
def plan_set_status(
    *, plan_id: int, status: str, user: User, today: dt.date | None = None
) -> ScheduleSummary:
    """Draft → issued → closed. Issuing creates the tasks of every activity.

    Reopening a closed plan is for administrators only; it is recorded in the
    plan's history like any change.
    """
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    current = Plan.Status(plan.status)
    wanted = Plan.Status(status)
    if (current, wanted) not in PLAN_TRANSITIONS:
        raise ValidationError(
            _("A plan cannot go from “%(from)s” to “%(to)s”.")
            % {"from": current.label, "to": wanted.label},
            code="transition",
        )
    if current == Plan.Status.CLOSED and not user.has_role("admin"):
        raise ValidationError(
            _("Only an administrator can reopen a closed plan."), code="reopen"
        )
    plan.status = wanted
    who = {"user": user.get_full_name() or user.username}
    with override(settings.LANGUAGE_CODE):  # stored text: the office's language
        if current == Plan.Status.CLOSED:
            plan._change_reason = _("Reopened by %(user)s") % who
        elif wanted == Plan.Status.CLOSED:
            plan._change_reason = _("Closed by %(user)s") % who
        else:
            plan._change_reason = _("Issued by %(user)s") % who
    update = ["status", "updated_at"]
    if wanted == Plan.Status.ISSUED and plan.issued_on is None:
        plan.issued_on = today or timezone.localdate()
        update.append("issued_on")
    plan.save(update_fields=update)
    summary = ScheduleSummary()
    if wanted == Plan.Status.ISSUED and current == Plan.Status.DRAFT:
        activities = (
            plan.activities.filter(status=Activity.Status.ACTIVE)
            .select_related("plan")
            .prefetch_related("supporting_units")
        )
        for activity in activities:
            summary.add(activity_expand_tasks(activity=activity, today=today))
        # The units hear of the whole plan now, tasks created in draft included.
        notifications_for_new_tasks(
            tasks=Task.objects.filter(activity__plan=plan).open().order_by("pk")
        )
    return summary


def _shift_year(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


_UNTIL = re.compile(r"UNTIL=(\d{4})(\d{4})")


def _shift_rule(rule: str, years: int) -> str:
    return _UNTIL.sub(lambda m: f"UNTIL={int(m[1]) + years:04d}{m[2]}", rule)


def _shift_title(title: str, old_year: int, new_year: int) -> str:
    """ "Hội thi … năm 2024" becomes "Hội thi … năm 2025" in the 2025 copy; other
    numbers (a document's "12/2024") are left as written."""
    return re.sub(rf"\b(năm|Năm) {old_year}\b", rf"\g<1> {new_year}", title)


def _copy_rows(rows: Iterable[Objective | ContentTheme], plan: Plan) -> dict[int, Any]:
    """Copy a plan's objectives or themes to ``plan``: old id -> the copy."""
    copies = {}
    for row in rows:
        old_pk = row.pk
        row.pk = None
        row.plan = plan
        row.save()
        copies[old_pk] = row
    return copies


@transaction.atomic
def plan_copy_to_year(*, plan: Plan, year: int, title: str, user: User) -> Plan:
    """Start another year's plan as a copy: objectives, themes and activities.

    Dates move by the difference in years (29/02 becomes 28/02), and so does
    "năm <year>" in activity titles; no tasks, no
    reports, no signed file are copied. Cancelled activities are left behind.
    The new plan is a draft: its tasks are created when it is issued.
    """
    years = year - plan.year
    new_plan = Plan(
        year=year,
        title=title,
        issuer=plan.issuer,
        general_goal=plan.general_goal,
        next_year_directions="",
        status=Plan.Status.DRAFT,
    )
    new_plan.full_clean()
    new_plan.save()
    objectives = _copy_rows(plan.objectives.all(), new_plan)
    themes = _copy_rows(plan.themes.all(), new_plan)
    activities = plan.activities.filter(status=Activity.Status.ACTIVE).prefetch_related(
        "audience_groups", "objectives", "supporting_units"
    )
    for activity in activities:
        audience_groups = list(activity.audience_groups.all())
        served = [objectives[o.pk] for o in activity.objectives.all()]
        supporting = list(activity.supporting_units.all())
        # The copy is a new row: the source's prefetched relations must not leak.
        activity._prefetched_objects_cache = {}
        activity.pk = None
        activity._state.adding = True
        activity.plan = new_plan
        activity.theme = themes[activity.theme_id]
        activity.start_date = _shift_year(activity.start_date, years)
        activity.due_date = _shift_year(activity.due_date, years)
        activity.recurrence = _shift_rule(activity.recurrence, years)
        activity.title = _shift_title(activity.title, plan.year, year)
        activity.version = 1
        activity.created_by = user
        with one_history_entry(activity):
            activity.save()
            activity.audience_groups.set(audience_groups)
            activity.objectives.set(served)
            activity.supporting_units.set(supporting)
    return new_plan
