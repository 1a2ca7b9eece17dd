"""Writes racing each other, on PostgreSQL (SQLite runs one write at a time).

A plan closing while a report is filed: the write and the close are ordered by
the plan's row lock (campaigns.lifecycle.plan_lock_for_write), so no report
lands in a closed plan. One report form sent twice at once files one report."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

import pytest
from django.db import connection

from campaigns.models import Plan, ProgressReport, Task
from campaigns.services import plans, work
from organisation.scoping import across_organisations
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 10  # seconds a thread may wait for the other before the test gives up


def _in_thread(
    target: Callable[[], object], outcome: dict[str, object]
) -> threading.Thread:
    def run() -> None:
        try:
            # A thread starts with no scope of its own: the scene's, as the test's.
            with across_organisations():
                outcome["result"] = target()
        except Exception as exc:  # reported to the test, which asserts on it
            outcome["error"] = exc
        finally:
            outcome["finished_at"] = time.monotonic()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_close_waits_for_a_report_in_flight(scene, planner, monkeypatch) -> None:
    require_postgresql("two transactions racing need a database with row locks")
    checked, go_on = threading.Event(), threading.Event()
    require_open = work._require_open

    def pause_after_the_check(task: Task) -> None:
        require_open(task)
        checked.set()
        assert go_on.wait(WAIT)

    monkeypatch.setattr(work, "_require_open", pause_after_the_check)
    report: dict[str, object] = {}
    close: dict[str, object] = {}

    writer = _in_thread(
        lambda: work.report_create(
            task=scene.task, user=scene.head, data={"actual_output": 2}
        ),
        report,
    )
    assert checked.wait(WAIT)
    closer = _in_thread(
        lambda: plans.plan_set_status(
            plan_id=scene.task.activity.plan_id,
            status=Plan.Status.CLOSED,
            user=planner,
        ),
        close,
    )
    closer.join(1)
    blocked = closer.is_alive()
    go_on.set()
    writer.join(WAIT)
    closer.join(WAIT)

    assert blocked, "the close did not wait for the report in flight"
    assert "error" not in report
    assert "error" not in close
    assert ProgressReport.objects.filter(task=scene.task).count() == 1
    assert Plan.objects.get(pk=scene.task.activity.plan_id).is_closed
    assert close["finished_at"] >= report["finished_at"]


def test_one_form_sent_twice_at_once_files_one_report(scene) -> None:
    require_postgresql("two transactions racing need a database with row locks")
    key = uuid.uuid4()
    start = threading.Barrier(2)

    def send() -> ProgressReport:
        start.wait(WAIT)
        return work.report_create(
            task=scene.task,
            user=scene.head,
            data={"actual_output": 2},
            submission_key=key,
        )

    outcomes: list[dict[str, object]] = [{}, {}]
    threads = [_in_thread(send, outcome) for outcome in outcomes]
    for thread in threads:
        thread.join(WAIT)

    assert [outcome.get("error") for outcome in outcomes] == [None, None]
    reports = ProgressReport.objects.filter(task=scene.task)
    assert reports.count() == 1
    assert {outcome["result"].pk for outcome in outcomes} == {reports.get().pk}
    assert sum(report.actual_output for report in reports) == 2
