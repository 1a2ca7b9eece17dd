from __future__ import annotations

import datetime as dt

import pytest

from campaigns.models import Activity, Task
from campaigns.recurrence import occurrence_dates
from campaigns.services.expansion import activity_expand_tasks
from tests.factories import ActivityFactory, ProgressReportFactory, UnitFactory

pytestmark = pytest.mark.django_db

NEW_YEAR_2024 = dt.date(2024, 1, 1)


@pytest.fixture
def monthly_activity() -> Activity:
    return ActivityFactory(
        start_date=dt.date(2024, 1, 1),
        due_date=dt.date(2024, 12, 31),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
        supporting_units=[UnitFactory()],
    )


def test_monthly_activity_with_two_units_yields_24_tasks(monthly_activity) -> None:
    result = activity_expand_tasks(activity=monthly_activity, today=NEW_YEAR_2024)

    assert result.created_count == 24
    assert monthly_activity.tasks.count() == 24
    assert monthly_activity.tasks.filter(is_lead=True).count() == 12
    assert set(monthly_activity.tasks.values_list("due_date__month", flat=True)) == set(
        range(1, 13)
    )


def test_expansion_is_idempotent(monthly_activity) -> None:
    activity_expand_tasks(activity=monthly_activity, today=NEW_YEAR_2024)
    before = list(monthly_activity.tasks.values_list("pk", "due_date", "unit_id"))

    again = activity_expand_tasks(activity=monthly_activity, today=NEW_YEAR_2024)

    assert (again.created_count, again.changed, again.removed) == (0, 0, 0)
    assert again.kept == 24
    assert (
        list(monthly_activity.tasks.values_list("pk", "due_date", "unit_id")) == before
    )


def test_one_off_activity_is_due_on_its_due_date() -> None:
    activity = ActivityFactory(recurrence="", due_date=dt.date(2024, 3, 15))

    activity_expand_tasks(activity=activity, today=NEW_YEAR_2024)

    assert list(activity.tasks.values_list("due_date", flat=True)) == [
        dt.date(2024, 3, 15)
    ]


def test_edit_moves_future_undone_tasks_and_keeps_their_ids(monthly_activity) -> None:
    activity_expand_tasks(activity=monthly_activity, today=NEW_YEAR_2024)
    ids_before = set(monthly_activity.tasks.values_list("pk", flat=True))

    monthly_activity.recurrence = "FREQ=MONTHLY;BYMONTHDAY=20"
    monthly_activity.save()
    result = activity_expand_tasks(activity=monthly_activity, today=dt.date(2024, 7, 1))

    days = {
        task.due_date.day
        for task in monthly_activity.tasks.filter(due_date__gte=dt.date(2024, 7, 1))
    }
    past_days = {
        task.due_date.day
        for task in monthly_activity.tasks.filter(due_date__lt=dt.date(2024, 7, 1))
    }
    assert days == {20}
    assert past_days == {25}, "history before today is left alone"
    assert result.changed == 12
    assert set(monthly_activity.tasks.values_list("pk", flat=True)) == ids_before


def test_edit_never_deletes_a_reported_task(monthly_activity) -> None:
    activity_expand_tasks(activity=monthly_activity, today=NEW_YEAR_2024)
    reported = monthly_activity.tasks.get(is_lead=True, due_date=dt.date(2024, 11, 25))
    ProgressReportFactory(task=reported)

    monthly_activity.due_date = dt.date(2024, 9, 30)
    monthly_activity.save()
    result = activity_expand_tasks(activity=monthly_activity, today=dt.date(2024, 7, 1))

    assert Task.objects.filter(pk=reported.pk).exists()
    assert result.removed == 5  # Oct, Dec for the lead; Oct, Nov, Dec for support
    assert monthly_activity.tasks.filter(due_date__gt=dt.date(2024, 9, 30)).count() == 1


def test_removing_a_supporting_unit_removes_only_its_future_tasks(
    monthly_activity,
) -> None:
    activity_expand_tasks(activity=monthly_activity, today=NEW_YEAR_2024)
    supporting = monthly_activity.supporting_units.get()

    monthly_activity.supporting_units.clear()
    activity_expand_tasks(activity=monthly_activity, today=dt.date(2024, 7, 1))

    remaining = monthly_activity.tasks.filter(unit=supporting)
    assert remaining.count() == 6
    assert all(task.due_date < dt.date(2024, 7, 1) for task in remaining)


def test_cancelled_activity_cancels_future_open_tasks(monthly_activity) -> None:
    activity_expand_tasks(activity=monthly_activity, today=NEW_YEAR_2024)

    monthly_activity.status = Activity.Status.CANCELLED
    monthly_activity.save()
    activity_expand_tasks(activity=monthly_activity, today=dt.date(2024, 7, 1))

    statuses = set(
        monthly_activity.tasks.filter(due_date__gte=dt.date(2024, 7, 1)).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Task.Status.CANCELLED}


def test_shift_off_days_moves_holidays_to_previous_working_day() -> None:
    # 30/04/2024 and 01/05/2024 are public holidays, 29/04 a substitute day off,
    # 27-28/04 a weekend: the previous working day is Friday 26/04.
    dates = occurrence_dates(
        rule="FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        shift_off_days=True,
    )

    assert dates == [dt.date(2024, 4, 26)]
