"""Writes of a plan: the plan with its objectives and themes, its status (draft →
issued → closed, and an administrator's reopening), its copy to another year.

Who may act: :mod:`campaigns.policy` (``can_edit_plan``, ``can_set_plan_status``,
``can_reopen_plan``); the lifecycle: :mod:`campaigns.lifecycle`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from accounts.models import User
from notifications.services import notifications_for_new_tasks

from ..history import one_history_entry
from ..lifecycle import plan_ensure_writable
from ..models import Activity, ContentTheme, Objective, Plan, Task
from ..off_days import plan_off_day_dues, shift_rule, shift_year
from ..policy import can_edit_plan, can_reopen_plan, can_set_plan_status, require
from ..revisions import plan_touch
from ..workdays import moved_due_date
from .expansion import ScheduleSummary, activity_expand_tasks
from .handover import plan_hand_down

PlanRow = Objective | ContentTheme

ROW_IN_USE = {
    Objective: gettext_lazy(
        "“%(name)s” is served by activities; change those activities first."
    ),
    ContentTheme: gettext_lazy(
        "“%(name)s” is used by activities; move them to another theme."
    ),
}


def plan_row_ensure_unused(*, row: PlanRow) -> None:
    """Raise ``ValidationError`` (code ``in_use``) when activities still use the
    objective or theme ``row``: it cannot be removed from its plan."""
    if row.pk is not None and row.activities.exists():
        raise ValidationError(
            ROW_IN_USE[type(row)], code="in_use", params={"name": str(row)[:60]}
        )


@transaction.atomic
def plan_save(
    *,
    plan: Plan,
    user: User,
    rows: Iterable[PlanRow] = (),
    removed_rows: Iterable[PlanRow] = (),
) -> Plan:
    """Create or update a plan with its objectives and themes.

    ``rows`` are the objectives and themes to save (new or changed; each is
    attached to ``plan``), ``removed_rows`` those to delete, which activities
    must no longer use. A replaced signed file leaves the storage once the save
    commits. ``PermissionDenied`` for anyone who may not edit plans;
    ``ValidationError`` for a closed plan, a row in use or of another plan,
    invalid fields.
    """
    if plan.pk is None and not plan.organisation_id:
        # A new plan is its author's organisation's, issued in its name.
        plan.organisation_id = user.working_organisation_id
        if plan.organisation_id:
            plan.issuer = plan.issuer or plan.organisation.name
    require(can_edit_plan, user, plan)
    replaced = ""
    if plan.pk:
        stored = Plan.objects.select_for_update().get(pk=plan.pk)
        plan_ensure_writable(stored)
        if stored.signed_file and stored.signed_file.name != plan.signed_file.name:
            replaced = stored.signed_file.name
    plan.full_clean()
    plan.save()
    plan_touch(plan.pk)
    for row in removed_rows:
        _ensure_row_of(plan, row)
        plan_row_ensure_unused(row=row)
        row.delete()
    for row in rows:
        _ensure_row_of(plan, row)
        row.plan = plan
        row.save()
    if replaced:
        storage = Plan._meta.get_field("signed_file").storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return plan


def _ensure_row_of(plan: Plan, row: PlanRow) -> None:
    if row.pk is not None and row.plan_id != plan.pk:
        raise ValidationError(
            _("“%(name)s” belongs to another plan."),
            code="other_plan",
            params={"name": str(row)[:60]},
        )


PLAN_TRANSITIONS = {
    (Plan.Status.DRAFT, Plan.Status.ISSUED),
    (Plan.Status.ISSUED, Plan.Status.CLOSED),
    (Plan.Status.CLOSED, Plan.Status.ISSUED),
}


@transaction.atomic
def plan_set_status(
    *,
    plan_id: int,
    status: str,
    user: User,
    today: dt.date | None = None,
    shift_off_days: bool = False,
) -> ScheduleSummary:
    """Draft → issued → closed. Issuing creates the tasks of every activity.

    Reopening a closed plan is for administrators only; it is recorded in the
    plan's history like any change. ``PermissionDenied`` for anyone else (and
    for anyone who may not edit plans); ``ValidationError`` for a step not in
    :data:`PLAN_TRANSITIONS`. Issuing with ``shift_off_days`` first moves the
    due dates that fall on days off to the previous working day
    (``campaigns.off_days.plan_off_day_dues``).
    """
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    require(can_set_plan_status, user, plan)
    current = Plan.Status(plan.status)
    wanted = Plan.Status(status)
    if (current, wanted) not in PLAN_TRANSITIONS:
        raise ValidationError(
            _("A plan cannot go from “%(from)s” to “%(to)s”.")
            % {"from": current.label, "to": wanted.label},
            code="transition",
        )
    if current == Plan.Status.CLOSED:
        require(can_reopen_plan, user, plan)
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
    plan_touch(plan.pk)
    summary = ScheduleSummary()
    if wanted == Plan.Status.ISSUED and current == Plan.Status.DRAFT:
        if shift_off_days:
            _move_plan_off_days(plan)
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
        # The activities it hands to its children reach them now.
        plan_hand_down(plan=plan, user=user, today=today)
    return summary


def _move_plan_off_days(plan: Plan) -> None:
    """Move the due dates of ``plan``'s activities that fall on days off."""
    for activity in {
        item.activity.pk: item.activity for item in plan_off_day_dues(plan)
    }.values():
        if _move_off_days(activity):
            activity.version += 1
            activity.save(
                update_fields=["shift_off_days", "due_date", "version", "updated_at"]
            )


def _move_off_days(activity: Activity) -> bool:
    """Move ``activity``'s due dates off days off (unsaved): a one-off's due
    date to the previous working day, a recurring one's dates by its
    ``shift_off_days``. Whether anything moved."""
    if activity.is_recurring:
        dates = activity.occurrence_dates()
        if any(moved_due_date(day) != day for day in dates):
            activity.shift_off_days = True
            return True
        return False
    moved = moved_due_date(activity.due_date, activity.start_date)
    if moved == activity.due_date:
        return False
    activity.due_date = moved
    return True


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
def plan_copy_to_year(
    *, plan: Plan, year: int, title: str, user: User, shift_off_days: bool = False
) -> Plan:
    """Start another year's plan as a copy: objectives, themes and activities.

    Dates move by the difference in years (29/02 becomes 28/02), and so does
    "năm <year>" in activity titles; no tasks, no
    reports, no signed file are copied. Cancelled activities are left behind.
    The new plan is a draft: its tasks are created when it is issued. With
    ``shift_off_days`` an activity with a due date on a day off of the new year
    moves it to the previous working day (``campaigns.off_days``).
    ``PermissionDenied`` for anyone who may not edit plans; ``ValidationError``
    when the issuer has a plan that year already, also one made meanwhile.
    """
    require(can_edit_plan, user, plan)
    years = year - plan.year
    new_plan = Plan(
        organisation_id=plan.organisation_id,
        year=year,
        title=title,
        issuer=plan.issuer,
        general_goal=plan.general_goal,
        next_year_directions="",
        status=Plan.Status.DRAFT,
    )
    new_plan.full_clean()
    try:
        with transaction.atomic():
            new_plan.save()
    except IntegrityError:
        # Another copy to the same year committed after the check above.
        raise ValidationError(
            gettext_lazy(
                "%(issuer)s already has a plan in %(year)s (it was just made, "
                "perhaps by another copy): open it from the list of plans."
            ),
            code="plan_exists",
            params={"issuer": plan.issuer, "year": year},
        ) from None
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
        activity._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # Django's, not in the stubs
        activity.pk = None
        activity._state.adding = True
        activity.plan = new_plan
        activity.theme = themes[activity.theme_id]
        activity.start_date = shift_year(activity.start_date, years)
        activity.due_date = shift_year(activity.due_date, years)
        activity.recurrence = shift_rule(activity.recurrence, years)
        activity.title = _shift_title(activity.title, plan.year, year)
        activity.version = 1
        activity.created_by = user
        if shift_off_days:
            _move_off_days(activity)
        with one_history_entry(activity):
            activity.save()
            activity.audience_groups.set(audience_groups)
            activity.objectives.set(served)
            activity.supporting_units.set(supporting)
    return new_plan
