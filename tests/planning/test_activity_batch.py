"""Acting on many activities at once from the activity list: shift by days,
move to a month, cancel; each through the one-activity service, all or
none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Activity, Plan, Task
from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    PlanFactory,
    TaskFactory,
)

URL = reverse("planning:activity_batch")
LIST = reverse("planning:activity_list")


def _activity(plan, unit, start: dt.date, **fields) -> Activity:
    activity = ActivityFactory(
        plan=plan,
        lead_unit=unit,
        start_date=start,
        due_date=start + dt.timedelta(days=10),
        **fields,
    )
    TaskFactory(activity=activity, unit=unit, due_date=activity.due_date)
    return activity


@pytest.fixture
def three(world, frozen_today) -> list[Activity]:
    return [
        _activity(world.plan, world.commune, dt.date(2024, 3, n + 1)) for n in range(3)
    ]


def _dates(activities) -> list[tuple[dt.date, dt.date, dt.date]]:
    found = []
    for activity in activities:
        activity.refresh_from_db()
        task = Task.objects.get(activity=activity)
        found.append((activity.start_date, activity.due_date, task.due_date))
    return found


def test_three_activities_shift_by_a_week_in_one_post(planner_client, three) -> None:
    response = planner_client.post(
        URL,
        {"activity": [a.pk for a in three], "action": "shift", "days": "7"},
        follow=True,
    )

    assert "Đã dời 3 hoạt động." in response.text
    assert _dates(three) == [
        (dt.date(2024, 3, 8 + n), dt.date(2024, 3, 18 + n), dt.date(2024, 3, 18 + n))
        for n in range(3)
    ]


def test_activities_move_to_a_month_keeping_their_day(planner_client, three) -> None:
    planner_client.post(
        URL, {"activity": [a.pk for a in three], "action": "month", "month": "9"}
    )

    assert [start for start, _due, _task in _dates(three)] == [
        dt.date(2024, 9, 1),
        dt.date(2024, 9, 2),
        dt.date(2024, 9, 3),
    ]


def test_activities_are_cancelled_with_their_tasks(planner_client, three) -> None:
    planner_client.post(
        URL, {"activity": [a.pk for a in three[:2]], "action": "cancel"}
    )

    statuses = dict(Activity.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in three] == ["cancelled", "cancelled", "active"]
    assert Task.objects.filter(status=Task.Status.CANCELLED).count() == 2


def test_one_recurring_activity_refuses_the_lot(planner_client, world, three) -> None:
    recurring = _activity(
        world.plan,
        world.township,
        dt.date(2024, 4, 1),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
    )
    before = _dates(three)

    response = planner_client.post(
        URL,
        {
            "activity": [*(a.pk for a in three), recurring.pk],
            "action": "shift",
            "days": "7",
        },
        follow=True,
    )

    assert _dates(three) == before
    assert "Chưa hoạt động nào được thay đổi." in response.text
    assert recurring.title in response.text


def test_a_closed_plans_activity_refuses_the_lot(planner_client, world, three) -> None:
    closed = PlanFactory(status=Plan.Status.CLOSED)
    old = _activity(closed, world.commune, dt.date(2024, 3, 1))

    planner_client.post(URL, {"activity": [three[0].pk, old.pk], "action": "cancel"})

    assert not Activity.objects.filter(status=Activity.Status.CANCELLED).exists()


def test_another_organisations_activity_is_not_found(
    planner_client, world, three
) -> None:
    elsewhere = OrganisationFactory()
    theirs = ActivityFactory(plan=PlanFactory(organisation=elsewhere))

    response = planner_client.post(
        URL, {"activity": [three[0].pk, theirs.pk], "action": "cancel"}
    )

    assert response.status_code == 404
    assert not Activity.objects.filter(status=Activity.Status.CANCELLED).exists()


def test_a_shift_without_days_says_so(planner_client, three) -> None:
    response = planner_client.post(
        URL, {"activity": [three[0].pk], "action": "shift"}, follow=True
    )

    assert response.status_code == 200
    assert "Hãy nhập số ngày cần dời." in response.text


def test_a_leader_may_not_act_on_many(client, leader, three) -> None:
    client.force_login(leader)

    response = client.post(URL, {"activity": [three[0].pk], "action": "cancel"})

    assert response.status_code == 403


def test_the_list_offers_the_selection_to_planners_only(
    client, planner, leader, three
) -> None:
    client.force_login(planner)
    assert 'id="activity-batch"' in client.get(LIST).text
    client.force_login(leader)
    assert 'id="activity-batch"' not in client.get(LIST).text
