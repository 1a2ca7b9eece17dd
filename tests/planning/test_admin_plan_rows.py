"""A plan's rows are read-only in the Django admin, whatever the plan's status:
the services alone write them (the lifecycle and the progress counters live
there). The catalogues stay editable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Activity, Plan, Task
from tests.factories import (
    ActivityFactory,
    ProgressReportFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STATUSES = [Plan.Status.DRAFT, Plan.Status.ISSUED, Plan.Status.CLOSED]


@pytest.fixture
def superuser_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def _rows(world, status: str) -> tuple[Plan, Activity, Task]:
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    task = TaskFactory(activity=activity)
    Plan.objects.filter(pk=world.plan.pk).update(status=status)
    world.plan.refresh_from_db()
    return world.plan, activity, task


@pytest.mark.parametrize("status", STATUSES)
def test_admin_shows_a_plan_without_a_save_button(
    world, superuser_client, status
) -> None:
    plan, _activity, _task = _rows(world, status)

    response = superuser_client.get(
        reverse("admin:campaigns_plan_change", args=[plan.pk])
    )

    assert response.status_code == 200
    assert b'name="_save"' not in response.content


@pytest.mark.parametrize("status", [Plan.Status.ISSUED, Plan.Status.CLOSED])
def test_admin_refuses_to_change_an_activity(world, superuser_client, status) -> None:
    _plan, activity, _task = _rows(world, status)

    response = superuser_client.post(
        reverse("admin:campaigns_activity_change", args=[activity.pk]),
        {"title": "Sửa trong admin"},
    )

    assert response.status_code == 403
    assert Activity.objects.get(pk=activity.pk).title == activity.title


@pytest.mark.parametrize("status", [Plan.Status.ISSUED, Plan.Status.CLOSED])
def test_admin_refuses_to_delete_a_task(world, superuser_client, status) -> None:
    _plan, _activity, task = _rows(world, status)

    response = superuser_client.post(
        reverse("admin:campaigns_task_delete", args=[task.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()


def test_admin_adds_no_activity(world, superuser_client) -> None:
    response = superuser_client.post(
        reverse("admin:campaigns_activity_add"),
        {
            "plan": world.plan.pk,
            "title": "Lén thêm",
            "theme": world.themes[0].pk,
            "channel": world.radio.pk,
            "audience_groups": [world.citizens.pk],
            "lead_unit": world.commune.pk,
            "start_date": "2024-03-01",
            "due_date": "2024-03-02",
            "planned_output": "1",
            "status": "active",
            "version": "1",
            "tasks-TOTAL_FORMS": "0",
            "tasks-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 403
    assert not Activity.objects.filter(title="Lén thêm").exists()


def test_admin_lists_shows_and_tells_the_history_of_a_plans_rows(
    world, superuser_client
) -> None:
    _plan, activity, task = _rows(world, Plan.Status.ISSUED)
    report = ProgressReportFactory(task=task)
    rows = {
        "plan": world.plan,
        "objective": world.objectives[0],
        "contenttheme": world.themes[0],
        "activity": activity,
        "task": task,
        "progressreport": report,
    }

    for name, row in rows.items():
        listed = superuser_client.get(reverse(f"admin:campaigns_{name}_changelist"))
        shown = superuser_client.get(
            reverse(f"admin:campaigns_{name}_change", args=[row.pk])
        )
        assert listed.status_code == 200, name
        assert shown.status_code == 200, name
        assert b'name="_save"' not in shown.content, name
    for name in ("plan", "activity", "task", "progressreport"):
        history = superuser_client.get(
            reverse(f"admin:campaigns_{name}_history", args=[rows[name].pk])
        )
        assert history.status_code == 200, name


@pytest.mark.parametrize(
    ("url", "row"),
    [
        ("admin:campaigns_unit_change", "commune"),
        ("admin:channels_channel_change", "radio"),
        ("admin:audiences_audiencegroup_change", "citizens"),
    ],
)
def test_admin_still_edits_the_catalogues(world, superuser_client, url, row) -> None:
    response = superuser_client.get(reverse(url, args=[getattr(world, row).pk]))

    assert b'name="_save"' in response.content
