"""Nothing of a draft plan reaches a unit: no notification, no title, no count
(docs/design.md, "Lifecycle rules")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Plan
from campaigns.services import teamwork
from notifications.models import Notification
from notifications.services import notifications_for_new_tasks

DRAFT_TITLE = "Kế hoạch nháp chưa ban hành"


@pytest.fixture
def draft(scene) -> Plan:
    plan = scene.task.activity.plan
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT, title=DRAFT_TITLE)
    plan.refresh_from_db()
    scene.task.activity.plan = plan
    return plan


def test_assigning_a_draft_plans_task_notifies_no_one(scene, staff, draft) -> None:
    teamwork.task_assign(task=scene.task, user=scene.head, assignee=staff)

    assert not Notification.objects.filter(recipient=staff).exists()


def test_a_mention_on_a_draft_plans_task_notifies_no_one(
    scene, staff, planner, draft
) -> None:
    teamwork.comment_create(
        task=scene.task, user=planner, body=f"@{scene.head.username} xem giúp"
    )

    assert not Notification.objects.filter(recipient=scene.head).exists()


def test_a_draft_plans_new_tasks_tell_no_head(scene, draft) -> None:
    assert notifications_for_new_tasks(tasks=[scene.task]) == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["head", "staff", "leader"])
def test_the_dashboard_asked_for_a_draft_plan_does_not_show_it(
    client, request, scene, staff, leader, draft, who
) -> None:
    client.force_login({"head": scene.head, "staff": staff, "leader": leader}[who])

    response = client.get(reverse("planning:dashboard"), {"plan": draft.pk})

    assert DRAFT_TITLE not in response.text


@pytest.mark.parametrize("who", ["head", "leader"])
def test_the_calendar_lists_no_draft_plan(client, scene, leader, draft, who) -> None:
    client.force_login({"head": scene.head, "leader": leader}[who])

    page = client.get(reverse("planning:calendar"), {"plan": draft.pk})

    assert DRAFT_TITLE not in page.text


def test_a_planner_still_sees_the_draft_on_the_dashboard(
    client, planner, draft
) -> None:
    client.force_login(planner)

    response = client.get(reverse("planning:dashboard"), {"plan": draft.pk})

    assert DRAFT_TITLE in response.text
