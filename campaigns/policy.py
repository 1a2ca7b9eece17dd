"""Who may do what: every rule of acting on a plan and its work, in one place.

Seeing is decided by the scoped selectors (another unit's task is a 404); these
rules decide acting (a leader, who sees everything, may change nothing). Each
rule is a plain function ``(user, object) -> bool`` with no side effect.

Every service that writes (``campaigns.services``) calls its rule itself, first,
through :func:`require`, so no caller (page, admin, command, Celery task,
import) can skip it; pages call the same rules only to decide what to show.
Derived writes have no rule of their own: expanding an activity's tasks and
keeping the counters only bring stored rows in line with what an allowed write
decided.

The roles are docs/design.md's ("Users and roles"): planners and administrators edit
plans and review reports; a unit's head runs the unit's work; its staff report
on the tasks assigned to them; leaders only read. Roles are held per
organisation: every rule reads the roles the person holds in the organisation of
what they act on (:func:`organisation_of`), so a planner of one commune is no one
in another, and a province's planner only reads its communes' plans.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.roles import DISTRICT_ROLES, EDITOR_ROLES, Role
from audiences.models import AudienceGroup
from channels.models import Channel
from organisation.models import Organisation

from .models import Activity, Plan, ProgressReport, Task, Unit

Subject = TypeVar("Subject")


def require(
    rule: Callable[[User, Subject], bool], user: User, subject: Subject
) -> None:
    """Raise ``PermissionDenied`` unless ``rule(user, subject)`` holds."""
    if not rule(user, subject):
        raise PermissionDenied


def organisation_of(subject: Plan | Activity | Task | Unit | ProgressReport) -> int:
    """The pk of the organisation ``subject`` belongs to (an unsaved activity
    without a plan: none)."""
    if isinstance(subject, (Plan, Unit)):
        return subject.organisation_id
    if isinstance(subject, Activity):
        return subject.plan.organisation_id if subject.plan_id else 0
    if isinstance(subject, Task):
        return subject.plan.organisation_id
    return subject.task.plan.organisation_id


def edits_plans(user: User, subject: Plan | Activity | Task) -> bool:
    """A planner or administrator of the subject's organisation."""
    return user.has_role_in(organisation_of(subject), *EDITOR_ROLES)


def sees_all_units(user: User, subject: Plan | Activity | Task | Unit) -> bool:
    """A planner, administrator or leader of the subject's organisation."""
    return user.has_role_in(organisation_of(subject), *DISTRICT_ROLES)


def heads(user: User, unit: Unit) -> bool:
    """``user`` is the head of ``unit`` (and still has the head's role there)."""
    return unit.head_id == user.pk and user.has_role_in(
        unit.organisation_id, Role.UNIT_HEAD
    )


# --- plans and activities ---------------------------------------------------------


def can_edit_plan(user: User, plan: Plan) -> bool:
    """A planner or an administrator: write a plan, its objectives and themes,
    copy it to another year, import its activities."""
    if plan.pk is None and not plan.organisation_id:
        return False
    return edits_plans(user, plan)


def can_set_plan_status(user: User, plan: Plan) -> bool:
    """Issue or close a plan: a planner or an administrator."""
    return can_edit_plan(user, plan)


def can_reopen_plan(user: User, plan: Plan) -> bool:
    """Reopen a closed plan: an administrator only (the reopening is recorded)."""
    return user.has_role_in(plan.organisation_id, Role.ADMIN)


def can_name_units(user: User, unit: Unit | None) -> bool:
    """Teach the import a unit's other name, a phrase naming no unit, or add a
    unit named by an appendix (``unit`` is None for a new one or a phrase):
    whoever may import a plan's activities (:func:`can_edit_plan`) in the
    unit's organisation, or the organisation they work in for a new one."""
    if unit is None:
        return user.has_role(*EDITOR_ROLES)
    return user.has_role_in(unit.organisation_id, *EDITOR_ROLES)


def can_edit_activity(user: User, activity: Activity) -> bool:
    """Create, edit, cancel or move an activity (and its occurrences on the
    calendar): whoever may edit plans (:func:`can_edit_plan`). The activity
    may still be unsaved, without its plan: then its author's organisation."""
    if not activity.plan_id:
        return user.has_role(*EDITOR_ROLES)
    return edits_plans(user, activity)


def can_hand_down(user: User, plan: Plan) -> bool:
    """Hand a plan's activities down to the organisations under its own (and
    update or cancel what they received): a planner or administrator of the
    plan's organisation. Which children may receive is the service's check
    (only the plan's organisation's own children)."""
    return edits_plans(user, plan)


# --- a unit's work ------------------------------------------------------------------


def can_report(user: User, task: Task) -> bool:
    """File or correct a report on ``task``, remove its evidence, start it or
    mark it done: the head of the task's unit, the staff member it is assigned
    to, or a planner or admin entering it for them. Other staff of the unit
    only read."""
    if edits_plans(user, task):
        return True
    if heads(user, task.unit):
        return True
    return task.assignee_id == user.pk and user.has_role_in(
        organisation_of(task), Role.UNIT_STAFF
    )


def can_reopen_task(user: User, task: Task) -> bool:
    """Send a done task back to its unit: a planner or an administrator."""
    return edits_plans(user, task)


def can_lead_unit(user: User, unit: Unit) -> bool:
    """Hand the unit's tasks to its staff and manage who its staff are: the
    unit's head, or an administrator (who manages every unit)."""
    return user.has_role_in(unit.organisation_id, Role.ADMIN) or heads(user, unit)


def can_assign(user: User, task: Task) -> bool:
    """Assign ``task`` to a staff member of its unit (or take it back)."""
    return can_lead_unit(user, task.unit)


def can_manage_members(user: User, unit: Unit) -> bool:
    """Add, invite or remove the unit's staff."""
    return can_lead_unit(user, unit)


def can_review(user: User, report: ProgressReport) -> bool:
    """Accept or return a report: a planner or admin, never on a report they
    filed themselves."""
    return (
        user.has_role_in(organisation_of(report), *EDITOR_ROLES)
        and report.submitted_by_id != user.pk
    )


def can_comment(user: User, task: Task) -> bool:
    """Write on the task's thread: planners and admins, and the heads and staff
    of the task's unit once its plan is no longer a draft (when the unit sees
    it). A leader (read-only) only reads the thread."""
    if edits_plans(user, task):
        return True
    roles = user.roles_in(organisation_of(task))
    if not user.is_active or not roles & {Role.UNIT_HEAD, Role.UNIT_STAFF}:
        return False
    if task.plan.is_draft:
        return False
    if heads(user, task.unit) or task.assignee_id == user.pk:
        return True
    return Role.UNIT_STAFF in roles and task.unit.staff.filter(pk=user.pk).exists()


# --- an organisation's administration ----------------------------------------------


def can_issue_reports(user: User, plan: Plan) -> bool:
    """Planners, administrators and leaders of the plan's organisation issue
    its periodic reports (the planner drafts, the leader signs)."""
    return user.has_role_in(plan.organisation_id, *DISTRICT_ROLES)


def can_administer_organisation(user: User, organisation: Organisation) -> bool:
    """Edit the organisation's profile, grant and revoke roles in it, invite its
    people and create organisations under it: its administrator."""
    return user.has_role_in(organisation.pk, Role.ADMIN)


def can_create_organisation(user: User, parent: Organisation | None) -> bool:
    """Create an organisation under ``parent``: the parent's administrator; one
    without a parent (a province, a new top of the tree): an installation
    operator (superuser)."""
    if parent is None:
        return user.is_active and user.is_superuser
    return can_administer_organisation(user, parent)


def can_manage_units(user: User, unit: Unit) -> bool:
    """Create and edit the units of the unit's organisation (name, kind, head,
    ...): its administrator. A unit's head manages only its staff
    (:func:`can_manage_members`)."""
    return user.has_role_in(unit.organisation_id, Role.ADMIN)


def can_manage_catalogue(user: User, item: Channel | AudienceGroup) -> bool:
    """Create, edit or delete a channel or an audience group of the item's
    organisation: its administrator."""
    return user.has_role_in(item.organisation_id, Role.ADMIN)
