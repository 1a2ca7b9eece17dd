"""The throughput harness's pieces work: a smoke test on SQLite, not a measure.

The end-to-end test runs the one command on a tiny data set (``--scale 0``) with
one-second runs: scenario, gunicorn, the writer process, the load, the report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.roles import Role
from benchmarks.loadgen import percentile
from benchmarks.results import PageResult, Result, report
from benchmarks.scenario import GOALS
from benchmarks.throughput import database_for
from benchmarks.writer import write
from campaigns.models import Task
from tests.factories import TaskFactory, UnitFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _result(ratio: float) -> Result:
    page = PageResult(
        name="task page",
        goal=0.30,
        paths=200,
        users=20,
        rps=90.0,
        floor_rps=300.0,
        ratio=ratio,
        p50_ms=40.0,
        p95_ms=80.0,
        requests=400,
        errors=0,
        client_cpu=0.05,
    )
    return Result(
        scale=1,
        year=2026,
        tasks=30_000,
        all_tasks=150_000,
        settings="2 gunicorn workers",
        pages=[page],
        floor_rps=300.0,
        floor_p50_ms=5.0,
        first_views_ms=[400.0, 500.0],
        writes_ms={"filed": [20.0, 30.0]},
    )


def test_each_scale_has_a_database_of_its_own():
    assert (
        database_for("postgres://postgres@127.0.0.1:5432/cchc_bench", 10)
        == "postgres://postgres@127.0.0.1:5432/cchc_bench_s10"
    )
    assert database_for("sqlite:////tmp/b/bench.sqlite3", 0).startswith(
        "sqlite:////tmp/b/bench_s0.sqlite3?"
    )


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.95) == 95
    assert percentile([], 0.5) == 0.0


def test_report_passes_a_page_at_its_goal():
    assert "| pass |" in report(_result(ratio=0.30), "cmd")


def test_report_fails_a_page_below_its_goal():
    assert "| **FAIL** |" in report(_result(ratio=0.29), "cmd")


@pytest.mark.django_db
def test_writer_files_an_open_task_then_reopens_it():
    planner = UserFactory(role=Role.PLANNER)
    task = TaskFactory(unit=UnitFactory(head=UserFactory(role=Role.UNIT_HEAD)))
    assert write(task.pk, planner=planner) == "filed"
    assert Task.objects.get(pk=task.pk).status == Task.Status.DONE
    assert write(task.pk, planner=planner) == "reopened"
    assert Task.objects.get(pk=task.pk).is_open


def test_harness_runs_end_to_end_on_sqlite(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "PYTEST", "DJANGO_ALLOW"))
    }
    env["BENCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    done = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-m", "benchmarks.throughput", "--scale", "0"]
        + ["--duration", "1", "--pairs", "1", "--warmup", "0", "--workers", "1"]
        + ["--connections", "2", "--first-views", "2", "--writes-per-second", "5"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]] == list(GOALS)
    assert "errors (non-200, failed requests, 500s in the log): 0" in done.stdout
