"""Nothing is lost in a race or a delete; cancelled is never overdue."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import ProtectedError, Q
from django.test import Client
from django.urls import reverse

from accounts.models import User
from campaigns.models import Activity, EvidenceFile, Plan, ProgressReport, Task
from campaigns.tallies import tallies_kept
from planning.dashboard import dashboard
from tests.campaigns.lifecycle_world import plan_world
from workspace.task_groups import TaskFilters, my_tasks

pytestmark = pytest.mark.django_db

LATE_IN_2024 = dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def head(db) -> User:
    from tests.conftest import _user_with_role

    return _user_with_role("unit_head")


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- cancelling ------------------------------------------------------------------


def test_cancelling_an_activity_cancels_its_past_due_and_reported_tasks(
    head: User, planner: User
) -> None:
    from campaigns.services.activities import activity_cancel

    world = plan_world(head=head, status=Plan.Status.ISSUED)
    with time_machine.travel(LATE_IN_2024, tick=False):
        activity_cancel(activity=world.activity, user=planner)

    statuses = dict(world.activity.tasks.values_list("pk", "status"))
    assert statuses[world.todo.pk] == Task.Status.CANCELLED
    assert statuses[world.in_progress.pk] == Task.Status.CANCELLED
    assert statuses[world.done.pk] == Task.Status.DONE
    assert ProgressReport.objects.filter(task=world.in_progress).exists()


def test_a_cancelled_activity_counts_nothing_overdue(head: User, planner: User) -> None:
    from campaigns.services.activities import activity_cancel

    world = plan_world(head=head, status=Plan.Status.ISSUED)
    today = dt.date(2024, 11, 20)
    with time_machine.travel(LATE_IN_2024, tick=False):
        activity_cancel(activity=world.activity, user=planner)
        listed = my_tasks(user=head, today=today, filters=TaskFilters())

    counts = {group.key: group.count for group in listed.groups}
    assert counts["overdue"] == 0
    assert Task.objects.overdue(today).count() == 0
    assert dashboard(user=head, plan=world.plan, today=today).overall.overdue == 0


def test_the_unit_dashboard_and_my_tasks_agree_on_overdue(
    head: User, planner: User
) -> None:
    plan_world(head=head, status=Plan.Status.CLOSED, year=2023)
    live = plan_world(head=head, status=Plan.Status.ISSUED, year=2024)
    plan_world(head=head, status=Plan.Status.DRAFT, year=2025)
    today = dt.date(2024, 11, 20)

    listed = my_tasks(user=head, today=today, filters=TaskFilters())
    board = dashboard(user=head, plan=live.plan, today=today)

    overdue = next(g for g in listed.groups if g.key == "overdue")
    assert overdue.count == board.overall.overdue == 2


# --- races -----------------------------------------------------------------------


def test_a_report_edited_in_two_tabs_refuses_the_later_save_and_keeps_its_text(
    head: User,
) -> None:
    with time_machine.travel(dt.datetime(2024, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        world = plan_world(head=head, status=Plan.Status.ISSUED)
        url = reverse("workspace:report_edit", args=[world.report.pk])
        first = {"actual_output": "2", "note": "tab một", "version": "1"}
        second = {"actual_output": "3", "note": "tab hai còn giữ", "version": "1"}
        _client(head).post(url, first)

        response = _client(head).post(url, second)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Người khác vừa lưu" in body
    assert "tab hai còn giữ" in body
    assert ProgressReport.objects.get(pk=world.report.pk).note == "tab một"


def test_a_report_on_a_task_removed_meanwhile_keeps_the_text_and_saves_nothing(
    head: User,
) -> None:
    with time_machine.travel(dt.datetime(2024, 2, 2, 9, tzinfo=dt.UTC), tick=False):
        world = plan_world(head=head, status=Plan.Status.ISSUED)
        url = reverse("workspace:report_create", args=[world.todo.pk])
        with tallies_kept(Q(pk=world.todo.pk)):
            world.todo.delete()

        response = _client(head).post(
            url, {"actual_output": "4", "note": "bài viết đã đăng"}
        )

    body = response.content.decode()
    assert response.status_code == 409
    assert "bài viết đã đăng" in body
    assert "đã bị gỡ" in body
    assert ProgressReport.objects.count() == 2


def test_another_units_removed_task_stays_a_404(head: User, other_head) -> None:
    world = plan_world(head=head, status=Plan.Status.ISSUED)
    url = reverse("workspace:report_create", args=[world.todo.pk])
    with tallies_kept(Q(pk=world.todo.pk)):
        world.todo.delete()

    response = _client(other_head).post(url, {"actual_output": "4"})

    assert response.status_code == 404


@pytest.fixture
def superuser(db) -> User:
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def other_head(db) -> User:
    from tests.conftest import _user_with_role

    return _user_with_role("unit_head")


# --- deleting --------------------------------------------------------------------


def test_an_activity_with_reports_cannot_be_deleted(head: User) -> None:
    world = plan_world(head=head, status=Plan.Status.ISSUED)

    with pytest.raises(ProtectedError):
        world.activity.delete()

    assert Activity.objects.filter(pk=world.activity.pk).exists()
    assert ProgressReport.objects.count() == 2


def test_the_admin_deletes_no_activity_and_offers_cancelling(
    head: User, superuser: User
) -> None:
    world = plan_world(head=head, status=Plan.Status.ISSUED)
    client = _client(superuser)
    url = reverse("admin:campaigns_activity_delete", args=[world.activity.pk])

    refused = client.post(url, {"post": "yes"})
    listed = client.get(reverse("admin:campaigns_activity_changelist"))

    assert refused.status_code == 403
    assert Activity.objects.filter(pk=world.activity.pk).exists()
    assert "Hủy các hoạt động đã chọn" in listed.content.decode()


def test_the_admin_cancel_action_cancels_open_tasks(
    head: User, superuser: User
) -> None:
    world = plan_world(head=head, status=Plan.Status.ISSUED)

    _client(superuser).post(
        reverse("admin:campaigns_activity_changelist"),
        {"action": "cancel_activities", "_selected_action": [world.activity.pk]},
    )

    world.activity.refresh_from_db()
    assert world.activity.status == Activity.Status.CANCELLED
    assert not world.activity.tasks.open().exists()


def test_an_evidence_file_leaves_storage_only_when_its_deletion_commits(
    head: User, django_capture_on_commit_callbacks
) -> None:
    world = plan_world(head=head, status=Plan.Status.ISSUED)
    evidence = EvidenceFile.objects.get(pk=world.evidence.pk)
    storage, name = evidence.file.storage, evidence.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evidence.delete()
    assert storage.exists(name)

    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_the_orphan_command_lists_files_without_a_row(head: User, capsys) -> None:
    world = plan_world(head=head, status=Plan.Status.ISSUED)
    storage = world.evidence.file.storage
    stray = storage.save("evidence/2024/01/stray.pdf", __import__("io").BytesIO(b"x"))

    call_command("orphan_files")

    out = capsys.readouterr().out
    assert stray in out
    assert world.evidence.file.name not in out
    assert "1 tệp" in out
