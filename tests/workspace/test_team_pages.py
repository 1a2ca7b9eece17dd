"""The team pages (assignment, review, staff): what they show, and their query
counts at two data sizes (pinned: they must not grow with the data)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q
from django.urls import reverse

from accounts.roles import Role
from campaigns.models import ProgressReport, Task
from campaigns.services import teamwork
from campaigns.tallies import tallies_kept
from tests.factories import (
    EvidenceFileFactory,
    ProgressReportFactory,
    TaskFactory,
    UserFactory,
)

from .conftest import TODAY


def _waiting_reports(scene, count: int) -> list[ProgressReport]:
    reports = []
    for n in range(count):
        task = TaskFactory(
            activity=scene.task.activity,
            unit=scene.unit,
            due_date=TODAY + dt.timedelta(days=n + 100),
            status=Task.Status.IN_PROGRESS,
        )
        report = ProgressReportFactory(task=task, submitted_by=scene.head)
        EvidenceFileFactory(report=report)
        reports.append(report)
    return reports


def _staff(scene, count: int) -> list:
    people = [UserFactory(role=Role.UNIT_STAFF) for _ in range(count)]
    scene.unit.staff.add(*people)
    return people


# --- /reviews/ ---


def test_reviews_list_waiting_reports_oldest_first(client, scene, planner) -> None:
    newer, older = _waiting_reports(scene, 2)
    ProgressReport.objects.filter(pk=older.pk).update(
        review_requested_at=newer.review_requested_at - dt.timedelta(days=2)
    )
    client.force_login(planner)

    text = client.get(reverse("workspace:review_list")).text

    assert text.index(f'data-report-id="{older.pk}"') < text.index(
        f'data-report-id="{newer.pk}"'
    )
    assert 'id="nav-reviews-count">2<' in text


def test_the_badge_says_99_plus_past_99_waiting_reports(client, scene, planner) -> None:
    with tallies_kept(Q(pk=scene.task.pk)):
        ProgressReport.objects.bulk_create(
            ProgressReport(task=scene.task, submitted_by=scene.head) for _ in range(100)
        )
    client.force_login(planner)

    text = client.get(reverse("planning:plan_list")).text

    assert 'id="nav-reviews-count">99+<' in text


def test_reviewed_reports_leave_the_list(client, scene, planner) -> None:
    (report,) = _waiting_reports(scene, 1)
    teamwork.report_review(report=report, user=planner, decision="accept")
    client.force_login(planner)

    text = client.get(reverse("workspace:review_list")).text

    assert 'id="no-reviews"' in text
    assert "nav-reviews-count" not in text


@pytest.mark.parametrize("extra", [1, 30])
def test_reviews_queries_do_not_grow_with_data(
    client, scene, planner, django_assert_max_num_queries, extra
) -> None:
    _waiting_reports(scene, extra)
    client.force_login(planner)

    # session, user, groups, bell, nav count; the page's count and rows, files;
    # the unit and activity filters' choices; the saved filters.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("workspace:review_list"))

    assert response.text.count("review-line") == extra


# --- /reports/<id>/review/ ---


def test_the_review_page_returns_a_report_with_a_comment(client, scene, planner):
    (report,) = _waiting_reports(scene, 1)
    client.force_login(planner)

    response = client.post(
        reverse("workspace:report_review", args=[report.pk]),
        {"decision": "return", "comment": "Bổ sung ảnh"},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.RETURNED


def test_returning_without_a_comment_shows_the_error(client, scene, planner) -> None:
    (report,) = _waiting_reports(scene, 1)
    client.force_login(planner)

    response = client.post(
        reverse("workspace:report_review", args=[report.pk]), {"decision": "return"}
    )

    assert response.status_code == 400
    assert "Nêu rõ cần sửa gì" in response.text
    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.SUBMITTED


def test_ones_own_report_shows_no_review_form(client, scene, planner) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=planner)
    client.force_login(planner)
    url = reverse("workspace:report_review", args=[report.pk])

    assert 'id="own-report"' in client.get(url).text
    assert client.post(url, {"decision": "accept"}).status_code == 403


@pytest.mark.parametrize("files", [1, 12])
def test_review_page_queries_do_not_grow_with_data(
    client, scene, planner, django_assert_max_num_queries, files
) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    for _ in range(files):
        EvidenceFileFactory(report=report)
    client.force_login(planner)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("workspace:report_review", args=[report.pk]))

    assert response.text.count("data-evidence-id") == files


# --- /tasks/<id>/assign/ ---


def test_the_head_assigns_from_the_page(client, scene, staff) -> None:
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:task_assign", args=[scene.task.pk]),
        {"assignee": staff.pk},
    )

    assert response.status_code == 302
    assert Task.objects.get(pk=scene.task.pk).assignee == staff


@pytest.mark.parametrize("people", [1, 25])
def test_assign_page_queries_do_not_grow_with_staff(
    client, scene, django_assert_max_num_queries, people
) -> None:
    _staff(scene, people)
    client.force_login(scene.head)

    # session, user, groups, bell; the task and its three prefetches; whether
    # the unit has staff, and the staff listed; the organisation profile.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("workspace:task_assign", args=[scene.task.pk]))

    assert response.status_code == 200


# --- /units/<id>/members/ ---


def test_the_members_page_lists_the_staff(client, scene, staff) -> None:
    client.force_login(scene.head)

    text = client.get(reverse("workspace:unit_members", args=[scene.unit.pk])).text

    assert f'data-member="{staff.username}"' in text


def test_an_admin_manages_any_units_staff(client, scene, admin_user) -> None:
    person = UserFactory()
    client.force_login(admin_user)

    response = client.post(
        reverse("workspace:unit_members", args=[scene.unit.pk]),
        {"action": "add", "account": person.username},
    )

    assert response.status_code == 302
    assert scene.unit.staff.filter(pk=person.pk).exists()


@pytest.mark.parametrize("people", [1, 25])
def test_members_page_queries_do_not_grow_with_staff(
    client, scene, django_assert_max_num_queries, people
) -> None:
    for n, person in enumerate(_staff(scene, people)):
        TaskFactory(
            activity=scene.task.activity,
            unit=scene.unit,
            due_date=TODAY + dt.timedelta(days=n + 1),
            assignee=person,
        )
    client.force_login(scene.head)

    with django_assert_max_num_queries(9):  # + the organisation profile
        response = client.get(reverse("workspace:unit_members", args=[scene.unit.pk]))

    assert response.text.count("data-member=") == people


# --- /my-tasks/ for staff ---


def test_staff_see_their_assigned_tasks_first_then_the_units_read_only(
    client, scene, staff
) -> None:
    teamwork.task_assign(task=scene.task, user=scene.head, assignee=staff)
    other = TaskFactory(activity=scene.task.activity, unit=scene.unit, due_date=TODAY)
    client.force_login(staff)

    text = client.get(reverse("workspace:my_tasks")).text

    mine_at = text.index(f'data-task-id="{scene.task.pk}"')
    other_at = text.index(f'data-task-id="{other.pk}"')
    assert mine_at < other_at
    assert 'id="group-unit"' in text
    assert text.index('id="group-unit"') < other_at


@pytest.mark.parametrize("extra", [0, 40])
def test_staff_my_tasks_queries_do_not_grow_with_data(
    client, scene, staff, django_assert_max_num_queries, extra
) -> None:
    for n in range(extra):
        TaskFactory(
            activity=scene.task.activity,
            unit=scene.unit,
            due_date=TODAY + dt.timedelta(days=n),
            assignee=staff if n % 2 else None,
        )
    client.force_login(staff)

    # session, user, groups, bell; units, months, counts, a list per group
    # shown, the units' other tasks (count and list), audience groups.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workspace:my_tasks"))

    assert response.status_code == 200


# --- comments ---


def test_a_comment_posted_shows_in_the_thread_and_timeline(client, scene, staff):
    client.force_login(staff)

    response = client.post(
        reverse("workspace:task_comments", args=[scene.task.pk]),
        {"body": "Đã liên hệ đài truyền thanh"},
        follow=True,
    )

    assert "Đã liên hệ đài truyền thanh" in response.text
    assert 'data-event="comment"' in response.text


def test_the_add_form_does_not_find_an_account_with_a_district_role(
    client, scene, leader
) -> None:
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:unit_members", args=[scene.unit.pk]),
        {"action": "add", "account": leader.username},
    )

    assert response.status_code == 400
    assert not scene.unit.staff.filter(pk=leader.pk).exists()
    assert Role.UNIT_STAFF not in type(leader).objects.get(pk=leader.pk).roles
