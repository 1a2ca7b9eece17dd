"""A new organisation's first steps, until they are done: its profile filled
in, a unit, a planner and a plan. The planner's and administrator's dashboard
shows what is left (and the administration's index page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from accounts.roles import Role
from campaigns.models import Plan, Unit

from .models import Membership, Organisation

# The identity a report cannot be signed without (the rest has defaults).
PROFILE_FIELDS = ("name", "short_name", "place", "signer_name", "recipients")


@dataclass(frozen=True)
class FirstSteps:
    profile: bool
    unit: bool
    planner: bool
    plan: bool

    @property
    def done(self) -> bool:
        return self.profile and self.unit and self.planner and self.plan

    @property
    def count_done(self) -> int:
        return sum((self.profile, self.unit, self.planner, self.plan))


def first_steps(organisation: Organisation) -> FirstSteps:
    """Which of the first steps ``organisation`` has taken: one query."""
    found = (
        Organisation.objects.filter(pk=organisation.pk)
        .annotate(
            has_unit=Exists(Unit.objects.filter(organisation=OuterRef("pk"))),
            has_planner=Exists(
                Membership.objects.filter(
                    organisation=OuterRef("pk"), role=Role.PLANNER
                )
            ),
            has_plan=Exists(Plan.objects.filter(organisation=OuterRef("pk"))),
        )
        .values("has_unit", "has_planner", "has_plan")
        .first()
    ) or {"has_unit": False, "has_planner": False, "has_plan": False}
    return FirstSteps(
        profile=all(
            str(getattr(organisation, field)).strip() for field in PROFILE_FIELDS
        ),
        unit=found["has_unit"],
        planner=found["has_planner"],
        plan=found["has_plan"],
    )
