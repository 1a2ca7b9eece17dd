"""A unit head or staff member never reaches another unit's task, report, file,
comment or notification: every view, GET and POST, answers 404, and nothing
changes. Planning pages are 403 for them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Comment, EvidenceFile, ProgressReport, Task
from notifications.models import Notification
from tests.factories import (
    EvidenceFileFactory,
    NotificationFactory,
    ProgressReportFactory,
    UserFactory,
    tasks_update,
)

from .conftest import pdf_upload


@pytest.fixture
def foreign(scene):
    """The other unit's task, its report, evidence file and comment."""
    report = ProgressReportFactory(
        task=scene.other_task, submitted_by=scene.other_head, note="bí mật"
    )
    evidence = EvidenceFileFactory(report=report)
    comment = Comment.objects.create(
        task=scene.other_task, author=scene.other_head, body="chuyện nội bộ"
    )
    return {
        "task": scene.other_task,
        "report": report,
        "evidence": evidence,
        "comment": comment,
    }


def foreign_urls(foreign) -> dict[str, str]:
    task, report, evidence = foreign["task"], foreign["report"], foreign["evidence"]
    return {
        "task_detail": reverse("workspace:task_detail", args=[task.pk]),
        "report_create": reverse("workspace:report_create", args=[task.pk]),
        "task_start": reverse("workspace:task_start", args=[task.pk]),
        "task_done": reverse("workspace:task_done", args=[task.pk]),
        "task_reopen": reverse("workspace:task_reopen", args=[task.pk]),
        "report_edit": reverse("workspace:report_edit", args=[report.pk]),
        "evidence_download": reverse("workspace:evidence_download", args=[evidence.pk]),
        "evidence_delete": reverse("workspace:evidence_delete", args=[evidence.pk]),
        "task_assign": reverse("workspace:task_assign", args=[task.pk]),
        "task_comments": reverse("workspace:task_comments", args=[task.pk]),
    }


VIEWS = [
    "task_detail",
    "report_create",
    "task_start",
    "task_done",
    "task_reopen",
    "report_edit",
    "evidence_download",
    "evidence_delete",
    "task_assign",
    "task_comments",
]
POST_DATA = {
    "actual_output": "9",
    "note": "ghi đè",
    "evidence_links": "",
    "reason": "mở lại",
    "and_done": "1",
    "body": "@" + "other-head xin chào",
    "assignee": "",
}


def _snapshot(foreign) -> tuple:
    task = Task.objects.get(pk=foreign["task"].pk)
    report = ProgressReport.objects.get(pk=foreign["report"].pk)
    return (
        task.status,
        task.completed_at,
        report.actual_output,
        report.note,
        ProgressReport.objects.count(),
        task.assignee_id,
        EvidenceFile.objects.count(),
        Comment.objects.count(),
        Notification.objects.count(),
    )


@pytest.mark.parametrize("view", VIEWS)
def test_another_units_id_is_404_on_get(client, actor, foreign, view) -> None:
    client.force_login(actor)
    before = _snapshot(foreign)

    response = client.get(foreign_urls(foreign)[view])

    assert response.status_code == 404
    assert _snapshot(foreign) == before


@pytest.mark.parametrize("view", VIEWS)
def test_another_units_id_is_404_on_post(client, actor, foreign, view) -> None:
    client.force_login(actor)
    before = _snapshot(foreign)

    response = client.post(
        foreign_urls(foreign)[view], {**POST_DATA, "files": [pdf_upload()]}
    )

    assert response.status_code == 404
    assert _snapshot(foreign) == before
    assert foreign["evidence"].file.storage.exists(foreign["evidence"].file.name)


@pytest.mark.parametrize("view", VIEWS)
def test_a_missing_id_answers_like_a_foreign_one(client, actor, view) -> None:
    client.force_login(actor)
    url = reverse(f"workspace:{view}", args=[999_999])

    assert client.get(url).status_code == 404
    assert client.post(url, POST_DATA).status_code == 404


def test_another_users_notification_is_404_on_every_view(client, scene, actor) -> None:
    theirs = NotificationFactory(recipient=scene.other_head, title="của người khác")
    client.force_login(actor)

    for name in ("notifications:open", "notifications:read"):
        url = reverse(name, args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_ones_own(client, scene) -> None:
    theirs = NotificationFactory(recipient=scene.other_head)
    mine = NotificationFactory(recipient=scene.head)
    client.force_login(scene.head)

    client.post(reverse("notifications:read_all"))

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_my_tasks_lists_only_my_units_tasks(client, scene, actor) -> None:
    client.force_login(actor)

    response = client.get(reverse("workspace:my_tasks"))

    assert f'data-task-id="{scene.task.pk}"'.encode() in response.content
    assert f'data-task-id="{scene.other_task.pk}"'.encode() not in response.content


def test_notification_list_shows_only_ones_own(client, scene) -> None:
    NotificationFactory(recipient=scene.other_head, title="Riêng của Tam Hải")
    NotificationFactory(recipient=scene.head, title="Của Tam Xuân")
    client.force_login(scene.head)

    response = client.get(reverse("notifications:list"))

    assert "Của Tam Xuân" in response.text
    assert "Riêng của Tam Hải" not in response.text


@pytest.mark.parametrize("role_fixture", ["planner", "admin_user", "leader"])
def test_district_roles_see_every_units_task_and_file(
    client, request, scene, foreign, role_fixture
) -> None:
    client.force_login(request.getfixturevalue(role_fixture))
    urls = foreign_urls(foreign)

    assert client.get(urls["task_detail"]).status_code == 200
    assert client.get(urls["evidence_download"]).status_code == 200


@pytest.mark.parametrize(
    "view", ["report_create", "task_start", "task_done", "evidence_delete"]
)
def test_a_leader_reads_but_may_not_write(client, leader, scene, foreign, view):
    client.force_login(leader)
    before = _snapshot(foreign)

    response = client.post(foreign_urls(foreign)[view], POST_DATA)

    assert response.status_code == 403
    assert _snapshot(foreign) == before


def test_a_leader_may_not_edit_a_report(client, leader, scene, foreign) -> None:
    client.force_login(leader)

    response = client.get(foreign_urls(foreign)["report_edit"])

    assert response.status_code == 403


def test_a_unit_head_may_not_reopen_their_own_done_task(client, scene) -> None:
    ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    tasks_update(Task.objects.filter(pk=scene.task.pk), status=Task.Status.DONE)
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:task_reopen", args=[scene.task.pk]), {"reason": "x"}
    )

    assert response.status_code == 403
    assert Task.objects.get(pk=scene.task.pk).status == Task.Status.DONE


# --- unit staff -------------------------------------------------------


PLANNING_PAGES = [
    "/plans/",
    "/activities/",
    "/activities/new/",
    "/calendar/",
    "/reports/2024/",
    "/reviews/",
]


@pytest.mark.parametrize("url", PLANNING_PAGES)
def test_planning_pages_are_403_for_unit_roles(client, actor, url) -> None:
    client.force_login(actor)

    assert client.get(url).status_code == 403


def test_reviewing_is_403_for_unit_roles(client, actor, scene) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    client.force_login(actor)
    url = reverse("workspace:report_review", args=[report.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "accept"}).status_code == 403
    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.SUBMITTED


def test_staff_see_their_units_task(client, scene, staff) -> None:
    client.force_login(staff)

    assert client.get(scene.task.get_absolute_url()).status_code == 200


def test_staff_of_several_units_see_each(client, scene, staff) -> None:
    scene.other_unit.staff.add(staff)
    client.force_login(staff)

    assert client.get(scene.other_task.get_absolute_url()).status_code == 200


def test_staff_may_not_report_on_a_task_not_assigned_to_them(
    client, scene, staff
) -> None:
    client.force_login(staff)

    response = client.post(
        reverse("workspace:report_create", args=[scene.task.pk]), POST_DATA
    )

    assert response.status_code == 403
    assert not ProgressReport.objects.filter(task=scene.task).exists()


def test_staff_may_not_assign(client, scene, staff) -> None:
    client.force_login(staff)

    response = client.post(
        reverse("workspace:task_assign", args=[scene.task.pk]), {"assignee": staff.pk}
    )

    assert response.status_code == 403
    assert Task.objects.get(pk=scene.task.pk).assignee_id is None


def test_a_head_cannot_assign_to_another_units_staff(client, scene) -> None:
    outsider = UserFactory(role="unit_staff")
    scene.other_unit.staff.add(outsider)
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:task_assign", args=[scene.task.pk]),
        {"assignee": outsider.pk},
    )

    assert response.status_code == 200  # the form again, with the error
    assert Task.objects.get(pk=scene.task.pk).assignee_id is None


def test_a_head_cannot_manage_another_units_staff(client, scene, staff) -> None:
    client.force_login(scene.other_head)
    url = reverse("workspace:unit_members", args=[scene.unit.pk])

    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "remove", "member": staff.pk})
    assert response.status_code == 404
    assert scene.unit.staff.filter(pk=staff.pk).exists()


def test_staff_cannot_manage_their_units_staff(client, scene, staff) -> None:
    client.force_login(staff)

    url = reverse("workspace:unit_members", args=[scene.unit.pk])
    assert client.get(url).status_code == 404
