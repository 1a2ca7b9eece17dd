"""Who may do what: planners and admins edit, leaders read, unit heads get 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(world) -> dict[str, int]:
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    return {"plan": world.plan.pk, "activity": activity.pk}


def read_pages(ids: dict[str, int]) -> list[str]:
    return [
        reverse("planning:plan_list"),
        reverse("planning:plan_detail", args=[ids["plan"]]),
        reverse("planning:activity_list"),
        reverse("planning:activity_detail", args=[ids["activity"]]),
        reverse("planning:calendar"),
        reverse("planning:calendar_events") + "?start=2024-01-01&end=2024-02-01",
        reverse("planning:calendar_holidays") + "?start=2024-01-01&end=2024-02-01",
    ]


def edit_pages(ids: dict[str, int]) -> list[str]:
    return [
        reverse("planning:plan_create"),
        reverse("planning:plan_edit", args=[ids["plan"]]),
        reverse("planning:plan_copy", args=[ids["plan"]]),
        reverse("planning:plan_import", args=[ids["plan"]]),
        reverse("planning:plan_import_template", args=[ids["plan"]]),
        reverse("planning:activity_create"),
        reverse("planning:activity_edit", args=[ids["activity"]]),
        reverse("planning:recurrence_preview") + "?start_date=01/01/2024",
    ]


def edit_posts(ids: dict[str, int]) -> list[str]:
    return [
        reverse("planning:plan_status", args=[ids["plan"]]),
        reverse("planning:calendar_move"),
        reverse("planning:activity_create"),
        reverse("planning:plan_import", args=[ids["plan"]]),
    ]


def test_unit_head_gets_403_on_every_planning_page_and_endpoint(client, unit_head, ids):
    client.force_login(unit_head)

    statuses = {
        url: client.get(url).status_code for url in read_pages(ids) + edit_pages(ids)
    }
    statuses |= {f"POST {url}": client.post(url).status_code for url in edit_posts(ids)}

    assert set(statuses.values()) == {403}, statuses


def test_leader_reads_every_page(client, leader, ids):
    client.force_login(leader)

    statuses = {url: client.get(url).status_code for url in read_pages(ids)}

    assert set(statuses.values()) == {200}, statuses


def test_leader_gets_403_on_every_edit_page_and_post(client, leader, ids):
    client.force_login(leader)

    statuses = {url: client.get(url).status_code for url in edit_pages(ids)}
    statuses |= {f"POST {url}": client.post(url).status_code for url in edit_posts(ids)}

    assert set(statuses.values()) == {403}, statuses


@pytest.mark.parametrize("role", [Role.PLANNER, Role.ADMIN])
def test_editors_open_every_page(client, role, ids):
    client.force_login(UserFactory(role=role))

    statuses = {
        url: client.get(url).status_code for url in read_pages(ids) + edit_pages(ids)
    }

    assert set(statuses.values()) == {200}, statuses


def test_user_without_a_role_is_told_so_on_the_dashboard(client, ids):
    client.force_login(UserFactory())

    response = client.get("/")

    assert response.status_code == 403
    assert "chưa thuộc cơ quan nào" in response.content.decode()
    assert client.get(reverse("planning:plan_list")).status_code == 403


def test_unknown_activity_is_404_not_500(planner_client, db):
    response = planner_client.get(reverse("planning:activity_detail", args=[424242]))

    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, ids):
    response = client.get(reverse("planning:calendar"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
