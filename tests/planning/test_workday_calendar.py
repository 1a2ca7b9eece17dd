"""The calendar knows make-up working days (holidays package), not only days off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ActivityFactory, TaskFactory

pytestmark = pytest.mark.django_db

# 04/05/2024 (a Saturday) was worked in exchange for a day off around 30/04.
MAKE_UP_SATURDAY_2024 = "2024-05-04"


def test_holiday_feed_marks_the_make_up_saturday_as_a_working_day(planner_client):
    with translation.override("vi"):
        response = planner_client.get(
            reverse("planning:calendar_holidays"),
            {"start": "2024-04-01", "end": "2024-06-01"},
        )

    workdays = [
        event
        for event in response.json()
        if event["extendedProps"]["kind"] == "workday"
    ]
    assert [event["start"] for event in workdays] == [MAKE_UP_SATURDAY_2024]
    assert workdays[0]["title"] == "Ngày làm việc bù"


def _move(client, world, to_date: str) -> dict:
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    TaskFactory(activity=activity, due_date=dt.date(2024, 5, 6))
    with translation.override("vi"):
        response = client.post(
            reverse("planning:calendar_move"),
            {
                "kind": "occurrence",
                "activity": activity.pk,
                "from_date": "2024-05-06",
                "to_date": to_date,
            },
        )
    assert response.status_code == 200
    return response.json()


def test_move_to_the_make_up_saturday_gives_no_off_day_warning(world, planner_client):
    assert _move(planner_client, world, MAKE_UP_SATURDAY_2024)["warning"] == ""


def test_move_to_an_ordinary_saturday_warns_about_the_weekend(world, planner_client):
    assert _move(planner_client, world, "2024-05-11")["warning"] != ""
