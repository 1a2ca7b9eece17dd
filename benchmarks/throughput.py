"""Throughput harness: what users wait for, each page against the bare floor.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench \\
        .venv/bin/python -m benchmarks.throughput --scale 1 --writes-per-second 1

For each ``--scale`` it uses the database ``<name>_s<scale>`` of BENCH_DATABASE_URL
(PostgreSQL: created when missing; a SQLite file, for the smoke test, gets the
suffix before its extension) and, with the environment of a production server
(``server.py``):

1. ``benchmarks/scenario.py`` migrates it, builds the data set when missing
   (``datagen.py``: it wipes the campaign tables, so give it a database of its
   own), opens the sessions and lists each page's requests: distinct users about
   distinct objects (200 task pages by their 20 unit heads, ``/my-tasks/`` of
   those heads, dashboards of 5 planners and 5 leaders over the 5 plans, 12
   calendar months, the plan pages, 29 searches, 8 quarterly and 5 yearly
   reports);
2. gunicorn starts (``--workers``, the floor page on: ``floor.py``) and
   ``benchmarks/writer.py``, a process of its own, commits
   ``--writes-per-second`` writes through the domain services on the measured
   plan for the whole run, so every page measured is a view after a write;
3. each page is measured in ``--pairs`` pairs of runs of ``--duration`` seconds
   with ``--connections`` clients (``loadgen.py``): the floor then the page, the
   page then the floor, and so on; the floor is asked for by the same users. A
   pair gives the page's req/s over the floor's; the page's figure is the median
   of its pairs, with p50 and p95 latency over all its requests;
4. the yearly report's first view after a write is timed on its own,
   ``--first-views`` times: wait for the writer's next commit, then one GET.

Output: a markdown table (page, req/s, % of floor, p50, p95, goal, result) and
the floor, first-view, write, memory and error lines; ``--publish`` appends them
to docs/performance.md. Goals: req/s shares at scale 1; at scale 10 each page's
p50 within 1.5x of the last scale-1 run's (``var/benchmarks/``, in floor
latencies since the machine's load differs between runs) and the yearly
report's first view after a write within 300 ms. Every response must be a 200
(a redirect to the login page is an error); the exit status is 1 on any error.
Only 127.0.0.1 is contacted. ``--scale 0`` is a tiny data set for the smoke test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict
from pathlib import Path

from benchmarks.loadgen import Run, get, hammer, percentile
from benchmarks.results import FLOOR, PageResult, Result, compare, load, report
from benchmarks.scenario import GOALS
from benchmarks.server import ROOT, collectstatic, free_port, gunicorn, server_env

OUT_DIR = Path(os.environ.get("VAR_DIR", ROOT / "var")) / "benchmarks"
DOCS = ROOT / "docs" / "performance.md"
WRITER_START_SECONDS = 120


# --- the database -----------------------------------------------------------------


def database_for(base: str, scale: int) -> str:
    """``base`` with ``_s<scale>`` after its database name (or file name)."""
    if base.startswith("sqlite"):
        stem, suffix = os.path.splitext(base.split("?", 1)[0])
        # One file for the server and the writer process: a write takes the lock
        # when its transaction begins and waits for it (a minute, on a busy
        # machine) rather than failing.
        return f"{stem}_s{scale}{suffix}?timeout=60&transaction_mode=IMMEDIATE"
    parsed = urllib.parse.urlsplit(base)
    name = parsed.path.lstrip("/") or "cchc_bench"
    return urllib.parse.urlunsplit(parsed._replace(path=f"/{name}_s{scale}"))


def _ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg2

    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    connection = psycopg2.connect(
        urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


# --- the writer process -------------------------------------------------------------


class Writer:
    """``benchmarks/writer.py`` in a process of its own; its commits as they come."""

    def __init__(self, env: dict[str, str], *, plan: int, planner: str, rate: float):
        self.process = subprocess.Popen(  # noqa: S603 - this package, fixed arguments
            [sys.executable, "-m", "benchmarks.writer", "--plan", str(plan)]
            + ["--planner", planner, "--rate", str(rate)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.ready = threading.Event()
        self.commits: queue.Queue[float] = queue.Queue()
        self.writes_ms: dict[str, list[float]] = {}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self.ready.wait(WRITER_START_SECONDS):
            self.stop()
            raise RuntimeError("the writer did not start")

    def _read(self) -> None:
        for line in self.process.stdout:
            words = line.split()
            if words == ["ready"]:
                self.ready.set()
            elif len(words) == 3 and words[0] == "write":
                self.writes_ms.setdefault(words[1], []).append(float(words[2]))
                self.commits.put(time.perf_counter())

    def check(self) -> None:
        """Raise if the writer is no longer writing (its traceback is above)."""
        if self.process.poll() is not None:
            raise RuntimeError("the writer stopped")

    def next_commit(self, timeout: float) -> None:
        """Wait for a commit after this call."""
        while not self.commits.empty():
            self.commits.get_nowait()
        self.check()
        self.commits.get(timeout=timeout)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=10)
        if self.process.returncode not in (0, -signal.SIGTERM):
            raise RuntimeError(f"the writer failed ({self.process.returncode})")


# --- measuring ----------------------------------------------------------------------


def _measure_page(
    url: str,
    page: dict,
    cookies: dict[str, str],
    args: argparse.Namespace,
    floors: list[Run],
) -> PageResult:
    """Alternating pairs of the page and the floor, asked for by the same users."""
    requests = [(path, cookies[user]) for path, user in page["requests"]]
    floor_requests = [(FLOOR, cookie) for _, cookie in requests]
    status, _, _ = get(url, *requests[0])
    if status != 200:
        raise RuntimeError(f"{page['name']}: {page['requests'][0][0]} gave {status}")
    load = {"seconds": args.duration, "connections": args.connections}
    if args.warmup:
        hammer(url, requests, seconds=args.warmup, connections=args.connections)
    runs, ratios = [], []
    for pair in range(args.pairs):
        if pair % 2 == 0:
            floor = hammer(url, floor_requests, **load)
            run = hammer(url, requests, **load)
        else:
            run = hammer(url, requests, **load)
            floor = hammer(url, floor_requests, **load)
        floors.append(floor)
        runs.append(run)
        ratios.append(run.rps / floor.rps if floor.rps else 0.0)
    latencies = [ms for run in runs for ms in run.latencies_ms]
    return PageResult(
        name=page["name"],
        goal=page["goal"],
        paths=len({path for path, _ in page["requests"]}),
        users=len({user for _, user in page["requests"]}),
        rps=statistics.median(run.rps for run in runs),
        floor_rps=statistics.median(floor.rps for floor in floors[-args.pairs :]),
        ratio=statistics.median(ratios),
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        requests=len(latencies),
        errors=sum(run.errors for run in runs),
        client_cpu=_cpu_share(runs),
    )


def _cpu_share(runs: list[Run]) -> float:
    return sum(run.client_cpu_s for run in runs) / sum(run.elapsed_s for run in runs)


def _first_views(
    url: str, scenario: dict, writer: Writer, args: argparse.Namespace
) -> list[float]:
    """The yearly report right after a write commits, ``--first-views`` times."""
    path, user = scenario["first_view"]
    times = []
    for _ in range(args.first_views):
        writer.next_commit(timeout=30 + 2 / args.writes_per_second)
        status, _, ms = get(url, path, scenario["cookies"][user])
        if status != 200:
            raise RuntimeError(f"{path} gave {status}")
        times.append(ms)
    return times


def _worker_rss_mib(master_pid: int) -> float:
    import psutil

    sizes = []
    for child in psutil.Process(master_pid).children():
        try:
            sizes.append(child.memory_info().rss)
        except psutil.Error:
            continue
    return max(sizes, default=0) / 2**20


def _load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_scale(base_url: str, scale: int, args: argparse.Namespace) -> Result:
    database_url = database_for(base_url, scale)
    _ensure_database(database_url)
    with tempfile.TemporaryDirectory(prefix="cchc-throughput-") as folder:
        tmp = Path(folder)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = server_env(
            tmp,
            port,
            DATABASE_URL=database_url,
            GUNICORN_WORKERS=str(args.workers),
            GUNICORN_MAX_REQUESTS="0",  # no recycling: memory is read after the run
            BENCHMARK_FLOOR="true",
        )
        started = time.perf_counter()
        static = collectstatic(env)  # meanwhile
        try:
            subprocess.run(  # noqa: S603 - this package, fixed arguments
                [sys.executable, "-m", "benchmarks.scenario", "--scale", str(scale)]
                + ["--out", str(tmp / "scenario.json")],
                cwd=ROOT,
                env=env | {"LOG_LEVEL": "WARNING"},  # not a line per session opened
                check=True,
                stdout=sys.stderr,
                timeout=3 * 3600,
            )
        except BaseException:
            static.kill()
            static.wait()
            raise
        if static.wait():
            raise RuntimeError("collectstatic failed")
        scenario = json.loads((tmp / "scenario.json").read_text())
        print(
            f"scale {scale}: {scenario['all_tasks']:,} tasks, {scenario['tasks']:,} in "
            f"{scenario['year']} (ready in {time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
        result = Result(
            scale=scale,
            year=scenario["year"],
            tasks=scenario["tasks"],
            all_tasks=scenario["all_tasks"],
            settings=(
                f"{args.workers} gunicorn workers, {args.connections} connections, "
                f"{args.pairs} pairs of {args.duration} s runs a page, "
                f"{args.writes_per_second:g} writes/s from another process"
            ),
            load=_load_average(),
        )
        log_path = tmp / "gunicorn.log"
        with gunicorn(env, log_path) as server:
            writer = Writer(
                env,
                plan=scenario["plan"],
                planner=scenario["planner"],
                rate=args.writes_per_second,
            )
            try:
                floors: list[Run] = []
                for page in scenario["pages"]:
                    if args.only and page["name"] not in args.only:
                        continue
                    writer.check()
                    print(f"measuring {page['name']}", file=sys.stderr)
                    result.pages.append(
                        _measure_page(url, page, scenario["cookies"], args, floors)
                    )
                result.first_views_ms = _first_views(url, scenario, writer, args)
            finally:
                writer.stop()
            result.worker_rss_mib = _worker_rss_mib(server.pid)
        result.writes_ms = writer.writes_ms
        result.floor_rps = statistics.median(run.rps for run in floors)
        result.floor_p50_ms = percentile(
            [ms for run in floors for ms in run.latencies_ms], 0.50
        )
        result.floor_client_cpu = _cpu_share(floors)
        result.errors = sum(page.errors for page in result.pages)
        result.errors += sum(run.errors for run in floors)
        result.errors += log_path.read_text(errors="replace").count(
            "Internal Server Error"
        )
        result.load += " → " + _load_average()
    return result


def _commit() -> str:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"],  # noqa: S607 - fixed command
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", choices=[0, 1, 10])
    parser.add_argument("--writes-per-second", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=4, help="seconds a run")
    parser.add_argument("--pairs", type=int, default=3, help="floor/page pairs a page")
    parser.add_argument("--warmup", type=float, default=1, help="seconds a page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--first-views", type=int, default=5)
    parser.add_argument("--only", action="append", help="measure only this page")
    parser.add_argument(
        "--publish", action="store_true", help=f"append the results to {DOCS.name}"
    )
    args = parser.parse_args(argv)
    if args.writes_per_second <= 0:
        parser.error("--writes-per-second must be positive")
    if args.first_views < 1:
        parser.error("--first-views must be at least 1")
    if unknown := set(args.only or ()) - set(GOALS):
        parser.error(f"no such page: {', '.join(sorted(unknown))} (see {list(GOALS)})")
    base_url = os.environ.get("BENCH_DATABASE_URL", "")
    if not base_url.startswith(("postgres", "sqlite")):
        parser.error("set BENCH_DATABASE_URL (see the docstring)")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    command = "python -m benchmarks.throughput " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    errors = 0
    for scale in args.scale or [1]:
        result = run_scale(base_url, scale, args)
        saved = OUT_DIR / f"throughput-s{scale}.json"
        if scale == 10 and (earlier := load(OUT_DIR / "throughput-s1.json")):
            compare(result, earlier)
        saved.write_text(json.dumps(asdict(result), indent=2))
        text = report(result, command)
        print(text)
        if args.publish:
            day = dt.datetime.now(tz=dt.UTC).date()
            heading = f"\n### {day}, scale {scale}, commit {_commit()}\n\n"
            with DOCS.open("a", encoding="utf-8") as docs:
                docs.write(heading + text)
        errors += result.errors
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
