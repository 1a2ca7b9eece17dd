"""/my-tasks/ and the task page: what a unit head sees, and at what cost."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Plan, Task
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    EvidenceFileFactory,
    ObjectiveFactory,
    ProgressReportFactory,
    ReminderFactory,
    TaskFactory,
    UnitFactory,
)

from .conftest import TODAY

pytestmark = pytest.mark.usefixtures("_frozen_today")


@pytest.fixture
def _frozen_today():
    with time_machine.travel(
        dt.datetime(2024, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        yield


def _task(unit, due: dt.date, status: str = Task.Status.TODO, **kwargs) -> Task:
    # Of the scene's plan: /my-tasks/ reads the current plan.
    kwargs.setdefault("plan", Plan.objects.order_by("pk").first())
    activity = ActivityFactory(lead_unit=unit, due_date=due, **kwargs)
    task = TaskFactory(activity=activity, unit=unit, due_date=due, status=status)
    if status == Task.Status.DONE:
        # Done and accepted: counted done (a task awaiting review is not).
        done_at = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
        Task.objects.filter(pk=task.pk).update(
            completed_at=done_at, accepted_at=done_at
        )
    return task


def _group_ids(response, group: str) -> set[int]:
    overview = response.context["overview"]
    found = next(g for g in overview.groups if g.key == group)
    return {task.pk for task in found.tasks}


def test_tasks_are_grouped_overdue_next_7_days_later_done(client, scene) -> None:
    unit = scene.unit  # scene.task is due 10/06: overdue
    soon = _task(unit, TODAY + dt.timedelta(days=7))
    today = _task(unit, TODAY)
    later = _task(unit, TODAY + dt.timedelta(days=8))
    done = _task(unit, TODAY - dt.timedelta(days=20), Task.Status.DONE)
    _task(unit, TODAY - dt.timedelta(days=3), Task.Status.CANCELLED)
    client.force_login(scene.head)

    response = client.get(reverse("workspace:my_tasks"))

    assert _group_ids(response, "overdue") == {scene.task.pk}
    assert _group_ids(response, "soon") == {soon.pk, today.pk}
    assert _group_ids(response, "later") == {later.pk}
    assert _group_ids(response, "done") == {done.pk}
    counts = {g.key: g.count for g in response.context["overview"].groups}
    assert counts == {"overdue": 1, "soon": 2, "later": 1, "awaiting": 0, "done": 1}
    assert 'data-group="overdue" data-count="1"' in response.text


def test_a_task_line_shows_activity_channel_audience_due_and_output(
    client, scene
) -> None:
    client.force_login(scene.head)

    response = client.get(reverse("workspace:my_tasks"))

    text = response.text
    assert "Phát thanh chuyên mục CCHC" in text
    assert "Đài truyền thanh" in text
    assert "Người dân" in text
    assert "10/06/2024" in text
    assert "Cần: 2 lượt phát sóng" in text
    assert "quá hạn 5 ngày" in text


def test_filter_by_month_and_status(client, scene) -> None:
    july = _task(scene.unit, dt.date(2024, 7, 20))
    _task(scene.unit, dt.date(2024, 8, 20))
    client.force_login(scene.head)

    by_month = client.get(reverse("workspace:my_tasks"), {"month": "2024-07"})
    by_status = client.get(reverse("workspace:my_tasks"), {"status": "todo"})

    assert _group_ids(by_month, "later") == {july.pk}
    assert _group_ids(by_month, "overdue") == set()
    assert response_total(by_status) == 3


def response_total(response) -> int:
    return response.context["overview"].total


def test_malformed_filters_are_ignored_not_a_500(client, scene) -> None:
    client.force_login(scene.head)

    response = client.get(
        reverse("workspace:my_tasks"),
        {"month": "2024-13", "status": "bogus", "activity": "x", "group": "nope"},
    )

    assert response.status_code == 200
    assert response_total(response) == 1


def test_one_group_alone_is_paginated(client, scene) -> None:
    for day in range(60):
        _task(scene.unit, TODAY + dt.timedelta(days=10 + day))
    client.force_login(scene.head)

    overview = client.get(reverse("workspace:my_tasks")).context["overview"]
    later = next(g for g in overview.groups if g.key == "later")
    page_two = client.get(reverse("workspace:my_tasks"), {"group": "later", "page": 2})

    assert later.count == 60
    assert len(later.tasks) == 10
    assert later.has_more
    assert len(page_two.context["overview"].groups[0].tasks) == 10


def test_show_more_loads_the_next_tasks_of_a_group_in_place(client, scene) -> None:
    tasks = [_task(scene.unit, TODAY + dt.timedelta(days=10 + d)) for d in range(35)]
    client.force_login(scene.head)

    overview = client.get(reverse("workspace:my_tasks"))
    more = client.get(
        reverse("workspace:my_tasks"),
        {"group": "later", "offset": 10},
        headers={"HX-Request": "true"},
    )
    last = client.get(
        reverse("workspace:my_tasks"),
        {"group": "later", "offset": 30},
        headers={"HX-Request": "true"},
    )

    assert 'hx-get="?group=later&amp;offset=10"' in overview.text
    assert "<html" not in more.text
    assert [t.pk for t in more.context["group"].tasks] == [t.pk for t in tasks[10:30]]
    assert 'hx-get="?group=later&amp;offset=30"' in more.text
    assert [t.pk for t in last.context["group"].tasks] == [t.pk for t in tasks[30:]]
    assert "data-show-more" not in last.text


def test_show_more_without_htmx_is_the_whole_page(client, scene) -> None:
    client.force_login(scene.head)

    response = client.get(
        reverse("workspace:my_tasks"), {"group": "overdue", "offset": 10}
    )

    assert "<html" in response.text


def test_someone_heading_no_unit_gets_an_explanation(client, planner) -> None:
    client.force_login(planner)

    response = client.get(reverse("workspace:my_tasks"))

    assert response.status_code == 200
    assert 'id="no-unit"' in response.text


def _many_tasks(unit, count: int) -> None:
    audiences = [AudienceGroupFactory(), AudienceGroupFactory()]
    for n in range(count):
        status = [Task.Status.TODO, Task.Status.IN_PROGRESS, Task.Status.DONE][n % 3]
        task = _task(
            unit,
            TODAY + dt.timedelta(days=n - count // 2),
            status,
            audience_groups=audiences,
        )
        if n % 3:
            ProgressReportFactory(task=task)


@pytest.mark.parametrize("extra", [0, 40])
def test_my_tasks_queries_do_not_grow_with_data(
    client, scene, django_assert_max_num_queries, extra
) -> None:
    _many_tasks(scene.unit, extra)
    client.force_login(scene.head)

    # session, user, roles, bell; counts, months, units; a list per group shown
    # and one for the audience groups of all of them.
    with django_assert_max_num_queries(13):  # + the organisation profile
        response = client.get(reverse("workspace:my_tasks"))

    assert response.status_code == 200


def test_the_task_page_shows_the_activitys_context(client, scene) -> None:
    activity = scene.task.activity
    activity.objectives.add(
        ObjectiveFactory(plan=activity.plan, description="100% cơ quan lồng ghép CCHC")
    )
    client.force_login(scene.head)

    text = client.get(scene.task.get_absolute_url()).text

    for expected in (
        str(activity.plan),
        activity.theme.title,
        "100% cơ quan lồng ghép CCHC",
        "Đài truyền thanh",
        "Người dân",
        "UBND xã Tam Hải",  # supporting unit
        "Cần: 2 lượt phát sóng (Đài truyền thanh)",
    ):
        assert expected in text


def test_the_task_page_shows_reports_files_and_reminders(client, scene) -> None:
    report = ProgressReportFactory(
        task=scene.task, submitted_by=scene.head, note="Đã phát trên loa"
    )
    evidence = EvidenceFileFactory(report=report, original_name="anh-loa.jpg")
    ReminderFactory(task=scene.task, recipient=scene.head, kind="overdue")
    client.force_login(scene.head)

    text = client.get(scene.task.get_absolute_url()).text

    assert "Đã phát trên loa" in text
    assert reverse("workspace:evidence_download", args=[evidence.pk]) in text
    assert 'data-event="reminder"' in text
    assert "Nhắc việc (Quá hạn)" in text


def _task_page_data(task, count: int) -> None:
    for n in range(count):
        report = ProgressReportFactory(task=task, submitted_by=task.unit.head)
        EvidenceFileFactory(report=report)
        ReminderFactory(
            task=task, recipient=task.unit.head, day=TODAY - dt.timedelta(n)
        )
    task.activity.supporting_units.add(*[UnitFactory() for _ in range(count)])
    task.activity.objectives.add(
        *[ObjectiveFactory(plan=task.activity.plan) for _ in range(count)]
    )


@pytest.mark.parametrize("extra", [0, 15])
def test_task_page_queries_do_not_grow_with_data(
    client, scene, django_assert_max_num_queries, extra
) -> None:
    _task_page_data(scene.task, extra)
    client.force_login(scene.head)

    # ... and the comments (one query, shared with the timeline), the files
    # removed from its reports (the timeline) and the organisation profile;
    # the task's plan is its activity's (no query).
    with django_assert_max_num_queries(15):
        response = client.get(scene.task.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["reports"]) == extra
