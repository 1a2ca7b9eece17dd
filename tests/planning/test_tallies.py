"""The progress counters equal a recount of the tasks after every kind of write
through the services (campaigns.tallies); a write around them is drift that
``rebuild_tallies --check`` reports and the rebuild repairs."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable

import pytest
import time_machine
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audiences.models import AudienceGroup
from audiences.services import audience_groups_delete
from campaigns.models import Activity, Task, TaskTally
from campaigns.services import activities as planning
from campaigns.services import work
from campaigns.services.teamwork import Decision, report_review
from campaigns.tallies import (
    UPSERT_BATCH,
    TallyKey,
    tallies_add,
    tallies_kept,
    tallies_match_a_recount,
    tally_stored,
)
from organisation.scoping import across_organisations
from tests.factories import TaskFactory, UserFactory, tasks_update
from tests.services import require_postgresql

from .conftest import World, activity_post

# Mid-year, so that tasks are past, due and ahead.
TODAY = dt.date(2024, 6, 15)


@pytest.fixture
def scene(world: World, planner, unit_head, planner_client):
    """A monthly activity for two units, created through the form; the unit
    head heads the lead unit."""
    world.commune.head = unit_head
    world.commune.save()
    with time_machine.travel(dt.datetime(2024, 1, 2, 9, tzinfo=dt.UTC), tick=False):
        planner_client.post(reverse("planning:activity_create"), activity_post(world))
    activity = Activity.objects.get()
    return world, activity, planner, unit_head


def _task(activity: Activity, day: dt.date) -> Task:
    return activity.tasks.get(due_date=day, unit__head__isnull=False)


def _counted(scene) -> dict:
    """The counters, checked against a recount; never empty here."""
    stored = tally_stored()
    assert tallies_match_a_recount() == []
    assert sum(n for key, n in stored.items() if key.dimension == "channel") > 0
    return stored


def _write_report(scene) -> None:
    world, activity, planner, head = scene
    work.report_create(
        task=_task(activity, dt.date(2024, 5, 25)),
        user=head,
        data={"actual_output": 2, "note": "Đã phát 2 buổi"},
        mark_done=True,
    )


def _accept(scene) -> None:
    _write_report(scene)
    world, activity, planner, head = scene
    report = _task(activity, dt.date(2024, 5, 25)).reports.get()
    report_review(report=report, user=planner, decision=Decision.ACCEPT)


def _return(scene) -> None:
    _write_report(scene)
    world, activity, planner, head = scene
    report = _task(activity, dt.date(2024, 5, 25)).reports.get()
    report_review(
        report=report, user=planner, decision=Decision.RETURN, comment="Thiếu ảnh"
    )


def _reopen(scene) -> None:
    _accept(scene)
    world, activity, planner, head = scene
    work.task_reopen(
        task=_task(activity, dt.date(2024, 5, 25)), user=planner, reason="Bổ sung"
    )


def _start(scene) -> None:
    world, activity, planner, head = scene
    work.task_start(task=_task(activity, dt.date(2024, 7, 25)), user=head)


def _cancel(scene) -> None:
    world, activity, planner, head = scene
    planning.activity_cancel(activity=activity, user=planner)


def _move_occurrence(scene) -> None:
    world, activity, planner, head = scene
    planning.occurrence_move(
        activity_id=activity.pk,
        from_date=dt.date(2024, 8, 25),
        to_date=dt.date(2024, 8, 27),
        user=planner,
    )


def _edit(scene, **changes: object) -> None:
    world, activity, planner, head = scene
    planning.activity_save(
        activity=activity,
        audience_groups=changes.pop("audience_groups", activity.audience_groups.all()),
        objectives=activity.objectives.all(),
        supporting_units=changes.pop("supporting", activity.supporting_units.all()),
        expected_version=activity.version,
        user=planner,
        today=TODAY,
    )


def _change_channel(scene) -> None:
    world, activity, planner, head = scene
    activity.channel = world.portal
    _edit(scene)


def _change_audiences(scene) -> None:
    world = scene[0]
    _edit(scene, audience_groups=[world.officials, world.citizens])


def _drop_a_unit(scene) -> None:
    _edit(scene, supporting=[])


def _delete_an_audience_group(scene) -> None:
    world = scene[0]
    audience_groups_delete(groups=AudienceGroup.objects.filter(pk=world.citizens.pk))


WRITES: dict[str, Callable] = {
    "report filed and marked done": _write_report,
    "report accepted": _accept,
    "report returned": _return,
    "accepted task reopened": _reopen,
    "task started": _start,
    "activity cancelled": _cancel,
    "occurrence moved": _move_occurrence,
    "channel changed": _change_channel,
    "audience groups changed": _change_audiences,
    "a unit dropped": _drop_a_unit,
    "audience group deleted": _delete_an_audience_group,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_the_counters_equal_a_recount_after_each_kind_of_write(scene, write) -> None:
    before = _counted(scene)

    with time_machine.travel(dt.datetime(2024, 6, 15, 9, tzinfo=dt.UTC), tick=False):
        write(scene)

    after = tally_stored()
    assert tallies_match_a_recount() == []
    assert after != before  # the write changed what the counters say


def _admin_request(rf, admin_user):
    request = rf.post("/")
    request.user = admin_user
    return request


def test_the_admin_writes_no_activity_nor_task(scene, rf) -> None:
    # The counters are kept by the services alone: the admin, whose saves
    # (many-to-many fields, inlines, bulk deletes) would write around them,
    # shows a plan's rows read-only, even to an installation's operator.
    world, activity, planner, head = scene
    operator = UserFactory(is_staff=True, is_superuser=True)
    request = _admin_request(rf, operator)
    task = activity.tasks.first()

    for model, row in ((Activity, activity), (Task, task)):
        model_admin = admin.site._registry[model]
        assert model_admin.has_view_permission(request, row)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, row)
        assert not model_admin.has_delete_permission(request, row)


def _save_a_task_as_a_shell_would(scene) -> None:
    world, activity, planner, head = scene
    task = _task(activity, dt.date(2024, 9, 25))
    task.unit = world.department
    task.save()


def _delete_the_activity_in_a_shell(scene) -> None:
    world, activity, planner, head = scene
    activity.delete()


# The write, and a dimension whose counters it leaves wrong.
AROUND_THE_SERVICES: dict[str, tuple[Callable, str]] = {
    "a task saved outside the services": (_save_a_task_as_a_shell_would, "unit"),
    "an activity deleted outside the services": (
        _delete_the_activity_in_a_shell,
        "audience",
    ),
}


@pytest.mark.parametrize(
    ("write", "dimension"),
    AROUND_THE_SERVICES.values(),
    ids=AROUND_THE_SERVICES.keys(),
)
def test_a_write_around_the_services_is_drift_the_rebuild_repairs(
    scene, write, dimension
) -> None:
    # A model's save() or delete() writes its rows and nothing else, as in any
    # Django project: rebuild_tallies --check is the net.
    write(scene)

    _reported_then_repaired(f"{scene[0].plan.pk} · {dimension} · ")


def _reported_then_repaired(expected: str) -> None:
    """The counters differ from a recount, ``rebuild_tallies --check`` says
    where (``expected`` among its lines, as plain values) and the rebuild
    repairs them."""
    assert tallies_match_a_recount() != []
    lines = io.StringIO()
    with pytest.raises(CommandError, match="khác với kết quả đếm lại"):
        call_command("rebuild_tallies", "--check", stderr=lines)
    assert expected in lines.getvalue()
    assert "TallyKey" not in lines.getvalue()

    call_command("rebuild_tallies")

    assert tallies_match_a_recount() == []
    call_command("rebuild_tallies", "--check")


def test_a_bulk_update_is_drift_and_the_rebuild_command_repairs_it(scene) -> None:
    world, activity, planner, head = scene
    # A QuerySet.update() means what it means in any Django project: the rows,
    # around the counters.
    Task.objects.filter(activity=activity).update(status=Task.Status.CANCELLED)

    _reported_then_repaired(f"{world.plan.pk} · audience · {world.citizens.pk} · ")


def test_the_rebuild_command_refuses_an_unknown_plan(scene) -> None:
    with pytest.raises(CommandError, match="999"):
        call_command("rebuild_tallies", "--plan", "999")


def test_saving_a_task_does_not_touch_the_counters(
    scene, django_assert_num_queries
) -> None:
    world, activity, planner, head = scene
    task = _task(activity, dt.date(2024, 7, 25))
    task.assignee = head

    # The update and its history row: no plan read, no counter read.
    with django_assert_num_queries(2):
        task.save(update_fields=["assignee", "updated_at"])


def test_tasks_updated_through_the_test_helper_stay_counted(scene) -> None:
    world, activity, planner, head = scene

    tasks_update(activity.tasks.all(), status=Task.Status.IN_PROGRESS)

    assert TaskTally.objects.filter(status=Task.Status.IN_PROGRESS).exists()
    assert tallies_match_a_recount() == []


@pytest.mark.django_db(transaction=True)
def test_a_write_holds_its_tasks_so_a_concurrent_one_counts_after_it(world) -> None:
    require_postgresql("row locks need PostgreSQL")
    task = TaskFactory(activity__plan=world.plan, unit=world.commune)
    seen: list[str] = []

    def other_writer() -> None:
        try:
            with across_organisations(), transaction.atomic():
                Task.objects.select_for_update(nowait=True).get(pk=task.pk)
            seen.append("free")
        except DatabaseError:
            seen.append("held")
        finally:
            connections.close_all()

    with tallies_kept(Q(pk=task.pk)):
        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join()

    assert seen == ["held"]


def test_the_admin_deleting_an_audience_group_keeps_the_counters(
    scene, rf, admin_user
) -> None:
    world = scene[0]
    model_admin = admin.site._registry[AudienceGroup]

    model_admin.delete_model(_admin_request(rf, admin_user), world.citizens)

    assert not AudienceGroup.objects.filter(pk=world.citizens.pk).exists()
    assert not TaskTally.objects.filter(dimension=TaskTally.Dimension.AUDIENCE).exists()
    assert tallies_match_a_recount() == []


def test_the_admin_deleting_audience_groups_in_bulk_keeps_the_counters(
    scene, rf, admin_user
) -> None:
    world = scene[0]
    model_admin = admin.site._registry[AudienceGroup]

    model_admin.delete_queryset(
        _admin_request(rf, admin_user),
        AudienceGroup.objects.filter(pk=world.citizens.pk),
    )

    assert not TaskTally.objects.filter(dimension=TaskTally.Dimension.AUDIENCE).exists()
    assert tallies_match_a_recount() == []


def test_thousands_of_changed_keys_are_written_and_emptied_in_batches(scene) -> None:
    # A task every day of the year for 31 units changes some 11,000 keys at
    # once: 90,000 parameters in one statement, more than SQLite's default
    # build takes (32,766; this machine's Debian build takes 250,000).
    world = scene[0]
    keys = [
        TallyKey(world.plan.pk, "unit", unit, day, "todo", False, False)
        for unit in range(100_000, 100_031)
        for day in (dt.date(2024, 1, 1) + dt.timedelta(days=d) for d in range(365))
    ]

    with CaptureQueriesContext(connection) as queries:
        tallies_add(dict.fromkeys(keys, 1))
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == -(-len(keys) // UPSERT_BATCH)
    assert TaskTally.objects.filter(key_id__gte=100_000).count() == len(keys)

    tallies_add(dict.fromkeys(keys, -1))

    assert not TaskTally.objects.filter(key_id__gte=100_000).exists()
