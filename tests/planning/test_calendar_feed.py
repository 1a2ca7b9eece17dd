"""The calendar feed is bounded: a day sends at most
``CALENDAR_DAY_LIMIT`` occurrences, chosen in a fixed order, and one summary item
for the rest that links to the day's activity list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from campaigns.models import Activity, Task
from organisation.models import Membership
from planning.calendar_feed import CALENDAR_DAY_LIMIT
from tests.factories import (
    ActivityFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    home_organisation,
    tasks_update,
)

pytestmark = pytest.mark.django_db

LIMIT = CALENDAR_DAY_LIMIT
DAY = dt.date(2024, 3, 12)  # a Tuesday; the planning tests run on 2 January 2024
MONTH = {"start": "2024-02-26", "end": "2024-04-08"}  # FullCalendar's March


def crowd(world, count: int, day: dt.date = DAY, **task) -> list[Activity]:
    """``count`` one-off activities of the plan, each with a task due ``day``."""
    activities = []
    for _ in range(count):
        activity = ActivityFactory(
            plan=world.plan,
            theme=world.themes[0],
            channel=world.radio,
            lead_unit=world.commune,
            start_date=day,
            due_date=day,
        )
        TaskFactory(activity=activity, **task)
        activities.append(activity)
    return activities


def feed(client: Client, **params) -> list[dict]:
    response = client.get(reverse("planning:calendar_events"), MONTH | params)
    assert response.status_code == 200
    return response.json()


def of_day(events: list[dict], day: dt.date = DAY) -> list[dict]:
    return [event for event in events if event["start"] == day.isoformat()]


def test_a_crowded_day_sends_the_limit_and_one_summary_of_the_rest(
    world, planner_client, frozen_today
):
    crowd(world, LIMIT + 7)

    events = of_day(feed(planner_client))

    kinds = [event["extendedProps"]["kind"] for event in events]
    assert kinds == ["occurrence"] * LIMIT + ["more"]
    summary = events[-1]
    assert summary["extendedProps"]["count"] == 7
    assert summary["title"] == "+\u00a07 hoạt động khác"
    assert summary["editable"] is False


def test_the_summary_comes_after_the_shown_occurrences(
    world, planner_client, frozen_today
):
    crowd(world, LIMIT + 1)

    events = of_day(feed(planner_client))

    ranks = [event["extendedProps"]["rank"] for event in events]
    assert ranks == list(range(LIMIT + 1))


def test_the_summary_links_to_that_days_activity_list_with_the_feeds_filters(
    world, planner_client, frozen_today
):
    crowd(world, LIMIT + 2)

    summary = of_day(feed(planner_client, plan=world.plan.pk))[-1]

    assert summary["url"] == (
        reverse("planning:activity_list") + f"?plan={world.plan.pk}&day=2024-03-12"
    )


def test_the_summary_link_lists_every_occurrence_of_the_day(
    world, planner_client, frozen_today
):
    crowd(world, LIMIT + 3)
    crowd(world, 2, day=DAY + dt.timedelta(days=1))
    summary = of_day(feed(planner_client, plan=world.plan.pk))[-1]

    page = planner_client.get(summary["url"])

    assert page.context["page"].paginator.count == LIMIT + 3


def test_a_day_within_the_limit_has_no_summary(world, planner_client, frozen_today):
    crowd(world, LIMIT)

    events = of_day(feed(planner_client))

    assert len(events) == LIMIT
    assert all(event["extendedProps"]["kind"] == "occurrence" for event in events)


def test_cancelled_tasks_are_neither_shown_nor_counted(
    world, planner_client, frozen_today
):
    crowd(world, LIMIT + 2)
    crowd(world, 3, status=Task.Status.CANCELLED)

    summary = of_day(feed(planner_client))[-1]

    assert summary["extendedProps"]["count"] == 2


def test_overdue_occurrences_are_shown_first(world, planner_client, frozen_today):
    past = dt.date(2023, 12, 20)  # before the frozen 2 January 2024
    done = crowd(world, LIMIT + 3, day=past, status=Task.Status.DONE)
    late = crowd(world, 1, day=past)  # the highest id, still to do

    events = of_day(feed(planner_client, start="2023-12-18", end="2024-01-01"), past)

    shown = [event["extendedProps"]["activity"] for event in events[:-1]]
    assert shown == [late[0].pk] + [activity.pk for activity in done[: LIMIT - 1]]


def test_a_district_user_heading_a_unit_sees_that_units_occurrences_first(
    world, client, frozen_today
):
    leader = UserFactory(role=Role.LEADER)
    Membership.objects.create(
        user=leader, organisation=home_organisation(), role=Role.UNIT_HEAD
    )
    own = UnitFactory(head=leader)
    crowd(world, LIMIT + 3)
    theirs = ActivityFactory(
        plan=world.plan, theme=world.themes[0], lead_unit=own, start_date=DAY
    )
    TaskFactory(activity=theirs, due_date=DAY)
    client.force_login(leader)

    events = of_day(feed(client))

    assert events[0]["extendedProps"]["activity"] == theirs.pk
    assert events[-1]["extendedProps"]["count"] == 4


def test_the_unit_filter_counts_that_units_occurrences(
    world, planner_client, frozen_today
):
    crowd(world, LIMIT + 5)
    others = crowd(world, 3)
    for activity in others:
        tasks_update(activity.tasks.all(), unit=world.township)

    events = of_day(feed(planner_client, unit=world.commune.pk))

    assert events[-1]["extendedProps"]["count"] == 5
    assert f"unit={world.commune.pk}&day=2024-03-12" in events[-1]["url"]


def test_the_feeds_queries_do_not_grow_with_the_activities(
    world, planner_client, frozen_today
):
    crowd(world, 2)
    crowd(world, 1, day=DAY + dt.timedelta(days=2))
    with CaptureQueriesContext(connection) as few:
        feed(planner_client)
    crowd(world, 40)
    crowd(world, 25, day=DAY + dt.timedelta(days=2))
    crowd(world, 12, day=DAY + dt.timedelta(days=9), status=Task.Status.DONE)

    with CaptureQueriesContext(connection) as many:
        events = feed(planner_client)

    assert len(events) == 3 * (LIMIT + 1)
    assert len(many) == len(few) == 5


def test_a_unit_head_still_may_not_read_the_feed_or_the_day_list(
    world, unit_head, frozen_today
):
    UnitFactory(head=unit_head)
    crowd(world, LIMIT + 1)
    client = Client()
    client.force_login(unit_head)

    feed_response = client.get(reverse("planning:calendar_events"), MONTH)
    list_response = client.get(reverse("planning:activity_list"), {"day": "2024-03-12"})

    assert feed_response.status_code == 403
    assert list_response.status_code == 403


def test_the_activity_list_filters_by_day(world, planner_client, frozen_today):
    that_day = crowd(world, 2)
    crowd(world, 1, day=DAY + dt.timedelta(days=1))
    crowd(world, 1, status=Task.Status.CANCELLED)

    page = planner_client.get(reverse("planning:activity_list"), {"day": "2024-03-12"})

    listed = {activity.pk for activity in page.context["page"]}
    assert listed == {activity.pk for activity in that_day}
