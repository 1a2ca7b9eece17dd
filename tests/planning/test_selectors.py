"""Progress figures: done against due so far, grouped the ways the plan page shows."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.models import Task
from planning.selectors import plan_progress
from tests.factories import ActivityFactory, TaskFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def progress(world):
    both = ActivityFactory(
        plan=world.plan,
        theme=world.themes[0],
        channel=world.radio,
        audience_groups=[world.citizens, world.officials],
    )
    both.objectives.set([world.objectives[0]])
    TaskFactory(activity=both, due_date=dt.date(2024, 3, 1), status=Task.Status.DONE)
    TaskFactory(activity=both, due_date=dt.date(2024, 4, 1), unit=world.township)
    citizens_only = ActivityFactory(
        plan=world.plan,
        theme=world.themes[0],
        channel=world.portal,
        audience_groups=[world.citizens],
    )
    TaskFactory(activity=citizens_only, due_date=dt.date(2024, 9, 1))
    TaskFactory(
        activity=citizens_only,
        due_date=dt.date(2024, 2, 1),
        unit=world.township,
        status=Task.Status.CANCELLED,
    )
    return plan_progress(plan=world.plan, today=TODAY)


def _by(rows):
    return {p.label: (p.done_due, p.due, p.overdue, p.total) for p in rows}


def test_overall_counts_done_of_due_and_ignores_cancelled(progress):
    overall = progress.overall

    assert (overall.done_due, overall.due, overall.overdue, overall.total) == (
        1,
        2,
        1,
        3,
    )
    assert overall.percent == 50


def test_an_activity_counts_in_each_of_its_audience_groups(world, progress):
    assert _by(progress.by_audience) == {
        world.citizens.name: (1, 2, 1, 3),
        world.officials.name: (1, 2, 1, 2),
    }


def test_progress_by_channel_and_objective(world, progress):
    assert _by(progress.by_channel) == {
        world.radio.name: (1, 2, 1, 2),
        world.portal.name: (0, 0, 0, 1),
    }
    assert [p.key for p in progress.by_objective] == [world.objectives[0].pk]


def test_progress_by_unit_puts_the_least_advanced_first(world, progress):
    assert [p.label for p in progress.by_unit][0] == world.township.name


def test_a_units_figures_cut_at_today_within_this_month(world):
    """The unit's counters are read by month but this month's by day."""
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    for due, status in [
        (dt.date(2024, 5, 20), Task.Status.TODO),  # last month, overdue
        (dt.date(2024, 6, 3), Task.Status.TODO),  # this month, overdue
        (dt.date(2024, 6, 10), Task.Status.DONE),  # today, due and done
        (dt.date(2024, 6, 25), Task.Status.TODO),  # this month, not due yet
        (dt.date(2024, 7, 1), Task.Status.DONE),  # next month
    ]:
        TaskFactory(activity=activity, unit=world.township, due_date=due, status=status)

    progress = plan_progress(plan=world.plan, today=dt.date(2024, 6, 10))

    assert _by(progress.by_unit)[world.township.name] == (1, 3, 2, 5)
