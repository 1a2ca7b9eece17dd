"""A small plan to work on: themes, objectives, channels, audiences and units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from accounts.models import User
from audiences.models import AudienceGroup
from campaigns.models import ContentTheme, Objective, Plan, Unit
from channels.models import Channel
from tests.factories import (
    AudienceGroupFactory,
    ChannelFactory,
    ContentThemeFactory,
    ObjectiveFactory,
    PlanFactory,
    UnitFactory,
)

# Planning tests run on 2 January 2024 unless they say otherwise.
TODAY = dt.date(2024, 1, 2)


@dataclass
class World:
    plan: Plan
    themes: list[ContentTheme]
    objectives: list[Objective]
    radio: Channel
    portal: Channel
    citizens: AudienceGroup
    officials: AudienceGroup
    commune: Unit
    township: Unit
    department: Unit


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2024, 1, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def world(db) -> World:
    plan = PlanFactory(year=2024, title="Kế hoạch tuyên truyền CCHC năm 2024")
    return World(
        plan=plan,
        themes=[
            ContentThemeFactory(plan=plan, title="Quan điểm của Đảng về CCHC", order=1),
            ContentThemeFactory(plan=plan, title="Vai trò người đứng đầu", order=2),
        ],
        objectives=[
            ObjectiveFactory(plan=plan, description="Nâng cao nhận thức", order=1),
            ObjectiveFactory(plan=plan, description="Tăng cường trách nhiệm", order=2),
        ],
        radio=ChannelFactory(name="Đài truyền thanh", code="truyen-thanh"),
        portal=ChannelFactory(name="Cổng thông tin điện tử huyện", code="cong-ttdt"),
        citizens=AudienceGroupFactory(name="Người dân", code="nguoi-dan"),
        officials=AudienceGroupFactory(name="Cán bộ, công chức", code="can-bo"),
        commune=UnitFactory(name="UBND xã Tam Hải", short_name="Xã Tam Hải"),
        township=UnitFactory(
            name="UBND thị trấn Núi Thành",
            short_name="TT Núi Thành",
            kind=Unit.Kind.TOWNSHIP,
        ),
        department=UnitFactory(
            name="Phòng Nội vụ", short_name="Nội vụ", kind=Unit.Kind.DEPARTMENT
        ),
    )


@pytest.fixture
def leader_client(client: Client, leader: User) -> Client:
    client.force_login(leader)
    return client


@pytest.fixture
def unit_head_client(client: Client, unit_head: User) -> Client:
    client.force_login(unit_head)
    return client


def activity_post(world: World, **overrides: object) -> dict[str, object]:
    """The activity form as a planner fills it: monthly on the 25th, two units."""
    data: dict[str, object] = {
        "plan": world.plan.pk,
        "title": "Chuyên mục CCHC trên Đài truyền thanh",
        "description": "",
        "theme": world.themes[0].pk,
        "channel": world.radio.pk,
        "audience_groups": [world.citizens.pk],
        "objectives": [world.objectives[0].pk],
        "lead_unit": world.commune.pk,
        "supporting_units": [world.township.pk],
        "start_date": "01/01/2024",
        "due_date": "31/12/2024",
        "recurrence_preset": "monthly",
        "weekday": "MO",
        "month_day": "25",
        "custom_rule": "",
        "planned_output": "2",
        "budget": "",
        "status": "active",
    }
    data.update(overrides)
    return data
