"""Yearly report: figures, page, and every export of one year, against floors.

For each export: wall time (median of RUNS runs at scale 1, one at scale 10), the
peak of Python memory allocated while writing it (tracemalloc, a separate run)
and the file size. Floors are measured in the same run, each run of an export
followed by a run of its floor, so that a machine shared with other work weighs
on both:

- csv (goal <= 1.5x its floor): timed end to end, as a request does: the scope
  (plan, period, as-of day) and the streamed task detail; it needs no figure.
  Floor: the same task rows (the SQL of ``report_task_query``) read with a raw
  DB cursor straight into Python's csv module.
- xlsx (goal <= 1.3x its floor): timed from a built report (the figures are
  timed above; a request adds them). Floor: raw openpyxl write-only writing the
  same cells (recorded from the export: the same sheets, rows and values, plain,
  without styles, widths or charts).
- docx: from a built report; no floor.
- zip, the PAR evidence bundle: from a built report (its docx needs the figures).
  The generated data set has no evidence file, so the run gives one file of
  EVIDENCE_BYTES to every report with an evidence link, on a temporary private
  root, inside a transaction rolled back at the end (no row nor file is left).
  Besides tracemalloc, the growth of the process's resident memory while it is
  written (lxml's memory, under python-docx and openpyxl, is not Python's). The
  bundle's own part, its files and their index, is measured first with a
  one-line docx in place of the report's: its memory must stay flat from scale 1
  to 10. Then the whole bundle, whose docx grows with the activities.
"""

from __future__ import annotations

import csv
import os
import statistics
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import docx
import psutil
from django.core.files.storage import FileSystemStorage
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from accounts.models import User
from benchmarks.datagen import ISSUER
from campaigns.models import EvidenceFile, Plan, ProgressReport, Task
from reports.detail import report_task_query
from reports.exports import FORMATS, to_zip
from reports.selectors import report_build, report_scope

RUNS = 3
FLOOR_RUNS = 5  # runs of an export and its floor, one after the other (scale 1)
EVIDENCE_BYTES = 4 * 1024
BATCH = 5_000
GOALS = {"csv": 1.5, "xlsx": 1.3}


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _median_seconds(work: Callable[[], object], runs: int = RUNS) -> float:
    return statistics.median(_seconds(work) for _ in range(runs))


def _paired_medians(
    work: Callable[[], object], floor: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median seconds of ``work`` and of ``floor``, run one after the other,
    after one untimed run of the floor (the first run after other work reads a
    cold cache, which would weigh on ``work`` alone)."""
    floor()
    times: list[tuple[float, float]] = [
        (_seconds(work), _seconds(floor)) for _ in range(runs)
    ]
    return (
        statistics.median(pair[0] for pair in times),
        statistics.median(pair[1] for pair in times),
    )


def _peak_mib(work: Callable[[], object]) -> float:
    reset_queries()
    tracemalloc.start()
    try:
        work()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def _rss_growth_mib(work: Callable[[], object]) -> tuple[float, float]:
    """Seconds ``work`` took, and how far the resident memory of this process
    rose above where it stood before (MiB, sampled every 10 ms). Memory freed
    by earlier work and kept by the allocator can hide growth, never add to it."""
    process = psutil.Process()
    base = peak = process.memory_info().rss
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.01):
            peak = max(peak, process.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        seconds = _seconds(work)
    finally:
        done.set()
        sampler.join()
    return seconds, (max(peak, process.memory_info().rss) - base) / 2**20


def _timed_with_rss(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median seconds of ``runs`` runs, and the resident growth of the first."""
    seconds, rss = _rss_growth_mib(work)
    times = [seconds] + [_seconds(work) for _ in range(runs - 1)]
    return statistics.median(times), rss


def _analyze(table: str = "") -> None:
    """Fresh planner statistics, as autovacuum keeps them in production: right
    after the generator's bulk load PostgreSQL still believes the tables empty and
    picks nested loops that take seconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def _write(path: Path, export: Any, report: Any) -> Callable[[], None]:
    def write() -> None:
        with path.open("wb") as out:
            export.write(report, out)

    return write


def _csv_floor(scope: Any, path: Path) -> Callable[[], None]:
    """The task detail's rows read with a raw cursor into Python's csv module."""
    sql, params = report_task_query(scope).query.sql_with_params()

    def floor() -> None:
        with (
            path.open("w", encoding="utf-8-sig", newline="") as out,
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
            csv.writer(out).writerows(cursor)

    return floor


def _recorded_cells(write: Callable[[], None]) -> dict[str, list[list[Any]]]:
    """Sheet title -> the rows of plain values the export appends to it."""
    sheets: dict[str, list[list[Any]]] = {}
    append = WriteOnlyWorksheet.append

    def record(ws: WriteOnlyWorksheet, row: Any) -> None:
        values = [value.value if isinstance(value, Cell) else value for value in row]
        sheets.setdefault(ws.title, []).append(values)
        append(ws, row)

    WriteOnlyWorksheet.append = record  # type: ignore[method-assign]
    try:
        write()
    finally:
        WriteOnlyWorksheet.append = append  # type: ignore[method-assign]
    return sheets


def _xlsx_floor(sheets: dict[str, list[list[Any]]], path: Path) -> Callable[[], None]:
    """Raw openpyxl write-only writing the same cells, plain."""

    def floor() -> None:
        book = Workbook(write_only=True)
        for title, rows in sheets.items():
            ws = book.create_sheet(title)
            for row in rows:
                ws.append(row)
        book.save(path)

    return floor


@contextmanager
def _evidence_files(plan: Plan) -> Iterator[int]:
    """One evidence file of EVIDENCE_BYTES for each report of ``plan`` with an
    evidence link, uploaded when the report was filed, stored under a temporary
    private root; rows rolled back and files removed on the way out. Yields the
    number of files."""
    fields = [
        EvidenceFile._meta.get_field("file"),
        Plan._meta.get_field("signed_file"),
    ]
    saved = [field.storage for field in fields]
    payload = os.urandom(EVIDENCE_BYTES)  # like a photo: nothing to compress
    with (
        tempfile.TemporaryDirectory(prefix="cchc-bench-private-") as root,
        transaction.atomic(),
    ):
        storage = FileSystemStorage(location=root, base_url=None)
        for field in fields:
            field.storage = storage
        try:
            reports = (
                ProgressReport.objects.filter(task__plan=plan)
                .exclude(evidence_links="")
                .order_by("pk")
                .values_list("pk", "submitted_by_id", "submitted_at")
            )
            rows: list[EvidenceFile] = []
            count = 0
            for pk, author, filed in reports.iterator(chunk_size=BATCH):
                name = f"evidence/bench/{pk % 1000:03d}/{pk}.jpg"
                target = Path(root) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(payload)
                rows.append(
                    EvidenceFile(
                        report_id=pk,
                        file=name,
                        original_name=f"Ảnh {pk}.jpg",
                        content_type="image/jpeg",
                        size=EVIDENCE_BYTES,
                        uploaded_by_id=author,
                        uploaded_at=filed,
                    )
                )
                if len(rows) == BATCH:
                    EvidenceFile.objects.bulk_create(rows)
                    count += len(rows)
                    rows.clear()
            EvidenceFile.objects.bulk_create(rows)
            count += len(rows)
            rows.clear()
            _analyze("campaigns_evidencefile")
            yield count
        finally:
            for field, storage_before in zip(fields, saved, strict=True):
                field.storage = storage_before
            transaction.set_rollback(True)
    # ANALYZE writes the table's size outside the transaction: measure it again
    # without the rows, or the planner believes them there (and PostgreSQL's JIT
    # then costs every later report query a second).
    _analyze("campaigns_evidencefile")


def _small_docx(report: Any, out: Any) -> None:
    """A one-paragraph docx: the bundle measured without the report's."""
    document = docx.Document()
    document.add_paragraph(str(report.period.phrase()))
    document.save(out)


def _line(
    name: str,
    seconds: float,
    peak: float,
    size_kib: float,
    *,
    floor: float | None = None,
    extra: str = "",
) -> None:
    text = (
        f"export {name:<4}  time {seconds:6.2f} s   "
        f"peak Python memory while writing {peak:6.1f} MiB   "
        f"file {size_kib:9,.0f} KiB"
    )
    if floor is not None:
        ratio = seconds / floor
        goal = GOALS[name]
        verdict = "ok" if ratio <= goal else "MISSED"
        text += (
            f"\n       floor {floor:6.2f} s   ratio {ratio:4.2f}x "
            f"(goal <= {goal}x: {verdict})"
        )
    print(text + extra)


def run(*, scale: int) -> None:
    _analyze()
    plan = Plan.objects.filter(issuer=ISSUER.format(scale=scale)).latest("year")
    year = plan.year
    tasks = Task.objects.filter(activity__plan=plan).count()
    print(f"year {year}: {plan.activities.count():,} activities, {tasks:,} tasks")
    runs = RUNS if scale == 1 else 1

    reset_queries()  # the generator may have filled DEBUG's query log
    with CaptureQueriesContext(connection) as captured:
        report_build(year=year, plan_id=plan.pk)
    figures = _median_seconds(
        lambda: report_build(year=year, plan_id=plan.pk), runs=runs
    )
    print(
        f"figures (report_build)   median {figures * 1000:7.0f} ms, "
        f"{len(captured)} queries"
    )

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="bench-leader"))
    url = f"/reports/{year}/?plan={plan.pk}"
    assert client.get(url).status_code == 200

    page = _median_seconds(lambda: client.get(url), runs=runs)
    print(f"page /reports/{year}/      median {page * 1000:7.0f} ms")

    build_peak = _peak_mib(lambda: report_build(year=year, plan_id=plan.pk))
    print(f"figures peak Python memory {build_peak:6.1f} MiB")
    report = report_build(year=year, plan_id=plan.pk)

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)

        # The evidence bundle first: the resident memory it adds is not hidden
        # by what the other exports leave to the allocator. Its own part (the
        # evidence files and their index) first, with a one-line docx in place
        # of the report's, whose size follows the activities, not the files.
        with _evidence_files(plan) as files:
            path = out / "bundle.zip"
            write = _write(path, FORMATS["zip"], report)
            with mock.patch.object(to_zip.to_docx, "write_docx", _small_docx):
                seconds, rss = _timed_with_rss(write, runs)
                peak = _peak_mib(write)
            print(
                f"export zip   {files:,} evidence files of {EVIDENCE_BYTES:,} bytes "
                f"and their index, without the report's docx:\n"
                f"       time {seconds:6.2f} s   peak Python memory {peak:6.1f} MiB"
                f"   resident memory growth {rss:6.1f} MiB"
            )
            seconds, rss = _timed_with_rss(write, runs)
            _line(
                "zip",
                seconds,
                _peak_mib(write),
                path.stat().st_size / 2**10,
                extra=f"\n       resident memory growth while writing {rss:6.1f} MiB",
            )
            path.unlink()

        # csv: no figures, end to end.
        path = out / "report.csv"
        csv_export = FORMATS["csv"]

        def csv_write() -> None:
            scope = report_scope(year=year, plan_id=plan.pk)
            with path.open("wb") as file:
                csv_export.write(scope, file)

        floor = _csv_floor(report_scope(year=year, plan_id=plan.pk), out / "floor.csv")
        pairs = FLOOR_RUNS if scale == 1 else 1
        seconds, floor_seconds = _paired_medians(csv_write, floor, pairs)
        _line(
            "csv",
            seconds,
            _peak_mib(csv_write),
            path.stat().st_size / 2**10,
            floor=floor_seconds,
        )

        # xlsx: from the built report, against the same cells written plain.
        path = out / "report.xlsx"
        write = _write(path, FORMATS["xlsx"], report)
        sheets = _recorded_cells(write)
        floor = _xlsx_floor(sheets, out / "floor.xlsx")
        seconds, floor_seconds = _paired_medians(write, floor, pairs)
        del sheets, floor
        _line(
            "xlsx",
            seconds,
            _peak_mib(write),
            path.stat().st_size / 2**10,
            floor=floor_seconds,
            extra=f"\n       with the figures {seconds + figures:6.2f} s",
        )

        path = out / "report.docx"
        write = _write(path, FORMATS["docx"], report)
        seconds = _median_seconds(write, runs=runs)
        _line("docx", seconds, _peak_mib(write), path.stat().st_size / 2**10)
