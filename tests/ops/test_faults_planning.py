"""Fault tests on the planner's activity form: Redis down during a save, and two
planners saving the same activity (optimistic locking).

Saving an activity needs no broker: its tasks and the heads' in-app notifications
are written in the save's transaction. The reminder e-mails for those tasks come
from the daily sweep, which the hourly catch-up runs again if the broker was down
at 07:30 (tests/campaigns/reminders/test_catch_up.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.factories import home_organisation

# --- Redis stopped while a planner saves an activity ------------------------------


def _activity_with_units():
    from accounts.roles import Role
    from campaigns.models import Plan
    from tests.factories import (
        ActivityFactory,
        AudienceGroupFactory,
        UnitFactory,
        UserFactory,
    )

    plan = Plan.objects.create(
        organisation=home_organisation(),
        year=2024,
        title="Kế hoạch CCHC 2024",
        status=Plan.Status.ISSUED,
    )
    head = UserFactory(username="truong-tam-hiep", role=Role.UNIT_HEAD)
    unit = UnitFactory(name="UBND xã Tam Hiệp", head=head)
    return ActivityFactory(
        plan=plan,
        lead_unit=unit,
        title="Chuyên mục CCHC trên đài truyền thanh",
        audience_groups=[AudienceGroupFactory(name="Người dân")],
        start_date=dt.date(2024, 7, 1),
        due_date=dt.date(2024, 12, 31),
    )


@pytest.mark.django_db(transaction=True)
def test_redis_down_the_planner_still_saves_and_healthz_says_503(
    planner, settings, throwaway_redis, monkeypatch
) -> None:
    from celery import current_app

    from campaigns.models import Activity
    from notifications.models import Notification

    from .forms import form_data

    settings.CELERY_BROKER_URL = throwaway_redis.url
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    monkeypatch.setenv("CELERY_BROKER_URL", throwaway_redis.url)
    current_app.close()
    activity = _activity_with_units()
    client = Client(raise_request_exception=False)
    client.force_login(planner)
    edit = client.get(f"/activities/{activity.pk}/edit/")
    action, data = form_data(edit.content.decode(), "title")
    # Monthly on the 25th from July: six tasks for the unit, and its head is told.
    data["title"] = ["Chuyên mục CCHC hằng tháng trên đài truyền thanh"]
    data["recurrence_preset"] = ["monthly"]
    data["month_day"] = ["25"]
    assert client.get("/healthz").status_code == 200

    throwaway_redis.stop()
    response = client.post(action or f"/activities/{activity.pk}/edit/", data)
    health = client.get("/healthz")

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Chuyên mục CCHC hằng tháng trên đài truyền thanh"
    assert activity.version == 2
    assert activity.tasks.count() == 6
    assert Notification.objects.filter(recipient=activity.lead_unit.head).exists()
    assert health.status_code == 503
    assert health.json()["broker"].startswith("error")
    assert health.json()["database"] == "ok"

    throwaway_redis.start()
    assert client.get("/healthz").status_code == 200
    current_app.close()
    assert Activity.objects.get(pk=activity.pk).version == 2


# --- two planners edit the same activity ------------------------------------------


@pytest.mark.django_db
def test_the_second_of_two_planners_is_told_the_activity_changed(planner) -> None:
    from accounts.roles import Role
    from tests.factories import UserFactory

    from .forms import form_data

    activity = _activity_with_units()
    first, second = Client(), Client()
    first.force_login(planner)
    second.force_login(UserFactory(username="planner-2", role=Role.PLANNER))
    url = f"/activities/{activity.pk}/edit/"
    _, first_data = form_data(first.get(url).content.decode(), "title")
    _, second_data = form_data(second.get(url).content.decode(), "title")
    first_data["title"] = ["Tọa đàm CCHC (sửa bởi người thứ nhất)"]
    second_data["title"] = ["Tọa đàm CCHC (sửa bởi người thứ hai)"]

    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data)

    page = response.content.decode()
    activity.refresh_from_db()
    assert response.status_code == 200
    assert "Người khác đã lưu hoạt động này" in page
    assert activity.title == "Tọa đàm CCHC (sửa bởi người thứ nhất)"
    assert activity.version == 2


# --- PostgreSQL connection lost while the planner creates an activity ---------------


@pytest.mark.django_db(transaction=True)
def test_connection_lost_while_creating_an_activity_saves_nothing(planner) -> None:
    from audiences.models import AudienceGroup
    from campaigns.models import Activity, Task
    from notifications.models import Notification

    from .forms import form_data
    from .test_faults import connection_dropped_before

    existing = _activity_with_units()
    client = Client(raise_request_exception=False)
    client.force_login(planner)
    page = client.get(f"/activities/new/?plan={existing.plan_id}").content.decode()
    action, data = form_data(page, "title")
    data |= {
        "title": ["Tọa đàm về CCHC tại xã"],
        "start_date": ["01/07/2024"],
        "due_date": ["31/12/2024"],
        "recurrence_preset": ["monthly"],
        "month_day": ["10"],
        "audience_groups": [str(AudienceGroup.objects.get().pk)],
        "theme": [str(existing.theme_id)],
        "channel": [str(existing.channel_id)],
        "lead_unit": [str(existing.lead_unit_id)],
    }

    # The activity row is written, then the connection dies before its tasks.
    with connection_dropped_before('INSERT INTO "campaigns_task"') as state:
        response = client.post(action or "/activities/new/", data)

    assert state["dropped"]
    assert response.status_code == 500
    assert "Đã xảy ra sự cố" in response.content.decode()
    assert not Activity.objects.filter(title="Tọa đàm về CCHC tại xã").exists()
    assert Activity.history.filter(title="Tọa đàm về CCHC tại xã").count() == 0
    assert Task.objects.count() == 0
    assert Notification.objects.count() == 0
