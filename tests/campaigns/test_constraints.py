from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from campaigns.models import Activity, Plan, Task
from tests.factories import (
    ActivityFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def test_activity_due_before_start_is_refused_with_a_readable_message() -> None:
    activity = ActivityFactory.build(
        plan=PlanFactory(),
        start_date=dt.date(2024, 5, 1),
        due_date=dt.date(2024, 4, 1),
    )
    activity.theme.save()
    activity.channel.save()
    activity.lead_unit.save()
    activity.theme_id = activity.theme.pk
    activity.channel_id = activity.channel.pk
    activity.lead_unit_id = activity.lead_unit.pk

    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()

    assert "Hạn hoàn thành không được trước ngày bắt đầu." in str(excinfo.value)


def test_activity_due_before_start_is_refused_by_the_database() -> None:
    activity = ActivityFactory()
    with pytest.raises(IntegrityError):
        Activity.objects.filter(pk=activity.pk).update(start_date=dt.date(2025, 1, 1))


def test_negative_report_output_is_refused_with_a_readable_message() -> None:
    report = ProgressReportFactory.build(task=TaskFactory(), actual_output=-2)
    report.submitted_by.save()
    report.submitted_by_id = report.submitted_by.pk

    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()

    assert "actual_output" in excinfo.value.message_dict


def test_negative_budget_is_refused_by_the_database() -> None:
    activity = ActivityFactory()
    with pytest.raises(IntegrityError):
        Activity.objects.filter(pk=activity.pk).update(budget=-1)


def test_duplicate_task_is_refused_with_a_readable_message() -> None:
    task = TaskFactory()
    duplicate = Task(activity=task.activity, unit=task.unit, due_date=task.due_date)

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "Đơn vị này đã có nhiệm vụ của hoạt động này vào ngày đó." in str(
        excinfo.value
    )


def test_duplicate_task_is_refused_by_the_database() -> None:
    task = TaskFactory()
    with pytest.raises(IntegrityError):
        Task.objects.create(
            activity=task.activity,
            plan=task.plan,
            unit=task.unit,
            due_date=task.due_date,
        )


def test_second_plan_for_same_year_and_issuer_is_refused() -> None:
    plan = PlanFactory(year=2024, issuer="UBND huyện Núi Thành")
    duplicate = Plan(
        organisation=plan.organisation, year=2024, issuer=plan.issuer, title="Bản sao"
    )

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "Cơ quan này đã có kế hoạch cho năm đó." in str(excinfo.value)


def test_bad_rrule_is_refused_with_a_clear_message() -> None:
    activity = ActivityFactory(recurrence="")
    activity.recurrence = "FREQ=FORTNIGHTLY;BYDAY=XX"

    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()

    assert "recurrence" in excinfo.value.message_dict
    assert (
        "không phải quy tắc lặp hợp lệ" in excinfo.value.message_dict["recurrence"][0]
    )


def test_sub_daily_rrule_is_refused() -> None:
    activity = ActivityFactory(recurrence="")
    activity.recurrence = "FREQ=HOURLY"

    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()

    assert "hằng ngày, hằng tuần, hằng tháng hoặc hằng năm" in str(excinfo.value)
