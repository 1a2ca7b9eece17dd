"""A province whose plan hands an activity to its communes and wards, for the
hand-down's tests (campaigns.services.handover)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import User
from campaigns.models import Activity, Plan, Unit
from organisation.models import Organisation
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    ChannelFactory,
    ContentThemeFactory,
    OrganisationFactory,
    PlanFactory,
    UnitFactory,
    UserFactory,
)

YEAR = 2026
TODAY = dt.date(YEAR, 3, 10)


@dataclass
class Child:
    organisation: Organisation
    unit: Unit
    planner: User
    head: User


@dataclass
class Province:
    organisation: Organisation
    planner: User
    plan: Plan
    activity: Activity
    children: dict[str, Child] = field(default_factory=dict)


def child_make(parent: Organisation, name: str, kind: str) -> Child:
    """A child of ``parent`` with a unit (headed), a planner and the catalogue
    rows of the province's codes."""
    organisation = OrganisationFactory(name=name, kind=kind, parent=parent)
    head = UserFactory(role="unit_head", role__organisation=organisation)
    unit = UnitFactory(
        organisation=organisation, name=f"Văn phòng {name}", kind="department"
    )
    unit.head = head
    unit.save()
    ChannelFactory(organisation=organisation, code="truyen-thanh", name="Truyền thanh")
    AudienceGroupFactory(organisation=organisation, code="nguoi-dan")
    planner = UserFactory(role="planner", role__organisation=organisation)
    return Child(organisation, unit, planner, head)


def province_make(name: str = "UBND thành phố Đà Nẵng") -> Province:
    """A province (draft plan of :data:`YEAR`, one monthly activity handed to
    "UBND các xã, phường") over two communes, a ward and a department."""
    organisation = OrganisationFactory(name=name, kind="province", parent=None)
    planner = UserFactory(role="planner", role__organisation=organisation)
    plan = PlanFactory(
        organisation=organisation,
        year=YEAR,
        issuer=name,
        status=Plan.Status.DRAFT,
    )
    activity = ActivityFactory(
        plan=plan,
        title="Tuyên truyền dịch vụ công trực tuyến trên hệ thống truyền thanh",
        theme=ContentThemeFactory(plan=plan, title="Cải cách thủ tục hành chính"),
        channel=ChannelFactory(organisation=organisation, code="truyen-thanh"),
        lead_unit=UnitFactory(
            organisation=organisation, name="Sở Nội vụ", kind="sector"
        ),
        start_date=dt.date(YEAR, 1, 1),
        due_date=dt.date(YEAR, 12, 31),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
        planned_output=2,
        handed_to_kinds="commune ward",
        audience_groups=[
            AudienceGroupFactory(organisation=organisation, code="nguoi-dan")
        ],
    )
    province = Province(organisation, planner, plan, activity)
    for key, kind in (
        ("tam-xuan", "commune"),
        ("tam-anh", "commune"),
        ("hai-chau", "ward"),
        ("so-tu-phap", "department"),
    ):
        province.children[key] = child_make(organisation, f"UBND {key}", kind)
    return province
