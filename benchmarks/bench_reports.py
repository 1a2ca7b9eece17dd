"""Yearly report: figures, page, and the xlsx, docx and csv exports of one year.

For each export: wall time (median of a few runs at scale 1, one at scale 10,
figures included), the peak of Python memory allocated while writing the file from
the built report (tracemalloc, a separate run), and the file size. The
point of the figures at two scales: time grows with the tasks, memory must not
(write-only workbook, streamed csv, server-side cursor).
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from benchmarks.datagen import ISSUER
from campaigns.models import Plan, Task
from reports.exports import FORMATS
from reports.selectors import report_build

RUNS = 3


def _median_seconds(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _peak_mib(work: Callable[[], object]) -> float:
    reset_queries()
    tracemalloc.start()
    try:
        work()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them in production: right
    after the generator's bulk load PostgreSQL still believes the tables empty and
    picks nested loops that take seconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(*, scale: int) -> None:
    _analyze()
    plan = Plan.objects.filter(issuer=ISSUER.format(scale=scale)).latest("year")
    year = plan.year
    tasks = Task.objects.filter(activity__plan=plan).count()
    print(f"year {year}: {plan.activities.count():,} activities, {tasks:,} tasks")

    reset_queries()  # the generator may have filled DEBUG's query log
    with CaptureQueriesContext(connection) as captured:
        report_build(year=year, plan_id=plan.pk)
    figures = _median_seconds(lambda: report_build(year=year, plan_id=plan.pk))
    print(
        f"figures (report_build)   median {figures * 1000:7.0f} ms, "
        f"{len(captured)} queries"
    )

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="bench-leader"))
    url = f"/reports/{year}/?plan={plan.pk}"
    assert client.get(url).status_code == 200  # noqa: S101
    page = _median_seconds(lambda: client.get(url))
    print(f"page /reports/{year}/      median {page * 1000:7.0f} ms")

    build_peak = _peak_mib(lambda: report_build(year=year, plan_id=plan.pk))
    print(f"figures peak Python memory {build_peak:6.1f} MiB")

    with tempfile.TemporaryDirectory() as folder:
        for name, export in FORMATS.items():
            path = Path(folder) / f"report.{name}"

            def write(export=export, path=path) -> None:
                # Rebuilt each time, as a request or the command does.
                fresh = report_build(year=year, plan_id=plan.pk)
                with path.open("wb") as out:
                    export.write(fresh, out)

            seconds = _median_seconds(write, runs=RUNS if scale == 1 else 1)
            report = report_build(year=year, plan_id=plan.pk)

            def write_only(export=export, path=path, report=report) -> None:
                with path.open("wb") as out:
                    export.write(report, out)

            peak = _peak_mib(write_only)
            size = path.stat().st_size / 2**10
            print(
                f"export {name:<4}  time {seconds:6.2f} s   "
                f"peak Python memory while writing {peak:6.1f} MiB   "
                f"file {size:8,.0f} KiB"
            )
