"""A head's /my-tasks/ counts and months, read from the progress counters,
equal the same read from their units' tasks (workspace.task_groups.my_tasks)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from campaigns.models import Plan, Task
from campaigns.tallies import tallies_rebuild
from tests.factories import PlanFactory, TaskFactory
from workspace.task_groups import TaskFilters, _group_filters, my_tasks

from .conftest import TODAY


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@pytest.fixture
def spread(scene):
    """The head's unit with tasks overdue, due soon, later, done, cancelled,
    and some in a closed plan and a draft plan (which units never see)."""
    activity = scene.task.activity
    for days, status in (
        (-20, Task.Status.TODO),
        (-3, Task.Status.IN_PROGRESS),
        (2, Task.Status.TODO),
        (40, Task.Status.TODO),
        (-10, Task.Status.DONE),
        (5, Task.Status.CANCELLED),
    ):
        TaskFactory(
            activity=activity,
            unit=scene.unit,
            due_date=TODAY + dt.timedelta(days=days),
            status=status,
        )
    for status in (Plan.Status.CLOSED, Plan.Status.DRAFT):
        other = TaskFactory(
            activity__plan=PlanFactory(year=2023), unit=scene.unit, status="todo"
        )
        Plan.objects.filter(pk=other.plan_id).update(status=status)
    return scene


def _from_tasks(scene, filters: TaskFilters) -> dict:
    # The page reads the current plan only.
    tasks = Task.objects.in_units_of(scene.head).filter(plan=scene.task.plan)
    if filters.month:
        tasks = tasks.filter(
            due_date__year=filters.month.year, due_date__month=filters.month.month
        )
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    return tasks.aggregate(
        **{key: Count("pk", filter=rule) for key, rule in _group_filters(TODAY).items()}
    )


@pytest.mark.parametrize(
    "filters",
    [
        TaskFilters(),
        TaskFilters(month=dt.date(2024, 6, 1)),
        TaskFilters(status=Task.Status.DONE),
        TaskFilters(status=Task.Status.CANCELLED),
    ],
    ids=["all", "a month", "done", "cancelled"],
)
def test_a_heads_counts_are_those_of_their_units_tasks(spread, filters) -> None:
    page = my_tasks(user=spread.head, today=TODAY, filters=filters)

    expected = _from_tasks(spread, filters)
    counts = {group.key: group.count for group in page.groups}
    assert counts == {key: expected[key] for key in counts}
    assert sum(counts.values()) > 0


def test_a_heads_months_are_those_of_their_units_tasks(spread) -> None:
    page = my_tasks(user=spread.head, today=TODAY, filters=TaskFilters())

    expected = list(
        Task.objects.in_units_of(spread.head)
        .filter(plan=spread.task.plan)
        .dates("due_date", "month")
    )
    assert page.months == expected
    assert len(expected) >= 3


def test_a_closed_plans_tasks_stay_out_unless_it_is_chosen(spread) -> None:
    closed = Task.objects.get(plan__status=Plan.Status.CLOSED)
    Task.objects.filter(pk=closed.pk).update(
        status=Task.Status.DONE, accepted_at=at_noon(TODAY)
    )
    tallies_rebuild()

    current = my_tasks(user=spread.head, today=TODAY, filters=TaskFilters())
    chosen = my_tasks(
        user=spread.head, today=TODAY, filters=TaskFilters(plan_id=closed.plan_id)
    )

    assert current.plan == spread.task.plan
    assert closed.pk not in {t.pk for g in current.groups for t in g.tasks}
    assert chosen.plan.pk == closed.plan_id
    assert {g.key: g.count for g in chosen.groups}["done"] == 1
    assert chosen.total == 1


def test_a_task_marked_done_awaits_review_and_is_not_done(spread, settings) -> None:
    settings.REPORT_REVIEW_REQUIRED = True
    Task.objects.filter(status=Task.Status.DONE).update(accepted_at=None)
    accepted = TaskFactory(
        activity=spread.task.activity,
        unit=spread.unit,
        due_date=TODAY,
        status=Task.Status.DONE,
        accepted_at=at_noon(TODAY),
    )
    tallies_rebuild()

    page = my_tasks(user=spread.head, today=TODAY, filters=TaskFilters())

    groups = {group.key: group for group in page.groups}
    assert groups["awaiting"].count == 1
    assert [task.pk for task in groups["done"].tasks] == [accepted.pk]
