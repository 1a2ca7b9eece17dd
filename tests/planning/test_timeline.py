"""The year at a glance: a plan's activities on twelve months, by channel or
by lead unit, in a fixed number of queries; another organisation's plan is
not found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Task
from planning.timeline import plan_timeline
from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    PlanFactory,
    TaskFactory,
)


def _url(plan) -> str:
    return reverse("planning:plan_timeline", args=[plan.pk])


@pytest.fixture
def year(world):
    """A radio broadcast every month from March to May (the May one done), a
    portal post in all of the year, and one that started the year before."""
    radio = ActivityFactory(
        plan=world.plan,
        title="Phát thanh chuyên mục CCHC",
        channel=world.radio,
        lead_unit=world.commune,
        start_date=dt.date(2024, 3, 1),
        due_date=dt.date(2024, 5, 31),
    )
    for month in (3, 4, 5):
        TaskFactory(
            activity=radio,
            unit=world.commune,
            due_date=dt.date(2024, month, 25),
            status=Task.Status.DONE if month == 5 else Task.Status.TODO,
        )
    portal = ActivityFactory(
        plan=world.plan,
        title="Đăng tin trên cổng thông tin",
        channel=world.portal,
        lead_unit=world.department,
        start_date=dt.date(2024, 1, 2),
        due_date=dt.date(2024, 12, 31),
    )
    early = ActivityFactory(
        plan=world.plan,
        title="Tổng kết năm trước",
        channel=world.radio,
        lead_unit=world.department,
        start_date=dt.date(2023, 11, 1),
        due_date=dt.date(2024, 2, 10),
    )
    return {"radio": radio, "portal": portal, "early": early}


def test_by_channel_each_activity_sits_in_its_channels_group(world, year) -> None:
    groups = plan_timeline(plan=world.plan, group="channel")

    layout = {
        group.name: [(row.activity.title, row.first, row.last) for row in group.rows]
        for group in groups
    }
    assert layout == {
        "Đài truyền thanh": [
            ("Tổng kết năm trước", 1, 2),
            ("Phát thanh chuyên mục CCHC", 3, 5),
        ],
        "Cổng thông tin điện tử huyện": [("Đăng tin trên cổng thông tin", 1, 12)],
    }


def test_each_month_says_how_many_tasks_are_due_and_done(world, year) -> None:
    groups = plan_timeline(plan=world.plan, group="channel")
    (row,) = [r for g in groups for r in g.rows if r.activity == year["radio"]]

    assert [(m.month, m.tasks, m.done) for m in row.marks] == [
        (3, 1, 0),
        (4, 1, 0),
        (5, 1, 1),
    ]


def test_by_unit_groups_by_lead_unit(world, year) -> None:
    groups = plan_timeline(plan=world.plan, group="unit")

    assert {g.name: len(g.rows) for g in groups} == {
        "UBND xã Tam Hải": 1,
        "Phòng Nội vụ": 2,
    }


def test_the_page_draws_bars_and_month_marks(client, planner, world, year) -> None:
    client.force_login(planner)

    text = client.get(_url(world.plan)).text

    radio = year["radio"].pk
    row = text[text.index(f'data-activity="{radio}"') :]
    row = row[: row.find("data-activity=", 20)]
    assert 'class="gantt-bar s3 e5"' in row
    assert row.count('class="gantt-mark ') == 3
    assert 'class="gantt-mark m5 is-done"' in row


def test_by_unit_on_the_page(client, leader, world, year) -> None:
    client.force_login(leader)

    response = client.get(_url(world.plan), {"group": "unit"})

    assert response.status_code == 200
    assert f'data-group="{world.department.pk}"' in response.text


def test_an_unknown_grouping_falls_back_to_channel(client, planner, world, year):
    client.force_login(planner)

    response = client.get(_url(world.plan), {"group": "bogus"})

    assert response.status_code == 200
    assert response.context["group"] == "channel"


@pytest.mark.parametrize("extra", [0, 20])
def test_the_timeline_costs_the_same_queries_at_any_size(
    client, planner, world, year, extra
) -> None:
    for n in range(extra):
        ActivityFactory(
            plan=world.plan,
            channel=world.portal,
            lead_unit=world.commune,
            start_date=dt.date(2024, 1 + n % 12, 1),
            due_date=dt.date(2024, 12, 1),
        )
    client.force_login(planner)
    client.get(_url(world.plan))

    with CaptureQueriesContext(connection) as queries:
        client.get(_url(world.plan))

    # session, user, memberships, bell, review count, the plan, its
    # activities, their months.
    assert len(queries) == 8


def test_a_unit_head_may_not_open_it(client, unit_head, world) -> None:
    client.force_login(unit_head)

    assert client.get(_url(world.plan)).status_code == 403


def test_another_organisations_plan_is_not_found(client, planner, world) -> None:
    theirs = PlanFactory(organisation=OrganisationFactory())
    client.force_login(planner)

    assert client.get(_url(theirs)).status_code == 404
