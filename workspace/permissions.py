"""Who may act on a task they can already see.

Seeing is decided by the scoped selectors (another unit's id is a 404); these
decide acting (a leader who sees everything gets a 403 on a write).
"""

from __future__ import annotations

from accounts.models import User
from campaigns.models import Task


def can_report(user: User, task: Task) -> bool:
    """The head of the task's unit, or a planner or admin entering it for them."""
    if user.can_edit_plans:
        return True
    return user.is_unit_head and task.unit.head_id == user.pk


def can_reopen(user: User) -> bool:
    return user.can_edit_plans
