"""The reviewers are told of every report sent for review, at once and in their
daily digest; notifications say what happened; many reports accepted at once,
all or nothing."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.roles import Role
from campaigns.digests import digest_sections
from campaigns.models import Plan, ProgressReport, Reminder, Task
from campaigns.reminders import reminders_sweep
from campaigns.services import reviews, teamwork, work
from notifications.models import Notification
from tests.factories import (
    NotificationFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UserFactory,
)

REPORT = {
    "actual_output": 2,
    "participants": 0,
    "reach": 100,
    "actual_cost": 0,
    "note": "Đã phát",
    "evidence_links": "",
}


def _returned(scene, planner) -> ProgressReport:
    report = work.report_create(task=scene.task, user=scene.head, data=REPORT)
    teamwork.report_review(
        report=report, user=planner, decision="return", comment="Thiếu ảnh"
    )
    Notification.objects.all().delete()
    return ProgressReport.objects.get(pk=report.pk)


def test_a_report_filed_without_done_tells_the_activitys_planner(
    scene, planner
) -> None:
    report = work.report_create(task=scene.task, user=scene.head, data=REPORT)

    note = Notification.objects.get(recipient=planner)
    assert note.kind == Notification.Kind.REPORT_SUBMITTED
    assert note.url == f"/reports/{report.pk}/review/"
    assert "UBND xã Tam Xuân 1" in note.title


def test_a_report_corrected_after_a_return_tells_the_reviewer(scene, planner) -> None:
    report = _returned(scene, planner)

    work.report_update(
        report=report,
        user=scene.head,
        data={**REPORT, "note": "Đã bổ sung ảnh"},
        expected_version=report.version,
    )

    note = Notification.objects.get(recipient=planner)
    assert note.kind == Notification.Kind.REPORT_RESUBMITTED
    assert note.title.startswith("Báo cáo gửi duyệt lại")


def test_an_edit_of_a_waiting_report_tells_nobody_again(scene, planner) -> None:
    report = work.report_create(task=scene.task, user=scene.head, data=REPORT)
    Notification.objects.all().delete()

    work.report_update(
        report=report,
        user=scene.head,
        data={**REPORT, "note": "Sửa chính tả"},
        expected_version=report.version,
    )

    assert not Notification.objects.exists()


def test_without_an_active_author_every_planner_is_told(scene, planner) -> None:
    other = UserFactory(role=Role.PLANNER)
    planner.is_active = False
    planner.save(update_fields=["is_active"])

    work.report_create(task=scene.task, user=scene.head, data=REPORT)

    assert list(Notification.objects.values_list("recipient", flat=True)) == [other.pk]


def test_a_returned_reports_notification_is_labelled_returned(scene, planner) -> None:
    report = work.report_create(task=scene.task, user=scene.head, data=REPORT)

    teamwork.report_review(
        report=report, user=planner, decision="return", comment="Thiếu ảnh"
    )

    note = Notification.objects.get(recipient=scene.head)
    assert note.kind == Notification.Kind.REPORT_RETURNED
    with translation.override("vi"):
        assert note.get_kind_display() == "Báo cáo bị trả lại"


def test_stored_kinds_are_split_by_what_happened(scene, planner) -> None:
    migration = importlib.import_module(
        "notifications.migrations.0006_notification_kinds_say_what_happened"
    )
    returned = NotificationFactory(
        recipient=scene.head, kind="report_reviewed", title="Báo cáo bị trả lại: X"
    )
    accepted = NotificationFactory(
        recipient=scene.head, kind="report_reviewed", title="Báo cáo đã được duyệt: X"
    )
    done = NotificationFactory(recipient=planner, kind="report_filed", title="A: X")
    reopened = NotificationFactory(
        recipient=scene.head, kind="other", title="Nhiệm vụ được mở lại: X"
    )

    migration.split_kinds(apps, None)

    kinds = dict(Notification.objects.values_list("pk", "kind"))
    assert kinds == {
        returned.pk: "report_returned",
        accepted.pk: "report_accepted",
        done.pk: "task_done",
        reopened.pk: "task_reopened",
    }


# --- the daily digest --------------------------------------------------------------


def test_the_sweep_puts_waiting_reports_in_the_reviewers_digest(
    scene, planner, time_machine
) -> None:
    time_machine.move_to(dt.datetime(2024, 6, 3, 0, 30, tzinfo=dt.UTC), tick=False)
    work.report_create(task=scene.task, user=scene.head, data=REPORT)
    notes_before = Notification.objects.count()

    reminders_sweep(day=dt.date(2024, 6, 3))
    rows = list(Reminder.objects.filter(recipient=planner))

    assert [(row.kind, row.task_id) for row in rows] == [("review", scene.task.pk)]
    assert [section.key for section in digest_sections(rows)] == ["review"]
    reminders_sweep(day=dt.date(2024, 6, 3))
    assert Reminder.objects.filter(recipient=planner).count() == 1
    assert Notification.objects.count() == notes_before


# --- accepting many at once --------------------------------------------------------


def _waiting(scene, count: int, plan: Plan | None = None) -> list[ProgressReport]:
    task_fields = (
        {"activity__plan": plan} if plan else {"activity": scene.task.activity}
    )
    reports = []
    for n in range(count):
        task = TaskFactory(
            unit=scene.unit,
            status=Task.Status.IN_PROGRESS,
            due_date=dt.date(2024, 7, 1) + dt.timedelta(days=n),
            **task_fields,
        )
        reports.append(ProgressReportFactory(task=task, submitted_by=scene.head))
    return reports


def test_reports_accept_accepts_each_and_marks_their_tasks_done(scene, planner) -> None:
    reports = _waiting(scene, 3)

    accepted = reviews.reports_accept(
        actor=planner, report_ids=[report.pk for report in reports]
    )

    assert len(accepted) == 3
    assert set(
        ProgressReport.objects.filter(pk__in=[r.pk for r in reports]).values_list(
            "review_status", flat=True
        )
    ) == {ProgressReport.ReviewStatus.ACCEPTED}
    assert set(
        Task.objects.filter(reports__in=reports).values_list("status", flat=True)
    ) == {Task.Status.DONE}


def test_reports_accept_refuses_all_when_one_plan_is_closed(scene, planner) -> None:
    open_ones = _waiting(scene, 2)
    (closed,) = _waiting(scene, 1, plan=PlanFactory(status=Plan.Status.CLOSED))

    with pytest.raises(ValidationError):
        reviews.reports_accept(
            actor=planner, report_ids=[*(r.pk for r in open_ones), closed.pk]
        )

    assert not ProgressReport.objects.filter(
        review_status=ProgressReport.ReviewStatus.ACCEPTED
    ).exists()


def test_reports_accept_refuses_all_when_one_is_already_reviewed(
    scene, planner
) -> None:
    first, second = _waiting(scene, 2)
    teamwork.report_review(report=second, user=planner, decision="accept")

    with pytest.raises(ValidationError) as refused:
        reviews.reports_accept(actor=planner, report_ids=[first.pk, second.pk])

    assert "already reviewed" in str(refused.value) or "đã được duyệt" in str(
        refused.value
    )
    first.refresh_from_db()
    assert first.review_status == ProgressReport.ReviewStatus.SUBMITTED


def test_reports_accept_refuses_ones_own_report(scene, planner) -> None:
    (report,) = _waiting(scene, 1)
    ProgressReport.objects.filter(pk=report.pk).update(submitted_by=planner)

    with pytest.raises(PermissionDenied):
        reviews.reports_accept(actor=planner, report_ids=[report.pk])


def test_reports_accept_says_an_unknown_id_does_not_exist(scene, planner) -> None:
    (report,) = _waiting(scene, 1)

    with pytest.raises(ProgressReport.DoesNotExist):
        reviews.reports_accept(actor=planner, report_ids=[report.pk, report.pk + 999])

    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.SUBMITTED
