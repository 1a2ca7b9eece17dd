"""Every planning page and endpoint runs a fixed number of queries: the same
limit holds for a plan of 2 activities and one of 25 (with 12x more tasks,
units, reports and history)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import workdays
from campaigns.models import Activity, Task
from campaigns.services import activities as services
from campaigns.tallies import tallies_kept
from tests.factories import ProgressReportFactory, UnitFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 25


def populate(world, planner, count: int, start: int = 0) -> Activity:
    """``count`` monthly activities, each for a lead and two supporting units,
    some tasks done and reported, and a few edits in the history."""
    units = [UnitFactory() for _ in range(count)]
    first = None
    for index in range(start, start + count):
        activity = Activity(
            plan=world.plan,
            title=f"Hoạt động {index}",
            theme=world.themes[index % 2],
            channel=world.radio if index % 2 else world.portal,
            lead_unit=units[index - start],
            start_date=dt.date(2024, 1, 1),
            due_date=dt.date(2024, 12, 31),
            recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
        )
        result = services.activity_save(
            activity=activity,
            audience_groups=[world.citizens, world.officials][: 1 + index % 2],
            objectives=world.objectives[: 1 + index % 2],
            supporting_units=[world.commune, world.township],
            expected_version=None,
            user=planner,
            today=TODAY,
        )
        first = first or result.activity
    early = Task.objects.filter(
        activity__title__in=[f"Hoạt động {i}" for i in range(start, start + count)],
        due_date__lt=dt.date(2024, 4, 1),
    )
    for task in early[: count * 3]:
        task.status = Task.Status.DONE
        with tallies_kept(Q(pk=task.pk)):
            task.save(update_fields=["status"])
        ProgressReportFactory(task=task, submitted_by=planner)
    for step in range(count // 5 + 1):
        first.title = f"Hoạt động {start} (sửa {step})"
        first.supporting_units.set([world.commune] if step % 2 else [world.township])
        first.save()
    return first


def pages(world, activity: Activity) -> dict[str, tuple[str, int]]:
    """URL and the most queries it may run (session, user, groups and the
    organisation profile included; a full page also counts the reports waiting
    for review in the navigation)."""
    plan = world.plan.pk
    return {
        # One more before any reminder sweep: the install time (no false alarm).
        "dashboard": ("/", 19),
        "plan list": (reverse("planning:plan_list"), 10),
        "plan detail": (reverse("planning:plan_detail", args=[plan]), 17),
        "plan edit": (reverse("planning:plan_edit", args=[plan]), 12),
        "plan copy": (reverse("planning:plan_copy", args=[plan]), 10),
        "plan import": (reverse("planning:plan_import", args=[plan]), 8),
        "import template": (reverse("planning:plan_import_template", args=[plan]), 10),
        "activity list": (reverse("planning:activity_list"), 13),
        "activity list filtered": (
            reverse("planning:activity_list")
            + f"?plan={plan}&unit={world.commune.pk}&audience={world.citizens.pk}"
            f"&month=3&q=Ho&ordering=-tasks",
            17,  # + the person's saved filters of the page
        ),
        "activity detail": (
            reverse("planning:activity_detail", args=[activity.pk]),
            20,
        ),
        "activity new": (reverse("planning:activity_create"), 18),
        "activity edit": (reverse("planning:activity_edit", args=[activity.pk]), 19),
        "recurrence preview": (
            reverse("planning:recurrence_preview")
            + "?start_date=01/01/2024&due_date=31/12/2024&recurrence_preset=monthly",
            5,
        ),
        "calendar": (reverse("planning:calendar"), 11),
        "calendar events": (
            reverse("planning:calendar_events") + "?start=2024-01-01&end=2024-12-31",
            5,
        ),
        "calendar events by unit": (
            reverse("planning:calendar_events")
            + f"?start=2024-03-01&end=2024-04-01&unit={world.commune.pk}&plan={plan}",
            8,
        ),
        "calendar activities": (
            reverse("planning:calendar_events")
            + "?start=2024-01-01&end=2024-12-31&mode=activities",
            5,
        ),
        "holidays": (
            reverse("planning:calendar_holidays") + "?start=2024-01-01&end=2025-01-01",
            5,  # the official calendar read once for each year shown
        ),
    }


def _counts(client, urls: dict[str, tuple[str, int]]) -> dict[str, int]:
    counts = {}
    for name, (url, _limit) in urls.items():
        workdays.forget()  # each page reads the official calendar afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_query_counts_are_the_same_for_a_small_and_a_large_plan(
    world, planner, client, settings
):
    # Filling the large plan can take over a minute on a busy machine; the
    # session's idle refresh (one write) would then land in one count only.
    settings.SESSION_IDLE_REFRESH_SECONDS = 24 * 3600
    client.force_login(planner)
    activity = populate(world, planner, SMALL, start=0)
    urls = pages(world, activity)
    small = _counts(client, urls)

    populate(world, planner, LARGE - SMALL, start=SMALL)
    for step in range(10):  # a longer audit trail for the measured activity
        activity.title = f"Hoạt động đã sửa {step}"
        activity.save()
        services.occurrence_move(
            activity_id=activity.pk,
            from_date=dt.date(2024, 6, 15 - step % 2),
            to_date=dt.date(2024, 6, 14 + step % 2),
            user=planner,
        )
    assert Task.objects.count() == LARGE * 36
    large = _counts(client, urls)

    assert large == small
    over = {name: n for name, n in large.items() if n > urls[name][1]}
    assert over == {}


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
def test_unit_head_dashboard_query_count_is_fixed(
    world, planner, client, django_assert_max_num_queries, size
):
    populate(world, planner, size)
    head = UserFactory(role="unit_head")
    world.commune.head = head
    world.commune.save()
    client.force_login(head)

    with django_assert_max_num_queries(17):  # + the organisation profile
        response = client.get("/")

    assert response.status_code == 200
