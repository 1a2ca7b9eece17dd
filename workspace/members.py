"""Reads of the unit staff page and the assignment form: a unit's staff, who a
task may be assigned to, the units a user manages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from accounts.roles import Role
from campaigns.models import Task, Unit


def units_managed_by(*, user: User) -> QuerySet[Unit]:
    """The units whose staff ``user`` may manage
    (:func:`campaigns.policy.can_manage_members`): all for an admin, else headed."""
    units = Unit.objects.filter(is_active=True)
    if not user.has_role(Role.ADMIN):
        units = units.filter(head=user)
    return units.order_by("order", "name")


@dataclass
class Member:
    user: User
    open_tasks: int


def unit_members(*, unit: Unit) -> list[Member]:
    """The unit's staff with their open assigned tasks in it; two queries."""
    staff = unit.staff.annotate(
        open_tasks=Count(
            "assigned_tasks",
            filter=Q(
                assigned_tasks__unit=unit,
                assigned_tasks__status__in=Task.OPEN_STATUSES,
            ),
        )
    ).order_by("last_name", "first_name", "username")
    return [Member(user=user, open_tasks=user.open_tasks) for user in staff]


def staff_choices(*, unit: Unit) -> QuerySet[User]:
    """Who a task of ``unit`` may be assigned to: its active staff."""
    return unit.staff.filter(
        is_active=True,
        memberships__organisation_id=unit.organisation_id,
        memberships__role=Role.UNIT_STAFF,
    ).order_by("last_name", "first_name", "username")
