"""Load test: locust (headless) against gunicorn on PostgreSQL with the realistic data.

``python -m benchmarks.run --scale 1 --only load`` (DATABASE_URL: a benchmark
database). It starts gunicorn with production settings (DEBUG off, the repository's
gunicorn.conf.py, workers from the CPU count) on a free loopback port, runs the
scenario of ``benchmarks/locustfile.py`` (unit heads, planners, leaders) for a
bounded time, then prints requests per second, median and p95 per page, the errors,
and the peak memory of the gunicorn workers. Only 127.0.0.1 is ever contacted.

Knobs (environment): LOAD_USERS (40), LOAD_SPAWN_RATE (10 a second), LOAD_DURATION
(2m), GUNICORN_WORKERS (default: gunicorn.conf.py's rule).
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import User
from benchmarks.datagen import ensure_dataset
from benchmarks.server import ROOT, collectstatic, free_port, gunicorn, server_env
from campaigns.models import Activity, Task

TASKS_PER_HEAD = 40


def _load_data(scale: int, path: Path) -> dict[str, object]:
    dataset = ensure_dataset(scale=scale, verbose=True)
    today = timezone.localdate()
    year_tasks = Task.objects.filter(activity__plan__year=dataset.year)
    heads: dict[str, list[int]] = {}
    for head in User.objects.filter(username__startswith="bench-head-").order_by(
        "username"
    ):
        mine = year_tasks.filter(unit__head=head)
        open_ids = list(
            mine.filter(status__in=Task.OPEN_STATUSES, due_date__gte=today)
            .order_by("due_date")
            .values_list("pk", flat=True)[:TASKS_PER_HEAD]
        ) or list(mine.order_by("-due_date").values_list("pk", flat=True)[:10])
        if open_ids:
            heads[head.username] = open_ids
    rng = random.Random(scale)  # noqa: S311 - sampling, not secrets
    task_ids = list(year_tasks.values_list("pk", flat=True))
    activity_ids = list(
        Activity.objects.filter(plan__year=dataset.year).values_list("pk", flat=True)
    )
    data = {
        "password": dataset.password,
        "year": dataset.year,
        "planner": dataset.planner,
        "leader": dataset.leader,
        "heads": heads,
        "task_ids": rng.sample(task_ids, min(500, len(task_ids))),
        "activity_ids": rng.sample(activity_ids, min(200, len(activity_ids))),
    }
    path.write_text(json.dumps(data))
    return data


class MemorySampler(threading.Thread):
    """Peak resident memory of gunicorn's workers, sampled twice a second."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master = psutil.Process(master_pid)
        self.stop_event = threading.Event()
        self.peak_worker_rss = 0
        self.peak_total_rss = 0
        self.peak_worker_uss = 0
        self.workers_seen: set[int] = set()

    def run(self) -> None:
        while not self.stop_event.is_set():
            total = 0
            try:
                children = self.master.children()
            except psutil.Error:
                return
            for child in children:
                try:
                    info = child.memory_full_info()
                except psutil.Error:
                    continue
                self.workers_seen.add(child.pid)
                total += info.rss
                self.peak_worker_rss = max(self.peak_worker_rss, info.rss)
                self.peak_worker_uss = max(self.peak_worker_uss, info.uss)
            self.peak_total_rss = max(self.peak_total_rss, total)
            self.stop_event.wait(0.5)

    def stop(self) -> None:
        self.stop_event.set()
        self.join(timeout=5)


def _print_stats(prefix: Path) -> None:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print(
        f"{'page':<20} {'requests':>8} {'errors':>6} {'req/s':>7} "
        f"{'median ms':>9} {'p95 ms':>7} {'max ms':>7}"
    )
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "ALL" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<20} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>9} {row['95%']:>7} "
            f"{float(row['Max Response Time']):>7.0f}"
        )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                print(
                    f"error: {row['Method']} {row['Name']}: {row['Error']} "
                    f"x{row['Occurrences']}"
                )


def _locust(url: str, tmp: Path, *, users: int, spawn_rate: str, duration: str) -> None:
    """Run benchmarks/locustfile.py headless against ``url``; its statistics go
    to ``tmp/locust_*.csv``."""
    locust = subprocess.run(  # noqa: S603 - fixed command, loopback host
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            spawn_rate,
            "--run-time",
            duration,
            "--host",
            url,
            "--csv",
            str(tmp / "locust"),
            "--only-summary",
            # Steady state: the figures start once every user has logged
            # in (a login costs a deliberately slow password hash).
            "--reset-stats",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ],
        cwd=ROOT,
        env={**os.environ, "LOAD_DATA": str(tmp / "load.json")},
        check=False,
        capture_output=True,
        text=True,
    )
    if not Path(f"{tmp / 'locust'}_stats.csv").exists():
        print(locust.stdout[-3000:], locust.stderr[-3000:])
        raise RuntimeError("locust produced no statistics")


def run(*, scale: int) -> None:
    users = int(os.environ.get("LOAD_USERS", "40"))
    spawn_rate = os.environ.get("LOAD_SPAWN_RATE", "10")
    duration = os.environ.get("LOAD_DURATION", "2m")
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        print("the load test needs PostgreSQL (DATABASE_URL); skipped")
        return
    with tempfile.TemporaryDirectory(prefix="cchc-load-") as folder:
        tmp = Path(folder)
        data = _load_data(scale, tmp / "load.json")
        # Fresh planner statistics, as autovacuum keeps them on a live server
        # (without them PostgreSQL misjudges the bulk-loaded tables badly).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log_path = tmp / "gunicorn.log"
        env = server_env(tmp, port)
        if collectstatic(env).wait():
            raise RuntimeError("collectstatic failed")
        with gunicorn(env, log_path) as server:
            sampler = MemorySampler(server.pid)
            sampler.start()
            try:
                workers = len(psutil.Process(server.pid).children())
                print(
                    f"gunicorn: {workers} workers on {url}; {users} users "
                    f"({len(data['heads'])} unit heads' accounts, planner, leader), "
                    f"{duration}, data year {data['year']}"
                )
                started = time.perf_counter()
                _locust(url, tmp, users=users, spawn_rate=spawn_rate, duration=duration)
                elapsed = time.perf_counter() - started
            finally:
                sampler.stop()
        _print_stats(tmp / "locust")
        log_text = log_path.read_text(errors="replace")
        server_errors = log_text.count('"status": 5') + log_text.count(
            "Internal Server Error"
        )
        print(f"run: {elapsed:.0f} s; 5xx lines in the server log: {server_errors}")
        print(
            f"gunicorn workers: {len(sampler.workers_seen)} seen; peak RSS of one "
            f"worker {sampler.peak_worker_rss / 2**20:.0f} MiB (unique "
            f"{sampler.peak_worker_uss / 2**20:.0f} MiB); peak RSS of all workers "
            f"{sampler.peak_total_rss / 2**20:.0f} MiB"
        )
