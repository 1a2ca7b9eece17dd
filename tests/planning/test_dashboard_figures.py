"""The district dashboard's figures, read from the progress counters, equal
the same figures read from the tasks (planning.dashboard)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Activity, Task
from campaigns.services import work
from campaigns.services.teamwork import Decision, report_review
from planning.dashboard import DistrictFigures, UnitFigures
from planning.selectors import (
    Progress,
    audience_labels,
    channel_labels,
    plan_list,
    task_counts,
)
from tests.factories import ActivityFactory, TaskFactory, tasks_update

from .conftest import activity_post

TODAY = dt.date(2024, 6, 15)


@pytest.fixture
def busy_plan(world, planner, unit_head, planner_client):
    """Two activities on two channels and groups, with tasks done and
    accepted, waiting for review, returned, overdue, cancelled and ahead."""
    world.commune.head = unit_head
    world.commune.save()
    with time_machine.travel(dt.datetime(2024, 1, 2, 9, tzinfo=dt.UTC), tick=False):
        planner_client.post(reverse("planning:activity_create"), activity_post(world))
        planner_client.post(
            reverse("planning:activity_create"),
            activity_post(
                world,
                title="Tin bài CCHC trên Cổng thông tin",
                channel=world.portal.pk,
                audience_groups=[world.citizens.pk, world.officials.pk],
                supporting_units=[world.department.pk],
                month_day="10",
            ),
        )
    radio, portal = Activity.objects.order_by("pk")
    commune = Task.objects.filter(unit=world.commune)
    with time_machine.travel(dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        for day, decision in (
            (dt.date(2024, 1, 25), Decision.ACCEPT),
            (dt.date(2024, 2, 25), Decision.RETURN),
            (dt.date(2024, 3, 25), None),
        ):
            task = commune.get(activity=radio, due_date=day)
            report = work.report_create(
                task=task, user=unit_head, data={"actual_output": 1}, mark_done=True
            )
            if decision:
                report_review(
                    report=report, user=planner, decision=decision, comment="Xem lại"
                )
        tasks_update(
            portal.tasks.filter(unit=world.department, due_date__month__lte=3),
            status=Task.Status.CANCELLED,
        )
    # A task of another plan must not count.
    TaskFactory(activity=ActivityFactory(), unit=world.commune)
    return world


def _same(district, rows) -> None:
    assert district.overall() == rows.overall()
    assert district.by_channel(channel_labels()) == rows.by_channel(channel_labels())
    assert district.by_audience(audience_labels()) == rows.by_audience(
        audience_labels()
    )
    assert district.due_soon() == rows.due_soon()
    assert district.by_month() == rows.by_month()
    assert district.overdue_by_unit() == rows.overdue_by_unit()
    for month in range(1, 13):
        first = dt.date(2024, month, 1)
        assert district.month_activities(first) == rows.month_activities(first)


@pytest.mark.parametrize("review_required", [True, False])
def test_the_counters_give_the_figures_of_the_tasks(
    busy_plan, settings, review_required
) -> None:
    settings.REPORT_REVIEW_REQUIRED = review_required
    plan = busy_plan.plan

    district = DistrictFigures(plan, TODAY)
    rows = UnitFigures(Task.objects.filter(plan=plan), plan, TODAY)

    _same(district, rows)
    overall = district.overall()
    assert overall.overdue > 0
    assert overall.total > overall.due > overall.done > 0
    assert overall.awaiting_review == (1 if review_required else 0)


def test_without_a_plan_the_counters_give_every_plans_figures(busy_plan) -> None:
    district = DistrictFigures(None, TODAY)
    rows = UnitFigures(Task.objects.all(), None, TODAY)

    _same(district, rows)


def test_the_plan_list_counts_each_plans_tasks(busy_plan) -> None:
    for listed in plan_list(today=TODAY):
        row = Task.objects.filter(plan=listed.plan).aggregate(**task_counts(TODAY))
        assert listed.progress == Progress.of(row)
