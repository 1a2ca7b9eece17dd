"""The review queue at a hundred reports a day: filters, search, paging and
order read from the query string, a flat query count, and many reports
accepted in one POST, all or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity, Plan, ProgressReport, Task, Unit
from campaigns.tallies import tallies_kept
from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

URL = reverse("workspace:review_list")
ACCEPT = reverse("workspace:review_accept_many")
START = dt.datetime(2024, 6, 1, 8, 0, tzinfo=dt.UTC)


@dataclass
class Queue:
    reports: list[ProgressReport]
    units: list[Unit]
    activities: list[Activity]

    def waiting(self) -> list[ProgressReport]:
        return [
            r
            for r in self.reports
            if r.review_status == ProgressReport.ReviewStatus.SUBMITTED
        ]


def _queue(scene, planner, count: int) -> Queue:
    """``count`` reports over 3 units x 2 activities, sent an hour apart from
    ``START``; every tenth returned."""
    units = [scene.unit, scene.other_unit, UnitFactory(name="Phòng Văn hóa - Xã hội")]
    hoi_nghi = ActivityFactory(
        plan=scene.task.activity.plan,
        title="Hội nghị tập huấn nghiệp vụ",
        lead_unit=scene.unit,
        created_by=planner,
    )
    activities = [scene.task.activity, hoi_nghi]
    tasks = [
        TaskFactory(
            activity=activity,
            unit=unit,
            status=Task.Status.IN_PROGRESS,
            due_date=dt.date(2024, 9, 1),
        )
        for activity in activities
        for unit in units
    ]
    reports = []
    for n in range(count):
        at = START + dt.timedelta(hours=n)
        reports.append(
            ProgressReport(
                task=tasks[n % len(tasks)],
                submitted_by=scene.head,
                review_requested_at=at,
                review_status=ProgressReport.ReviewStatus.RETURNED
                if n % 10 == 9
                else ProgressReport.ReviewStatus.SUBMITTED,
            )
        )
    with tallies_kept(Q(pk__in=[task.pk for task in tasks])):
        made = ProgressReport.objects.bulk_create(reports)
    return Queue(made, units, activities)


def _ids(response) -> list[int]:
    return [report.pk for report in response.context["reports"]]


@pytest.fixture
def queue(scene, planner) -> Queue:
    return _queue(scene, planner, 120)


def test_the_queue_shows_waiting_reports_oldest_first_fifty_a_page(
    client, planner, queue
) -> None:
    client.force_login(planner)
    waiting = queue.waiting()

    first = client.get(URL)
    last = client.get(URL, {"page": 3})

    assert first.context["total"] == len(waiting) == 108
    assert _ids(first) == [r.pk for r in waiting[:50]]
    assert _ids(last) == [r.pk for r in waiting[100:]]


def test_newest_first_reverses_the_order(client, planner, queue) -> None:
    client.force_login(planner)

    response = client.get(URL, {"sort": "newest"})

    assert _ids(response) == [r.pk for r in reversed(queue.waiting())][:50]


def test_the_unit_filter_keeps_that_units_reports(client, planner, queue) -> None:
    client.force_login(planner)
    unit = queue.units[2]

    response = client.get(URL, {"unit": unit.pk, "sort": "newest"})

    expected = [r.pk for r in reversed(queue.waiting()) if r.task.unit_id == unit.pk]
    assert response.context["total"] == len(expected) == 36
    assert _ids(response) == expected


def test_the_activity_filter_and_status_returned(client, planner, queue) -> None:
    client.force_login(planner)
    activity = queue.activities[1]

    response = client.get(URL, {"activity": activity.pk, "status": "returned"})

    expected = [
        r.pk
        for r in queue.reports
        if r.task.activity_id == activity.pk
        and r.review_status == ProgressReport.ReviewStatus.RETURNED
    ]
    assert _ids(response) == expected
    assert len(expected) == 8


def test_search_without_diacritics_finds_the_activity(client, planner, queue) -> None:
    client.force_login(planner)

    response = client.get(URL, {"q": "hoi nghi tap huan", "status": "any"})

    assert response.context["total"] == 60
    assert {r.task.activity.title for r in response.context["reports"]} == {
        "Hội nghị tập huấn nghiệp vụ"
    }


def test_the_date_range_is_inclusive_in_local_days(client, planner, queue) -> None:
    client.force_login(planner)

    response = client.get(URL, {"sent_from": "02/06/2024", "sent_to": "02/06/2024"})

    def local_day(report: ProgressReport) -> dt.date:
        return timezone.localtime(report.review_requested_at).date()

    expected = [r.pk for r in queue.waiting() if local_day(r) == dt.date(2024, 6, 2)]
    assert _ids(response) == expected
    assert 20 <= len(expected) <= 24


def test_a_bad_date_says_so_without_failing(client, planner, queue) -> None:
    client.force_login(planner)

    response = client.get(URL, {"sent_from": "31/02/2024"})

    assert response.status_code == 200
    assert 'id="review-filter-errors"' in response.text
    assert response.context["total"] == 0


@pytest.mark.parametrize("count", [10, 120])
def test_the_queue_costs_the_same_queries_at_any_size(
    client, scene, planner, count
) -> None:
    _queue(scene, planner, count)
    client.force_login(planner)
    client.get(URL)  # the session's first read

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"unit": scene.unit.pk, "q": "phat"})

    assert response.status_code == 200
    # session, user, memberships, bell, nav count; the chosen unit; the page's
    # count, rows and their files; the unit and activity filters' choices; the
    # person's saved filters.
    assert len(queries) == 12


# --- accepting many at once ---------------------------------------------------------


def test_twenty_reports_are_accepted_in_one_post(client, planner, queue) -> None:
    client.force_login(planner)
    chosen = [r.pk for r in queue.waiting()[:20]]

    response = client.post(
        ACCEPT, {"report": chosen, "next": f"{URL}?sort=newest"}, follow=True
    )

    assert response.redirect_chain == [(f"{URL}?sort=newest", 302)]
    assert "Đã duyệt 20 báo cáo." in response.text
    statuses = ProgressReport.objects.filter(pk__in=chosen).values_list(
        "review_status", flat=True
    )
    assert set(statuses) == {ProgressReport.ReviewStatus.ACCEPTED}
    assert response.context["total"] == 88


def test_a_closed_plans_report_refuses_the_lot(client, scene, planner) -> None:
    (open_report,) = [ProgressReportFactory(task=scene.task, submitted_by=scene.head)]
    closed_task = TaskFactory(
        activity__plan=PlanFactory(status=Plan.Status.CLOSED), unit=scene.unit
    )
    closed = ProgressReportFactory(task=closed_task, submitted_by=scene.head)
    client.force_login(planner)

    response = client.post(ACCEPT, {"report": [open_report.pk, closed.pk]}, follow=True)

    assert "Chưa báo cáo nào được duyệt." in response.text
    assert not ProgressReport.objects.filter(
        review_status=ProgressReport.ReviewStatus.ACCEPTED
    ).exists()


def test_another_organisations_report_is_not_found(client, scene, planner) -> None:
    mine = ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    elsewhere = OrganisationFactory()
    plan = PlanFactory(organisation=elsewhere)
    theirs = ProgressReportFactory(
        task=TaskFactory(
            activity=ActivityFactory(
                plan=plan, lead_unit=UnitFactory(organisation=elsewhere)
            )
        ),
        submitted_by=UserFactory(),
    )
    client.force_login(planner)

    response = client.post(ACCEPT, {"report": [mine.pk, theirs.pk]})

    assert response.status_code == 404
    assert not ProgressReport.objects.filter(
        review_status=ProgressReport.ReviewStatus.ACCEPTED
    ).exists()


def test_a_unit_head_may_not_accept_many(client, scene) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    client.force_login(scene.other_head)

    response = client.post(ACCEPT, {"report": [report.pk]})

    assert response.status_code == 403


def test_a_next_address_elsewhere_is_ignored(client, scene, planner) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    client.force_login(planner)

    response = client.post(
        ACCEPT, {"report": [report.pk], "next": "https://example.com/"}
    )

    assert response["Location"] == URL
