from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from accounts.roles import Role
from campaigns.models import Task, Unit
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    ChannelFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

from . import samples

TODAY = dt.date(2024, 6, 15)


@dataclass
class Scene:
    """Two communes, each with a head; a task of each, and the planner's."""

    unit: Unit
    other_unit: Unit
    head: User
    other_head: User
    task: Task
    other_task: Task


@pytest.fixture
def other_head(db) -> User:
    return UserFactory(role=Role.UNIT_HEAD)


@pytest.fixture
def scene(unit_head, other_head, planner) -> Scene:
    unit = UnitFactory(name="UBND xã Tam Xuân 1", head=unit_head)
    other_unit = UnitFactory(name="UBND xã Tam Hải", head=other_head)
    channel = ChannelFactory(name="Đài truyền thanh", output_unit="lượt phát sóng")
    audience = AudienceGroupFactory(name="Người dân")
    activity = ActivityFactory(
        title="Phát thanh chuyên mục CCHC",
        lead_unit=unit,
        channel=channel,
        audience_groups=[audience],
        supporting_units=[other_unit],
        created_by=planner,
        due_date=dt.date(2024, 6, 10),
    )
    task = TaskFactory(activity=activity, unit=unit, planned_output=2)
    other_task = TaskFactory(
        activity=activity, unit=other_unit, is_lead=False, planned_output=0
    )
    return Scene(unit, other_unit, unit_head, other_head, task, other_task)


def upload(name: str, content: bytes, content_type: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "Bien ban.pdf") -> SimpleUploadedFile:
    return upload(name, samples.pdf(), "application/pdf")


@pytest.fixture
def staff(scene) -> User:
    """A staff member (cán bộ) of the scene's unit, not its head."""
    user = UserFactory(
        username="canbo-tam-xuan", first_name="Cán bộ", role=Role.UNIT_STAFF
    )
    scene.unit.staff.add(user)
    return user


@pytest.fixture(params=["head", "staff"])
def actor(request, scene) -> User:
    """Each scoping rule holds for the unit's head and for its staff."""
    if request.param == "head":
        return scene.head
    return request.getfixturevalue("staff")
