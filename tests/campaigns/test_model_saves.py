"""A model's save() and delete() do no I/O of their own: one statement for the
row, plus its history row where the model keeps a history. What derives from
the rows (the progress counters) and the lifecycle's rules are the services'
(campaigns.tallies, campaigns.lifecycle)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Activity, Plan, ProgressReport, Task
from campaigns.tallies import tallies_rebuild
from tests.factories import (
    ActivityFactory,
    ObjectiveFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def _statements(write) -> list[str]:
    """The SQL ``write()`` runs, savepoints left out."""
    with CaptureQueriesContext(connection) as queries:
        write()
    return [
        query["sql"]
        for query in queries.captured_queries
        if "SAVEPOINT" not in query["sql"]
    ]


def test_a_tasks_status_is_saved_in_at_most_three_statements(
    django_assert_max_num_queries,
) -> None:
    task = Task.objects.get(pk=TaskFactory().pk)
    task.status = Task.Status.IN_PROGRESS

    # The UPDATE and its history row; the counters are the services' to keep.
    with django_assert_max_num_queries(3):
        task.save(update_fields=["status"])

    assert Task.objects.get(pk=task.pk).status == Task.Status.IN_PROGRESS
    tallies_rebuild()  # written around the services (tests/planning/test_tallies)


@pytest.mark.parametrize(
    "make",
    [
        PlanFactory,
        ObjectiveFactory,
        ActivityFactory,
        TaskFactory,
        ProgressReportFactory,
    ],
    ids=["plan", "objective", "activity", "task", "report"],
)
def test_a_save_of_a_plans_row_reads_nothing(make) -> None:
    row = make()
    row = type(row).objects.get(pk=row.pk)

    statements = _statements(row.save)

    # The row's UPDATE, then what simple-history records (its row, and for an
    # activity the many-to-many state it copies): nothing read before the
    # write, no counter touched.
    history = next(
        (i for i, sql in enumerate(statements) if "historical" in sql),
        len(statements),
    )
    assert [sql.split()[0] for sql in statements[:history]] == ["UPDATE"]
    assert not [sql for sql in statements if _touches_the_counters(sql)]


def _touches_the_counters(sql: str) -> bool:
    return "campaigns_tasktally" in sql or "campaigns_activitymonth" in sql


def test_a_closed_plans_rows_are_saved_as_any_other() -> None:
    # The model is no guard: refusing a closed plan is the services' rule
    # (campaigns.lifecycle.plan_ensure_writable), and the admin writes none of
    # a plan's rows.
    plan = PlanFactory(status=Plan.Status.CLOSED)
    plan.title = "Kế hoạch đã đóng, sửa trong shell"

    plan.save()

    assert Plan.objects.get(pk=plan.pk).title == plan.title


def test_whoever_builds_a_task_sets_its_plan() -> None:
    activity = ActivityFactory()
    task = Task(activity=activity, unit=activity.lead_unit, due_date=activity.due_date)

    with pytest.raises(IntegrityError):
        task.save()


def test_deleting_a_report_deletes_its_row_and_history_only() -> None:
    report = ProgressReportFactory()
    report = ProgressReport.objects.get(pk=report.pk)

    statements = _statements(report.delete)

    assert not ProgressReport.objects.filter(pk=report.pk).exists()
    assert not [sql for sql in statements if _touches_the_counters(sql)]
    tallies_rebuild()  # written around the services


def test_an_activity_save_still_folds_its_search_text() -> None:
    activity = Activity.objects.get(pk=ActivityFactory(title="Hội thi Tìm hiểu").pk)
    activity.title = "Hội nghị Đối thoại"

    activity.save(update_fields=["title"])

    assert "hoi nghi doi thoai" in Activity.objects.get(pk=activity.pk).search_text
