"""A new organisation's first steps, until they are done: its profile filled
in, a unit, a planner and a plan. The planner's and administrator's dashboard
shows what is left (and the administration's index page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Value

from accounts.roles import Role
from campaigns.models import Plan, Unit

from .models import Membership, Organisation

# What a report needs of the identity beyond what every new organisation is
# created with: the signer's title block and the recipients (the signer's own
# name may be written by hand).
PROFILE_FIELDS = ("name", "short_name", "place", "signer_title", "recipients")


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
    """Which of the first steps ``organisation`` has taken: the profile read
    from the object in hand, the rest in one query (a union of three small
    index reads; the organisation's own row is not read again)."""

    def marker(name: str) -> Value:
        return Value(name, output_field=CharField())

    units = Unit.objects.filter(organisation=organisation).order_by()
    plans = Plan.objects.filter(organisation=organisation).order_by()
    planners = Membership.objects.filter(
        organisation=organisation, role=Role.PLANNER
    ).order_by()
    found = set(
        units.values_list(marker("unit"), flat=True).union(
            plans.values_list(marker("plan"), flat=True),
            planners.values_list(marker("planner"), flat=True),
        )
    )
    return FirstSteps(
        profile=all(
            str(getattr(organisation, field)).strip() for field in PROFILE_FIELDS
        ),
        unit="unit" in found,
        planner="planner" in found,
        plan="plan" in found,
    )
