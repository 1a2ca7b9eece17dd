"""People's names as Vietnamese write them, family name first, wherever a
person is shown: one source (``User.get_full_name``, accounts.names)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.names import split_full_name
from accounts.roles import Role
from tests.factories import ProgressReportFactory, UserFactory

NAME = "Nguyễn Thị Hoa"


@pytest.fixture
def hoa(scene) -> User:
    user = UserFactory(
        username="canbo-hoa",
        last_name="Nguyễn",
        first_name="Thị Hoa",
        role=Role.UNIT_STAFF,
    )
    scene.unit.staff.add(user)
    return user


def test_the_family_name_comes_first(db) -> None:
    user = User(last_name="Nguyễn", first_name="Thị Hoa")

    assert user.get_full_name() == NAME


def test_a_full_name_is_split_family_name_first() -> None:
    assert split_full_name(" Nguyễn  Thị Hoa ") == ("Nguyễn", "Thị Hoa")
    assert split_full_name("Hoa") == ("", "Hoa")


def test_the_team_page_shows_the_family_name_first(client, scene, hoa) -> None:
    client.force_login(scene.head)

    text = client.get(reverse("workspace:unit_members", args=[scene.unit.pk])).text

    assert NAME in text
    assert "Thị Hoa Nguyễn" not in text


def test_the_assign_menu_shows_the_family_name_first(client, scene, hoa) -> None:
    client.force_login(scene.head)

    text = client.get(reverse("workspace:task_assign", args=[scene.task.pk])).text

    assert f">{NAME}</option>" in text


def test_the_review_page_shows_the_family_name_first(
    client, scene, hoa, planner
) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=hoa)
    client.force_login(planner)

    text = client.get(reverse("workspace:report_review", args=[report.pk])).text

    assert NAME in text
    assert "Thị Hoa Nguyễn" not in text


def test_an_invited_person_is_stored_family_name_first(client, scene) -> None:
    client.force_login(scene.head)

    client.post(
        reverse("workspace:unit_members", args=[scene.unit.pk]),
        {"action": "invite", "email": "hoa@tamxuan.test", "full_name": NAME},
    )

    person = User.objects.get(email="hoa@tamxuan.test")
    assert (person.last_name, person.first_name) == ("Nguyễn", "Thị Hoa")
    assert person.get_full_name() == NAME
