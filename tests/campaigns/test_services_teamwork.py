"""Assignment, review, comments and a unit's staff: the services' rules."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from campaigns.models import Comment, ProgressReport, Task
from campaigns.services import members, teamwork, work
from notifications.models import Notification
from planning.selectors import plan_progress
from tests.factories import TaskFactory, UserFactory
from tests.workspace.conftest import TODAY


def _report(task, user, **fields) -> ProgressReport:
    return work.report_create(
        task=task, user=user, data={"actual_output": 2, **fields}, mark_done=True
    )


def _done_figure(task) -> int:
    return plan_progress(plan=task.activity.plan, today=TODAY).overall.done


# --- assignment -------------------------------------------------------------------


def test_the_head_assigns_a_task_and_the_assignee_is_told(scene, staff) -> None:
    teamwork.task_assign(task=scene.task, user=scene.head, assignee=staff)

    assert Task.objects.get(pk=scene.task.pk).assignee == staff
    note = Notification.objects.get(recipient=staff)
    assert note.kind == Notification.Kind.TASK_ASSIGNED
    assert note.task_id == scene.task.pk


def test_assigning_outside_the_units_staff_is_refused(scene) -> None:
    outsider = UserFactory(role=Role.UNIT_STAFF)
    scene.other_unit.staff.add(outsider)

    with pytest.raises(ValidationError):
        teamwork.task_assign(task=scene.task, user=scene.head, assignee=outsider)
    assert Task.objects.get(pk=scene.task.pk).assignee_id is None


def test_another_units_head_may_not_assign(scene, staff) -> None:
    with pytest.raises(PermissionDenied):
        teamwork.task_assign(task=scene.task, user=scene.other_head, assignee=staff)


def test_all_of_an_activitys_open_tasks_are_assigned_at_once(scene, staff) -> None:
    second = TaskFactory(activity=scene.task.activity, unit=scene.unit, due_date=TODAY)
    TaskFactory(
        activity=scene.task.activity,
        unit=scene.unit,
        due_date=TODAY.replace(day=1),
        status=Task.Status.DONE,
    )

    count = teamwork.activity_tasks_assign(
        activity=scene.task.activity, unit=scene.unit, user=scene.head, assignee=staff
    )

    assert count == 2
    assert set(Task.objects.filter(assignee=staff)) == {scene.task, second}
    assert Notification.objects.filter(recipient=staff).count() == 1


def test_staff_report_only_on_their_assigned_tasks(client, scene, staff) -> None:
    from campaigns.policy import can_report

    assert not can_report(staff, scene.task)
    teamwork.task_assign(task=scene.task, user=scene.head, assignee=staff)
    scene.task.refresh_from_db()
    assert can_report(staff, scene.task)


# --- review -----------------------------------------------------------------------


def test_a_done_task_waits_for_review_and_is_not_counted_done(
    scene, planner, settings
) -> None:
    settings.REPORT_REVIEW_REQUIRED = True
    _report(scene.task, scene.head)

    assert Task.objects.get(pk=scene.task.pk).status == Task.Status.DONE
    assert _done_figure(scene.task) == 0


def test_with_review_off_the_units_done_stands(scene, settings) -> None:
    settings.REPORT_REVIEW_REQUIRED = False
    _report(scene.task, scene.head)

    assert _done_figure(scene.task) == 1


def test_accepting_counts_the_task_done(scene, planner) -> None:
    report = _report(scene.task, scene.head)

    teamwork.report_review(report=report, user=planner, decision="accept")

    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.ACCEPTED
    assert report.reviewed_by == planner
    assert _done_figure(scene.task) == 1


def test_accepting_a_report_of_a_task_in_progress_marks_it_done(scene, planner) -> None:
    report = work.report_create(
        task=scene.task, user=scene.head, data={"actual_output": 1}
    )

    teamwork.report_review(report=report, user=planner, decision="accept")

    task = Task.objects.get(pk=scene.task.pk)
    assert task.status == Task.Status.DONE
    assert task.completed_at == report.review_requested_at


def test_returning_puts_the_task_back_and_tells_assignee_and_head(
    scene, staff, planner
) -> None:
    teamwork.task_assign(task=scene.task, user=scene.head, assignee=staff)
    scene.task.refresh_from_db()
    report = _report(scene.task, staff)
    Notification.objects.all().delete()

    teamwork.report_review(
        report=report, user=planner, decision="return", comment="Thiếu ảnh"
    )

    task = Task.objects.get(pk=scene.task.pk)
    assert task.status == Task.Status.IN_PROGRESS
    assert task.accepted_at is None
    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.RETURNED
    assert report.review_comment == "Thiếu ảnh"
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {staff.pk, scene.head.pk}


def test_returning_needs_a_comment(scene, planner) -> None:
    report = _report(scene.task, scene.head)

    with pytest.raises(ValidationError):
        teamwork.report_review(report=report, user=planner, decision="return")


def test_nobody_reviews_their_own_report(scene, planner) -> None:
    report = _report(scene.task, planner)

    with pytest.raises(PermissionDenied):
        teamwork.report_review(report=report, user=planner, decision="accept")


def test_a_returned_report_edited_goes_back_for_review(scene, planner) -> None:
    report = _report(scene.task, scene.head)
    teamwork.report_review(report=report, user=planner, decision="return", comment="x")

    work.report_update(
        report=report,
        user=scene.head,
        data={
            "actual_output": 3,
            "participants": None,
            "reach": None,
            "note": "đã bổ sung",
            "evidence_links": "",
            "actual_cost": None,
        },
        expected_version=report.version,
    )

    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.SUBMITTED


def test_an_accepted_report_cannot_be_edited(scene, planner) -> None:
    report = _report(scene.task, scene.head)
    teamwork.report_review(report=report, user=planner, decision="accept")

    with pytest.raises(ValidationError):
        work.report_update(
            report=report,
            user=scene.head,
            data={
                "actual_output": 9,
                "participants": None,
                "reach": None,
                "note": "",
                "evidence_links": "",
                "actual_cost": None,
            },
            expected_version=report.version,
        )
    assert ProgressReport.objects.get(pk=report.pk).actual_output == 2


def test_reopening_makes_the_accepted_report_editable_again(scene, planner) -> None:
    report = _report(scene.task, scene.head)
    teamwork.report_review(report=report, user=planner, decision="accept")

    work.task_reopen(task=scene.task, user=planner, reason="Sai số liệu")

    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.RETURNED
    assert Task.objects.get(pk=scene.task.pk).accepted_at is None
    assert _done_figure(scene.task) == 0


def test_a_report_is_reviewed_once(scene, planner, admin_user) -> None:
    report = _report(scene.task, scene.head)
    teamwork.report_review(report=report, user=planner, decision="accept")

    with pytest.raises(ValidationError):
        teamwork.report_review(
            report=report, user=admin_user, decision="return", comment="x"
        )


# --- comments ---------------------------------------------------------------------


def test_a_mention_notifies_someone_who_sees_the_task(scene, staff, planner) -> None:
    teamwork.comment_create(
        task=scene.task, user=planner, body=f"@{staff.username} bổ sung ảnh nhé"
    )

    assert Comment.objects.filter(task=scene.task).count() == 1
    assert Notification.objects.filter(
        recipient=staff, kind=Notification.Kind.MENTION
    ).exists()


def test_a_mention_of_someone_who_cannot_see_the_task_tells_nobody(
    scene, planner
) -> None:
    teamwork.comment_create(
        task=scene.task, user=planner, body=f"@{scene.other_head.username} xem giúp"
    )

    assert not Notification.objects.filter(recipient=scene.other_head).exists()


def test_a_leader_may_not_comment(scene, leader) -> None:
    with pytest.raises(PermissionDenied):
        teamwork.comment_create(task=scene.task, user=leader, body="xin chào")


def test_an_empty_comment_is_refused(scene, planner) -> None:
    with pytest.raises(ValidationError):
        teamwork.comment_create(task=scene.task, user=planner, body="   ")


# --- membership -------------------------------------------------------------------


def test_the_head_adds_an_existing_account_as_staff(scene) -> None:
    person = UserFactory()

    members.unit_member_add(unit=scene.unit, user=scene.head, member=person)

    assert scene.unit.staff.filter(pk=person.pk).exists()
    assert Role.UNIT_STAFF in type(person).objects.get(pk=person.pk).roles


def test_an_invitation_creates_the_account_and_sends_a_link(scene) -> None:
    member = members.unit_member_invite(
        unit=scene.unit,
        user=scene.head,
        email="nguyen.van.a@example.test",
        full_name="Nguyễn Văn A",
    )

    assert not member.has_usable_password()
    assert scene.unit.staff.filter(pk=member.pk).exists()
    (message,) = mail.outbox
    assert message.to == ["nguyen.van.a@example.test"]
    assert "/accounts/reset/" in message.body


def test_removing_staff_gives_their_open_tasks_back_to_the_head(scene, staff) -> None:
    teamwork.task_assign(task=scene.task, user=scene.head, assignee=staff)

    freed = members.unit_member_remove(unit=scene.unit, user=scene.head, member=staff)

    assert freed == 1
    assert Task.objects.get(pk=scene.task.pk).assignee_id is None
    assert not scene.unit.staff.filter(pk=staff.pk).exists()
