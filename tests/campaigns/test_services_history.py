"""One create or one edit of an activity writes exactly one history entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Activity
from campaigns.services import activities, plans
from tests.factories import ActivityFactory
from tests.planning.conftest import TODAY

pytestmark = pytest.mark.django_db


def _save(world, activity, planner, *, supporting, version=None):
    return activities.activity_save(
        activity=activity,
        audience_groups=[world.citizens, world.officials],
        objectives=[world.objectives[0]],
        supporting_units=supporting,
        expected_version=version,
        user=planner,
        today=TODAY,
    )


def _new(world) -> Activity:
    return Activity(
        plan=world.plan,
        title="Chuyên mục CCHC",
        theme=world.themes[0],
        channel=world.radio,
        lead_unit=world.commune,
        start_date=dt.date(2024, 1, 1),
        due_date=dt.date(2024, 12, 31),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
    )


def test_creating_an_activity_writes_one_history_entry_with_its_units(
    world, planner
) -> None:
    activity = _save(world, _new(world), planner, supporting=[world.township]).activity

    records = list(activity.history.all())
    assert [r.history_type for r in records] == ["+"]
    assert [u.unit_id for u in records[0].supporting_units.all()] == [world.township.pk]
    assert records[0].audience_groups.count() == 2


def test_editing_an_activity_and_its_units_writes_one_history_entry(
    world, planner
) -> None:
    activity = _save(world, _new(world), planner, supporting=[world.township]).activity
    activity.title = "Chuyên mục CCHC hằng tháng"

    _save(world, activity, planner, supporting=[world.department], version=1)

    records = list(activity.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[1].title == "Chuyên mục CCHC hằng tháng"
    assert [u.unit_id for u in records[1].supporting_units.all()] == [
        world.department.pk
    ]


def test_the_one_entry_of_an_edit_shows_what_changed_and_nothing_else(
    world, planner
) -> None:
    activity = _save(world, _new(world), planner, supporting=[world.township]).activity
    activity.title = "Chuyên mục CCHC hằng tháng"

    _save(world, activity, planner, supporting=[world.township], version=1)

    new, old = activity.history.order_by("-history_id")[:2]
    changed = {change.field for change in new.diff_against(old).changes}
    assert changed == {"title", "version"}


def test_a_refused_edit_writes_no_history_entry(world, planner) -> None:
    activity = _save(world, _new(world), planner, supporting=[]).activity
    activity.title = "Sửa khi đã cũ"

    with pytest.raises(ValidationError) as refused:
        _save(world, activity, planner, supporting=[], version=99)

    assert refused.value.code == "stale"
    assert activity.history.count() == 1


def test_copying_a_plan_writes_one_history_entry_per_activity(world, planner) -> None:
    source = ActivityFactory(plan=world.plan, theme=world.themes[0])
    source.supporting_units.set([world.township])

    plan = plans.plan_copy_to_year(
        plan=world.plan, year=2025, title="Kế hoạch năm 2025", user=planner
    )

    copy = plan.activities.get()
    assert [r.history_type for r in copy.history.all()] == ["+"]
