"""Activity services: save and expand, optimistic locking, moves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Activity, Plan, Task
from campaigns.services import activities as services
from notifications.models import Notification
from tests.factories import (
    ProgressReportFactory,
    UserFactory,
    tasks_update,
)
from tests.planning.conftest import TODAY

pytestmark = pytest.mark.django_db


def _new_activity(world, **fields) -> Activity:
    values = {
        "plan": world.plan,
        "title": "Chuyên mục CCHC",
        "theme": world.themes[0],
        "channel": world.radio,
        "lead_unit": world.commune,
        "start_date": dt.date(2024, 1, 1),
        "due_date": dt.date(2024, 12, 31),
        "recurrence": "FREQ=MONTHLY;BYMONTHDAY=25",
        "planned_output": 2,
    }
    values.update(fields)
    return Activity(**values)


def _save(world, activity, planner, *, supporting=None, version=None):
    return services.activity_save(
        activity=activity,
        audience_groups=[world.citizens],
        objectives=[world.objectives[0]],
        supporting_units=[world.township] if supporting is None else supporting,
        expected_version=version,
        user=planner,
        today=TODAY,
    )


def test_saving_a_monthly_activity_for_two_units_creates_24_tasks(world, planner):
    result = _save(world, _new_activity(world), planner)

    assert result.created
    assert result.summary.created == 24
    assert Task.objects.filter(activity=result.activity).count() == 24
    assert result.activity.created_by == planner


def test_saving_an_activity_notifies_each_unit_head_once(world, planner):
    world.commune.head = UserFactory(role="unit_head")
    world.commune.save(update_fields=["head"])

    result = _save(world, _new_activity(world), planner)

    notes = Notification.objects.filter(recipient=world.commune.head)
    assert notes.count() == 1
    assert notes.get().kind == Notification.Kind.TASK_ASSIGNED
    assert "12" in notes.get().title
    assert notes.get().url.endswith(f"?activity={result.activity.pk}")


def test_expansion_goes_through_the_single_planning_entry_point(
    world, planner, monkeypatch
):
    calls = []
    original = services.activity_schedule_tasks

    def spy(**kwargs):
        calls.append(kwargs["activity"].pk)
        return original(**kwargs)

    monkeypatch.setattr(services, "activity_schedule_tasks", spy)

    result = _save(world, _new_activity(world), planner)

    assert calls == [result.activity.pk]


def test_stale_version_is_refused_and_keeps_the_other_save(world, planner):
    activity = _save(world, _new_activity(world), planner).activity
    first = Activity.objects.get(pk=activity.pk)
    first.title = "Sửa lần một"
    _save(world, first, planner, version=1)

    second = Activity.objects.get(pk=activity.pk)
    second.title = "Sửa lần hai, từ bản cũ"
    with pytest.raises(ValidationError) as error:
        _save(world, second, planner, version=1)

    assert error.value.code == "stale"
    assert Activity.objects.get(pk=activity.pk).title == "Sửa lần một"


def test_editing_only_the_title_leaves_moved_tasks_alone(world, planner):
    activity = _save(world, _new_activity(world), planner).activity
    services.occurrence_move(
        user=planner,
        activity_id=activity.pk,
        from_date=dt.date(2024, 3, 25),
        to_date=dt.date(2024, 3, 22),
    )
    activity.refresh_from_db()
    activity.title = "Tên mới"

    result = _save(world, activity, planner, version=activity.version)

    assert not result.rescheduled
    assert (
        Task.objects.filter(activity=activity, due_date=dt.date(2024, 3, 22)).count()
        == 2
    )


def test_changing_the_day_of_month_reschedules(world, planner):
    activity = _save(world, _new_activity(world), planner).activity
    activity.recurrence = "FREQ=MONTHLY;BYMONTHDAY=20"

    result = _save(world, activity, planner, version=activity.version)

    assert result.rescheduled
    assert result.summary.changed == 24
    assert set(
        Task.objects.filter(activity=activity).values_list("due_date__day", flat=True)
    ) == {20}


def test_saving_into_a_closed_plan_is_refused(world, planner):
    world.plan.status = Plan.Status.CLOSED
    world.plan.save()

    with pytest.raises(ValidationError) as error:
        _save(world, _new_activity(world), planner)

    assert error.value.code == "plan_closed"
    assert not Activity.objects.exists()


# --- moves -------------------------------------------------------------------


@pytest.fixture
def monthly(world, planner) -> Activity:
    return _save(world, _new_activity(world), planner).activity


def test_occurrence_move_moves_every_unit_of_that_day(monthly, planner):
    result = services.occurrence_move(
        user=planner,
        activity_id=monthly.pk,
        from_date=dt.date(2024, 5, 25),
        to_date=dt.date(2024, 5, 24),
    )

    assert result.moved == 2
    assert not monthly.tasks.filter(due_date=dt.date(2024, 5, 25)).exists()
    assert monthly.tasks.filter(due_date=dt.date(2024, 5, 24)).count() == 2


def test_occurrence_move_of_one_unit_leaves_the_other(world, monthly, planner):
    services.occurrence_move(
        user=planner,
        activity_id=monthly.pk,
        from_date=dt.date(2024, 5, 25),
        to_date=dt.date(2024, 5, 24),
        unit_id=world.township.pk,
    )

    moved = monthly.tasks.get(due_date=dt.date(2024, 5, 24))
    assert moved.unit == world.township
    assert monthly.tasks.get(due_date=dt.date(2024, 5, 25)).unit == world.commune


def test_moving_a_done_task_is_refused_and_nothing_moves(world, monthly, planner):
    tasks_update(
        monthly.tasks.filter(due_date=dt.date(2024, 4, 25), unit=world.commune),
        status=Task.Status.DONE,
    )

    with pytest.raises(ValidationError) as error:
        services.occurrence_move(
            user=planner,
            activity_id=monthly.pk,
            from_date=dt.date(2024, 4, 25),
            to_date=dt.date(2024, 4, 26),
        )

    assert error.value.code == "done"
    assert monthly.tasks.filter(due_date=dt.date(2024, 4, 25)).count() == 2


def test_moving_a_reported_task_is_refused(world, monthly, planner):
    task = monthly.tasks.get(due_date=dt.date(2024, 4, 25), unit=world.commune)
    ProgressReportFactory(task=task)

    with pytest.raises(ValidationError) as error:
        services.occurrence_move(
            user=planner,
            activity_id=monthly.pk,
            from_date=dt.date(2024, 4, 25),
            to_date=dt.date(2024, 4, 26),
        )

    assert error.value.code == "reported"


def test_moving_in_a_closed_plan_is_refused(world, monthly, planner):
    world.plan.status = Plan.Status.CLOSED
    world.plan.save()

    with pytest.raises(ValidationError) as error:
        services.occurrence_move(
            user=planner,
            activity_id=monthly.pk,
            from_date=dt.date(2024, 4, 25),
            to_date=dt.date(2024, 4, 26),
        )

    assert error.value.code == "plan_closed"


def test_moving_out_of_the_plan_year_is_refused(monthly, planner):
    with pytest.raises(ValidationError) as error:
        services.occurrence_move(
            user=planner,
            activity_id=monthly.pk,
            from_date=dt.date(2024, 12, 25),
            to_date=dt.date(2025, 1, 2),
        )

    assert error.value.code == "out_of_year"


def test_moving_onto_an_existing_occurrence_is_refused(monthly, planner):
    with pytest.raises(ValidationError) as error:
        services.occurrence_move(
            user=planner,
            activity_id=monthly.pk,
            from_date=dt.date(2024, 4, 25),
            to_date=dt.date(2024, 5, 25),
        )

    assert error.value.code == "taken"
    assert monthly.tasks.filter(due_date=dt.date(2024, 4, 25)).count() == 2


def test_one_off_activity_moves_with_its_task(world, planner):
    activity = _save(
        world,
        _new_activity(
            world,
            recurrence="",
            start_date=dt.date(2024, 3, 1),
            due_date=dt.date(2024, 3, 15),
        ),
        planner,
        supporting=[],
    ).activity

    services.activity_move(
        activity_id=activity.pk, to_start=dt.date(2024, 3, 8), user=planner
    )

    activity.refresh_from_db()
    assert (activity.start_date, activity.due_date) == (
        dt.date(2024, 3, 8),
        dt.date(2024, 3, 22),
    )
    assert list(activity.tasks.values_list("due_date", flat=True)) == [
        dt.date(2024, 3, 22)
    ]


def test_recurring_activity_cannot_be_moved_whole(monthly, planner):
    with pytest.raises(ValidationError) as error:
        services.activity_move(
            activity_id=monthly.pk, to_start=dt.date(2024, 1, 8), user=planner
        )

    assert error.value.code == "recurring"
