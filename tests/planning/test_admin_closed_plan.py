"""A closed plan is read-only in the Django admin as well."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Activity, Plan
from tests.factories import ActivityFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def closed(world):
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    task = TaskFactory(activity=activity)
    world.plan.status = Plan.Status.CLOSED
    world.plan.save()
    return world.plan, activity, task


def test_admin_shows_a_closed_plan_without_a_save_button(closed, superuser_client):
    plan, _activity, _task = closed

    response = superuser_client.get(
        reverse("admin:campaigns_plan_change", args=[plan.pk])
    )

    assert response.status_code == 200
    assert b'name="_save"' not in response.content


def test_admin_refuses_to_change_a_closed_plans_activity(closed, superuser_client):
    _plan, activity, _task = closed

    response = superuser_client.post(
        reverse("admin:campaigns_activity_change", args=[activity.pk]),
        {"title": "Sửa trong admin"},
    )

    assert response.status_code == 403
    assert Activity.objects.get(pk=activity.pk).title == activity.title


def test_admin_refuses_to_delete_a_closed_plans_task(closed, superuser_client):
    _plan, _activity, task = closed

    response = superuser_client.post(
        reverse("admin:campaigns_task_delete", args=[task.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert type(task).objects.filter(pk=task.pk).exists()


def test_admin_cannot_attach_a_new_activity_to_a_closed_plan(
    closed, superuser_client, world
):
    plan, _activity, _task = closed

    response = superuser_client.post(
        reverse("admin:campaigns_activity_add"),
        {
            "plan": plan.pk,
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

    assert response.status_code == 200
    assert not Activity.objects.filter(title="Lén thêm").exists()


def test_admin_still_edits_an_open_plans_activity(world, superuser_client):
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])

    response = superuser_client.get(
        reverse("admin:campaigns_activity_change", args=[activity.pk])
    )

    assert b'name="_save"' in response.content
