"""Who may act on a task they can already see.

Seeing is decided by the scoped selectors (another unit's id is a 404); these
decide acting (a leader who sees everything gets a 403 on a write).
"""

from __future__ import annotations

from accounts.models import User
from accounts.roles import Role
from campaigns.models import ProgressReport, Task, Unit


def heads(user: User, unit: Unit) -> bool:
    return user.is_unit_head and unit.head_id == user.pk


def can_report(user: User, task: Task) -> bool:
    """The head of the task's unit, the staff member it is assigned to, or a
    planner or admin entering it for them. Other staff of the unit only read."""
    if user.can_edit_plans:
        return True
    if heads(user, task.unit):
        return True
    return user.is_unit_staff and task.assignee_id == user.pk


def can_reopen(user: User) -> bool:
    return user.can_edit_plans


def can_assign(user: User, task: Task) -> bool:
    """The head of the task's unit, or an administrator (who manages every unit)."""
    return user.has_role(Role.ADMIN) or heads(user, task.unit)


def can_review(user: User, report: ProgressReport) -> bool:
    """A planner or admin, never on a report they filed themselves."""
    return user.can_edit_plans and report.submitted_by_id != user.pk


def can_comment(user: User) -> bool:
    """Everyone who works on tasks; a leader (read-only) only reads the thread."""
    return user.can_edit_plans or user.works_in_units


def can_manage_members(user: User, unit: Unit) -> bool:
    """The unit's head, or an administrator for every unit."""
    return user.has_role(Role.ADMIN) or heads(user, unit)
