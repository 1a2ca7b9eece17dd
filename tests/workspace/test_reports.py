"""Progress reports and status transitions on the task page."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from campaigns.models import ProgressReport, Task
from notifications.models import Notification
from tests.factories import ProgressReportFactory, tasks_update

from .conftest import pdf_upload


def _data(**extra: object) -> dict[str, object]:
    return {
        "actual_output": "2",
        "participants": "",
        "reach": "1200",
        "note": "Phát 2 lượt chuyên mục CCHC",
        "evidence_links": "https://nuithanh.quangnam.gov.vn/tin-cchc",
        **extra,
    }


def _status(task: Task) -> str:
    return Task.objects.get(pk=task.pk).status


def test_filing_a_report_saves_it_and_starts_the_task(client, scene) -> None:
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:report_create", args=[scene.task.pk]), _data()
    )

    assert response.status_code == 302
    report = ProgressReport.objects.get(task=scene.task)
    assert (report.actual_output, report.reach, report.submitted_by) == (
        2,
        1200,
        scene.head,
    )
    assert report.links == ["https://nuithanh.quangnam.gov.vn/tin-cchc"]
    assert _status(scene.task) == Task.Status.IN_PROGRESS


def test_report_and_done_in_one_step(client, scene, planner) -> None:
    client.force_login(scene.head)

    client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(and_done="1", files=[pdf_upload()]),
    )

    task = Task.objects.get(pk=scene.task.pk)
    assert task.status == Task.Status.DONE
    assert task.completed_at is not None
    note = Notification.objects.get(recipient=planner)
    assert note.kind == Notification.Kind.REPORT_SUBMITTED
    report = ProgressReport.objects.get(task=task)
    assert note.url == reverse("workspace:report_review", args=[report.pk])


def test_a_link_that_is_not_a_web_address_is_refused(client, scene) -> None:
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(evidence_links="https://ok.example.vn\nzalo nhóm xã"),
    )

    assert "Không phải địa chỉ web" in response.text
    assert "zalo nhóm xã" in response.text
    assert ProgressReport.objects.count() == 0


def test_a_negative_output_is_refused_not_a_500(client, scene) -> None:
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(actual_output="-3"),
    )

    assert response.status_code == 200
    assert ProgressReport.objects.count() == 0


def test_a_done_task_takes_no_new_report(client, scene) -> None:
    ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    tasks_update(Task.objects.filter(pk=scene.task.pk), status=Task.Status.DONE)
    client.force_login(scene.head)

    client.post(reverse("workspace:report_create", args=[scene.task.pk]), _data())

    assert ProgressReport.objects.count() == 1


def test_done_without_a_report_is_refused(client, scene) -> None:
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:task_done", args=[scene.task.pk]), follow=True
    )

    assert _status(scene.task) == Task.Status.TODO
    assert "Hãy gửi báo cáo kết quả trước khi đánh dấu hoàn thành." in response.text


def test_done_with_a_report(client, scene) -> None:
    ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    client.force_login(scene.head)

    client.post(reverse("workspace:task_done", args=[scene.task.pk]))

    assert _status(scene.task) == Task.Status.DONE


def test_start_moves_a_task_to_in_progress_once(client, scene) -> None:
    client.force_login(scene.head)
    url = reverse("workspace:task_start", args=[scene.task.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert _status(scene.task) == Task.Status.IN_PROGRESS
    assert "Chỉ bắt đầu được nhiệm vụ chưa thực hiện." in response.text


def test_a_planner_reopens_with_a_reason_and_the_head_is_told(
    client, scene, planner
) -> None:
    ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    tasks_update(Task.objects.filter(pk=scene.task.pk), status=Task.Status.DONE)
    client.force_login(planner)

    client.post(
        reverse("workspace:task_reopen", args=[scene.task.pk]),
        {"reason": "Thiếu ảnh minh chứng"},
    )

    task = Task.objects.get(pk=scene.task.pk)
    assert task.status == Task.Status.IN_PROGRESS
    assert task.completed_at is None
    assert task.history.first().history_change_reason == "Thiếu ảnh minh chứng"
    note = Notification.objects.get(recipient=scene.head)
    assert note.body == "Thiếu ảnh minh chứng"


def test_reopen_needs_a_reason(client, scene, planner) -> None:
    tasks_update(Task.objects.filter(pk=scene.task.pk), status=Task.Status.DONE)
    client.force_login(planner)

    response = client.post(
        reverse("workspace:task_reopen", args=[scene.task.pk]), {"reason": "  "}
    )

    assert response.status_code == 200
    assert "Hãy ghi lý do mở lại nhiệm vụ." in response.text
    assert _status(scene.task) == Task.Status.DONE


def test_editing_a_report_keeps_the_previous_version(client, scene) -> None:
    report = ProgressReportFactory(
        task=scene.task, submitted_by=scene.head, actual_output=1, note="Bản đầu"
    )
    client.force_login(scene.head)

    client.post(
        reverse("workspace:report_edit", args=[report.pk]),
        _data(actual_output="3", note="Đã bổ sung 2 lượt", version=report.version),
    )

    report.refresh_from_db()
    assert (report.actual_output, report.note) == (3, "Đã bổ sung 2 lượt")
    previous = report.history.order_by("history_date")[0]
    assert (previous.actual_output, previous.note) == (1, "Bản đầu")
    page = client.get(scene.task.get_absolute_url())
    assert 'data-event="report-edited"' in page.text
    assert "Bản đầu" in page.text


def test_the_edit_page_shows_the_report_filled_in(client, scene) -> None:
    report = ProgressReportFactory(
        task=scene.task, submitted_by=scene.head, note="Nội dung cũ"
    )
    client.force_login(scene.head)

    response = client.get(reverse("workspace:report_edit", args=[report.pk]))

    assert response.status_code == 200
    assert "Nội dung cũ" in response.text


def test_a_report_of_a_cancelled_task_cannot_be_edited(client, scene) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=scene.head, note="A")
    tasks_update(Task.objects.filter(pk=scene.task.pk), status=Task.Status.CANCELLED)
    client.force_login(scene.head)

    client.post(
        reverse("workspace:report_edit", args=[report.pk]),
        _data(note="B", version=report.version),
    )

    report.refresh_from_db()
    assert report.note == "A"


@pytest.mark.parametrize("role_fixture", ["planner", "admin_user"])
def test_planners_and_admins_may_file_for_a_unit(client, request, scene, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))

    client.post(reverse("workspace:report_create", args=[scene.task.pk]), _data())

    assert ProgressReport.objects.filter(task=scene.task).count() == 1


def test_the_leader_sees_no_report_form(client, leader, scene) -> None:
    client.force_login(leader)

    response = client.get(scene.task.get_absolute_url())

    assert response.status_code == 200
    assert 'id="report-form"' not in response.text
    assert 'id="task-actions"' not in response.text


def test_a_wrong_method_on_ones_own_task_is_405(client, scene) -> None:
    client.force_login(scene.head)

    assert client.get(
        reverse("workspace:task_done", args=[scene.task.pk])
    ).status_code == (405)
    assert client.post(scene.task.get_absolute_url()).status_code == 405


def test_the_report_form_carries_a_one_time_key(client, scene) -> None:
    client.force_login(scene.head)

    first = client.get(scene.task.get_absolute_url()).text
    second = client.get(scene.task.get_absolute_url()).text

    key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', first)
    assert key is not None
    assert key[1] not in second


def test_the_same_report_form_sent_twice_files_one_report(client, scene) -> None:
    client.force_login(scene.head)
    url = reverse("workspace:report_create", args=[scene.task.pk])
    data = _data(submission_key=str(uuid.uuid4()))

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == second.status_code == 302
    assert second.url == scene.task.get_absolute_url()
    reports = ProgressReport.objects.filter(task=scene.task)
    assert reports.count() == 1
    assert sum(report.actual_output for report in reports) == 2


def test_an_edit_without_its_version_is_refused(client, scene) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=scene.head, note="A")
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:report_edit", args=[report.pk]), _data(note="B")
    )

    assert "không cho biết nó sửa phiên bản nào của báo cáo" in response.text
    assert ProgressReport.objects.get(pk=report.pk).note == "A"
