"""Throughput harness: each page against the bare floor, in the same run.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench \
        .venv/bin/python -m benchmarks.throughput --scale 1 --scale 10

For each scale it uses the database ``<name>_s<scale>`` (created, migrated and
filled by ``benchmarks/datagen.py`` when missing: it wipes the campaign tables of
that database, so give it databases of their own), starts gunicorn with production
settings (DEBUG off, the repository's gunicorn.conf.py, ``--workers`` workers) on a
free loopback port with the floor page on (``BENCHMARK_FLOOR``, see
``benchmarks/floor.py``), logs in as the busiest unit head, the planner and the
leader, and then runs ``wrk`` (Debian package ``wrk``) alternately on the floor and
on each page: floor, page, floor, page, ... Each page's ratio is its req/s over the
mean of the two floor runs around it, so that whatever else the machine is doing
weighs on both. The yearly report page is measured for latency (one connection),
and its first request (the one that renders it, pagecache/pages.py) on its own.
Printed per page: req/s, median and p95 latency, the ratio and its goal; then the
peak memory of a worker and, when both scales ran, each page's scale-10 median
against its scale-1 median. Every response must be 200: anything else (a redirect
to the login page included) is counted as an error.

``--writes-per-second N`` commits N small writes a second during the run, so that
the stored pages (pagecache/) keep going stale as in an office where people save
all day: the figures then show what rendering again costs.

Only 127.0.0.1 is contacted; every wrk run is bounded by ``--duration`` seconds.
Results are also written as JSON to ``var/benchmarks/throughput-s<scale>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.cookiejar
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.server import free_port, server_env

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "benchmarks"
FLOOR = "/_bench/floor/"
STARTUP_SECONDS = 90

# Goals: req/s as a share of the floor's at scale 1.
RATIO_GOALS = {
    "task page": 0.40,
    "/my-tasks/": 0.30,
    "planner dashboard": 0.20,
    "leader dashboard": 0.20,
    "calendar month": 0.20,
}
SCALE_GROWTH_GOAL = 1.5  # scale-10 median latency over scale-1's
REPORT_GOAL_MS = 300  # the yearly report page at scale 10


# --- preparation (runs inside Django, against one scale's database) -------------


def prepare(scale: int, out: Path) -> None:
    """Build the data set if needed and write what the load needs as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuithanh_cchc.settings")
    django.setup()
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from accounts.models import User
    from benchmarks.datagen import ensure_dataset
    from campaigns.models import Plan, Task

    call_command("migrate", verbosity=0)
    dataset = ensure_dataset(scale=scale, verbose=True)
    # Statistics and visibility maps as autovacuum keeps them on a live server
    # (without the latter PostgreSQL will not probe an index instead of hashing
    # a whole table).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    head = (
        User.objects.filter(username__startswith="bench-head-")
        .annotate(tasks=Count("headed_units__tasks"))
        .order_by("-tasks", "username")
        .first()
    )
    plan = Plan.objects.filter(pk__in=dataset.plan_ids).order_by("-year").first()
    head_tasks = list(
        Task.objects.filter(unit__head=head, activity__plan=plan).values_list(
            "pk", flat=True
        )
    )
    rng = random.Random(scale)  # noqa: S311 - sampling, not secrets
    data = {
        "scale": scale,
        "year": plan.year,
        "plan": plan.pk,
        "password": dataset.password,
        "head": head.username,
        "planner": dataset.planner,
        "leader": dataset.leader,
        "head_tasks": rng.sample(head_tasks, min(200, len(head_tasks))),
        "tasks": Task.objects.filter(activity__plan=plan).count(),
        "all_tasks": Task.objects.count(),
    }
    out.write_text(json.dumps(data))


# --- the server ----------------------------------------------------------------


def _wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5):  # noqa: S310 - loopback URL built here
                return
        except urllib.error.HTTPError:
            return  # 503 (broker down) still means Django answers
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not become healthy in time")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def _login(url: str, username: str, password: str) -> str:
    """Log in through the login form; return the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
    )
    with opener.open(f"{url}/accounts/login/", timeout=30) as page:
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()
        )
    body = urllib.parse.urlencode(
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback URL built here
        f"{url}/accounts/login/",
        data=body,
        headers={"Referer": f"{url}/accounts/login/"},
    )
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError as exc:
        if exc.code != 302:
            raise RuntimeError(f"login of {username} failed: {exc.code}") from exc
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login of {username} gave no session")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _check(url: str, path: str, cookie: str) -> int:
    """GET once (no redirect followed): the page must answer 200; its size."""
    opener = urllib.request.build_opener(_NoRedirect())
    request = urllib.request.Request(f"{url}{path}", headers={"Cookie": cookie})  # noqa: S310
    try:
        with opener.open(request, timeout=120) as response:
            return len(response.read())
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"{path} answered {exc.code}") from exc


def _drain(url: str, cookie: str, workers: int) -> None:
    """Wait until the requests wrk left behind are served.

    A sync worker finishes every request it accepted even after wrk closed the
    connection, so a slow page leaves seconds of work queued that would count
    against the next run. A request sent now queues behind them: once a few of
    them (one per worker, twice) have come back, the backlog is gone.
    """
    for _ in range(2 * workers):
        _check(url, FLOOR, cookie)


# --- wrk -----------------------------------------------------------------------

LUA = """
local paths = {%(paths)s}
local counter = 0
local threads = {}
wrk.headers["Cookie"] = "%(cookie)s"
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function request()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("NOT200 %%d\\n", total))
  io.write(string.format("P50US %%d\\nP95US %%d\\n",
    latency:percentile(50), latency:percentile(95)))
end
"""


@dataclass
class Run:
    name: str
    rps: float
    p50_ms: float
    p95_ms: float
    requests: int
    errors: int


def _wrk(
    url: str,
    name: str,
    paths: list[str],
    cookie: str,
    *,
    duration: int,
    threads: int,
    connections: int,
    folder: Path,
) -> Run:
    script = folder / "paths.lua"
    script.write_text(
        LUA
        % {
            "paths": ", ".join(json.dumps(p) for p in paths),
            "cookie": cookie.replace('"', ""),
        }
    )
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "60s",
        "-s",
        str(script),
        f"{url}{paths[0]}",
    ]
    done = subprocess.run(  # noqa: S603 - fixed command, loopback URL
        command, capture_output=True, text=True, timeout=duration + 120, check=False
    )
    out = done.stdout
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or out}")

    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else default

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(number(r"NOT200 (\d+)"))
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    return Run(
        name=name,
        rps=number(r"Requests/sec:\s+([\d.]+)"),
        p50_ms=number(r"P50US (\d+)") / 1000,
        p95_ms=number(r"P95US (\d+)") / 1000,
        requests=int(number(r"(\d+) requests in")),
        errors=errors,
    )


# --- the run -------------------------------------------------------------------


@dataclass
class PageResult:
    name: str
    run: Run
    floor_rps: float
    size_kib: float
    goal: float | None = None

    @property
    def ratio(self) -> float:
        return self.run.rps / self.floor_rps if self.floor_rps else 0.0


@dataclass
class ScaleResult:
    scale: int
    tasks: int
    all_tasks: int
    load: str
    pages: list[PageResult] = field(default_factory=list)
    floors: list[Run] = field(default_factory=list)
    report: Run | None = None
    report_size_kib: float = 0.0
    # The report's first request after the data last changed: rendered, not replayed.
    report_first_ms: float = 0.0
    worker_rss_mib: float = 0.0
    errors: int = 0
    writes: int = 0  # committed by --writes-per-second during the run


def _month_paths(year: int) -> list[str]:
    """What FullCalendar asks for a month view: the six weeks around the month."""
    paths = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        start = first - dt.timedelta(days=first.weekday())
        end = start + dt.timedelta(days=42)
        paths.append(f"/calendar/events.json?start={start}&end={end}")
    return paths


def _database_for(base: str, scale: int) -> str:
    parsed = urllib.parse.urlsplit(base)
    name = parsed.path.lstrip("/") or "cchc_bench"
    return urllib.parse.urlunsplit(parsed._replace(path=f"/{name}_s{scale}"))


def _ensure_database(url: str) -> None:
    import psycopg2

    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


@contextlib.contextmanager
def _background_writes(database_url: str, per_second: float) -> Iterator[list[int]]:
    """With ``per_second`` > 0, commit that many writes a second while the block
    runs, from a thread of this process: each one a transaction that updates a
    unit (to the same name), so the data version moves and every stored page is
    stale, as in an office where people keep saving. Yields ``[writes done]``."""
    import psycopg2

    done = [0]
    if per_second <= 0:
        yield done
        return
    stop = threading.Event()

    def write() -> None:
        connection = psycopg2.connect(database_url)
        try:
            with connection.cursor() as cursor:
                while not stop.wait(1 / per_second):
                    cursor.execute(
                        "UPDATE campaigns_unit SET name = name"
                        " WHERE id = (SELECT min(id) FROM campaigns_unit)"
                    )
                    connection.commit()
                    done[0] += 1
        finally:
            connection.close()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield done
    finally:
        stop.set()
        writer.join()


def _worker_rss_mib(master_pid: int) -> float:
    import psutil

    try:
        children = psutil.Process(master_pid).children()
    except psutil.Error:
        return 0.0
    sizes = []
    for child in children:
        try:
            sizes.append(child.memory_info().rss)
        except psutil.Error:
            continue
    return max(sizes, default=0) / 2**20


def run_scale(base_url: str, scale: int, args: argparse.Namespace) -> ScaleResult:
    database_url = _database_for(base_url, scale)
    _ensure_database(database_url)
    with tempfile.TemporaryDirectory(prefix="cchc-throughput-") as folder:
        tmp = Path(folder)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - this module, fixed arguments
            [sys.executable, "-m", "benchmarks.throughput", "--prepare", str(scale)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"},
            check=True,
            stdout=sys.stderr,
            timeout=3 * 3600,
        )
        data = json.loads((OUT_DIR / f"prepare-s{scale}.json").read_text())
        print(
            f"\n== scale {scale}: {data['all_tasks']:,} tasks, {data['tasks']:,} in "
            f"{data['year']} (prepared in {time.perf_counter() - started:.0f} s)"
        )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = server_env(
            tmp,
            port,
            DATABASE_URL=database_url,
            GUNICORN_WORKERS=str(args.workers),
            GUNICORN_MAX_REQUESTS="0",  # no recycling: memory is measured after
            BENCHMARK_FLOOR="true",
        )
        subprocess.run(  # noqa: S603 - fixed command
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        log_path = tmp / "gunicorn.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(  # noqa: S603 - fixed command
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
                + ["nuithanh_cchc.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_healthy(url, server)
            with _background_writes(database_url, args.writes_per_second) as writes:
                result = _measure(url, data, args, tmp)
            result.writes = writes[0]
            result.worker_rss_mib = _worker_rss_mib(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        log_text = log_path.read_text(errors="replace")
        result.errors += log_text.count("Internal Server Error")
    return result


def _measure(url: str, data: dict, args: argparse.Namespace, tmp: Path) -> ScaleResult:
    password = data["password"]
    head = _login(url, data["head"], password)
    planner = _login(url, data["planner"], password)
    leader = _login(url, data["leader"], password)
    task_paths = [f"/tasks/{pk}/" for pk in data["head_tasks"]]
    pages = [
        ("task page", task_paths, head),
        ("/my-tasks/", ["/my-tasks/"], head),
        ("planner dashboard", ["/"], planner),
        ("leader dashboard", ["/"], leader),
        ("calendar month", _month_paths(data["year"]), planner),
    ]
    result = ScaleResult(
        scale=data["scale"],
        tasks=data["tasks"],
        all_tasks=data["all_tasks"],
        load=" ".join(f"{x:.2f}" for x in os.getloadavg()),
    )
    options = {
        "threads": args.threads,
        "connections": args.connections,
        "folder": tmp,
    }

    def floor() -> Run:
        _drain(url, head, args.workers)
        run = _wrk(url, "floor", [FLOOR], head, duration=args.duration, **options)
        result.floors.append(run)
        result.errors += run.errors
        return run

    _check(url, FLOOR, head)
    _wrk(url, "warm-up", [FLOOR], head, duration=2, **options)
    before = floor()
    for name, paths, cookie in pages:
        size = _check(url, paths[0], cookie)
        _wrk(url, "warm-up", paths, cookie, duration=2, **options)
        _drain(url, head, args.workers)
        run = _wrk(url, name, paths, cookie, duration=args.duration, **options)
        after = floor()
        result.errors += run.errors
        result.pages.append(
            PageResult(
                name=name,
                run=run,
                floor_rps=statistics.mean([before.rps, after.rps]),
                size_kib=size / 1024,
                goal=RATIO_GOALS.get(name),
            )
        )
        before = after
    report_path = f"/reports/{data['year']}/"
    _drain(url, head, args.workers)
    started = time.perf_counter()
    result.report_size_kib = _check(url, report_path, leader) / 1024
    result.report_first_ms = (time.perf_counter() - started) * 1000
    result.report = _wrk(
        url,
        "report page",
        [report_path],
        leader,
        duration=args.duration,
        threads=1,
        connections=1,
        folder=tmp,
    )
    result.errors += result.report.errors
    result.load += " → " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    return result


def _print_scale(result: ScaleResult) -> None:
    print(
        f"{'page':<18} {'req/s':>7} {'floor':>7} {'ratio':>6} {'goal':>5} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'KiB':>7} {'errors':>6}"
    )
    for page in result.pages:
        goal = f"{page.goal:.0%}" if page.goal else ""
        verdict = ""
        if page.goal and result.scale == 1:
            verdict = " ok" if page.ratio >= page.goal else " MISSED"
        if not page.run.requests:
            verdict += " (no request finished within the run)"
        print(
            f"{page.name:<18} {page.run.rps:>7.1f} {page.floor_rps:>7.1f} "
            f"{page.ratio:>6.1%} {goal:>5} {page.run.p50_ms:>8.1f} "
            f"{page.run.p95_ms:>8.1f} {page.size_kib:>7.0f} "
            f"{page.run.errors:>6}{verdict}"
        )
    floors = [run.rps for run in result.floors]
    print(
        f"floor runs: {', '.join(f'{x:.0f}' for x in floors)} req/s "
        f"(median {statistics.median(floors):.0f}, p50 "
        f"{statistics.median(run.p50_ms for run in result.floors):.1f} ms)"
    )
    if result.report:
        verdict = ""
        if not result.report.requests:
            verdict = " MISSED (no request finished within the run)"
        elif result.scale == 10:
            verdict = " ok" if result.report.p50_ms <= REPORT_GOAL_MS else " MISSED"
        print(
            f"yearly report page (1 connection): median {result.report.p50_ms:.0f} ms, "
            f"p95 {result.report.p95_ms:.0f} ms, {result.report.rps:.1f} req/s, "
            f"{result.report_size_kib:.0f} KiB (goal at scale 10: ≤ "
            f"{REPORT_GOAL_MS} ms){verdict}; its first request, rendered: "
            f"{result.report_first_ms:.0f} ms"
        )
    verdict = "ok" if result.worker_rss_mib <= 150 else "MISSED"
    print(
        f"largest gunicorn worker after the run: {result.worker_rss_mib:.0f} MiB RSS "
        f"(goal ≤ 150 MiB) {verdict}"
    )
    print(f"errors (non-200, socket, 500s in log): {result.errors}")
    print(f"load average before → after: {result.load}")


def _floor_p50(result: ScaleResult) -> float:
    return (
        statistics.median(run.p50_ms for run in result.floors) if result.floors else 0
    )


def _print_growth(one: ScaleResult, ten: ScaleResult) -> None:
    """Scale-10 median over scale-1 median; also over the floor's median of each
    run, since the two runs did not see the same load on a shared machine."""
    print("\n== scale 10 against scale 1 (median latency, goal ≤ 1.5×)")
    floor_one, floor_ten = _floor_p50(one), _floor_p50(ten)
    by_name = {page.name: page for page in one.pages}
    for page in ten.pages:
        base = by_name.get(page.name)
        if not base or not base.run.p50_ms:
            continue
        if not page.run.requests:
            print(f"{page.name:<18} no request finished within the run  MISSED")
            continue
        growth = page.run.p50_ms / base.run.p50_ms
        normalised = ""
        if floor_one and floor_ten:
            relative = growth * floor_one / floor_ten
            normalised = f"  {relative:5.2f}× in floor latencies"
            growth = relative
        verdict = "ok" if growth <= SCALE_GROWTH_GOAL else "MISSED"
        print(
            f"{page.name:<18} {base.run.p50_ms:>8.1f} ms → {page.run.p50_ms:>8.1f} ms"
            f"  {page.run.p50_ms / base.run.p50_ms:5.2f}×{normalised}  {verdict}"
        )


def _load(path: Path) -> ScaleResult | None:
    """A scale's result saved by an earlier run, for the scale-10 comparison."""
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    pages = [
        PageResult(
            name=page["name"],
            run=Run(**page["run"]),
            floor_rps=page["floor_rps"],
            size_kib=page["size_kib"],
            goal=page["goal"],
        )
        for page in data["pages"]
    ]
    return ScaleResult(
        scale=data["scale"],
        tasks=data["tasks"],
        all_tasks=data["all_tasks"],
        load=data["load"],
        pages=pages,
        floors=[Run(**run) for run in data["floors"]],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", choices=[1, 10])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--writes-per-second",
        type=float,
        default=0,
        help="commit this many writes a second during the run (stored pages go stale)",
    )
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if args.prepare:
        prepare(args.prepare, OUT_DIR / f"prepare-s{args.prepare}.json")
        return 0
    if not shutil.which("wrk"):
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    base_url = os.environ.get("BENCH_DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        parser.error("set BENCH_DATABASE_URL to a PostgreSQL URL (see the docstring)")
    results = {}
    for scale in args.scale or [1, 10]:
        result = run_scale(base_url, scale, args)
        results[scale] = result
        print(
            f"\n== scale {scale}: {args.workers} gunicorn workers, wrk -t{args.threads}"
            f" -c{args.connections} -d{args.duration}s, alternating with the floor"
            + (
                f", {result.writes:,} writes committed during the run"
                if args.writes_per_second
                else ""
            )
        )
        _print_scale(result)
        (OUT_DIR / f"throughput-s{scale}.json").write_text(
            json.dumps(asdict(result), indent=2, default=str)
        )
    if 10 in results and 1 not in results:
        earlier = _load(OUT_DIR / "throughput-s1.json")
        if earlier:
            print("(scale 1: the figures of the last scale-1 run of this harness)")
            results[1] = earlier
    if 1 in results and 10 in results:
        _print_growth(results[1], results[10])
    return 1 if any(result.errors for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
