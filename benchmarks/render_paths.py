"""What the pages users wait on cost to render, per request, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench_s1 DEBUG=false \\
        .venv/bin/python -m benchmarks.render_paths [--runs 20] [--profile "task page"]

Against a database the throughput harness built (``benchmarks/datagen.py``),
each page of ``PAGES`` is asked for ``--runs`` times through Django's test
client (the whole stack but the network), by the harness's distinct users
about distinct objects (``benchmarks/scenario.py``), after one warm-up
request. Printed per page: the median CPU time of this process per request
(``time.process_time``: Python, templates and the driver, not PostgreSQL's
own work), the median wall time, the median time in SQL and the median (and
largest) number of queries of a request. ``--profile NAME`` prints
cProfile's 30 costliest functions (cumulative) of that page's requests too.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

import django

PAGES = (
    "task page",
    "/my-tasks/",
    "planner dashboard",
    "leader dashboard",
    "plan page",
    "activity search",
)


def _requests(runs: int) -> dict[str, list[list[str]]]:
    from benchmarks.datagen import ensure_dataset
    from benchmarks.scenario import scenario_requests

    requests, _plan = scenario_requests(ensure_dataset(scale=1), scale=1)
    return {name: requests[name][:runs] for name in PAGES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", choices=PAGES)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuithanh_cchc.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from organisation.scoping import across_organisations_from_now

    across_organisations_from_now()
    clients: dict[str, Client] = {}

    def client_of(username: str) -> Client:
        if username not in clients:
            client = Client(SERVER_NAME="localhost")
            client.force_login(User.objects.get(username=username))
            clients[username] = client
        return clients[username]

    pages = _requests(args.runs)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, requests in pages.items():
        if args.profile and name != args.profile:
            continue
        for _path, username in requests:
            client_of(username)
        client_of(requests[0][1]).get(requests[0][0])  # warm-up
        cpu, wall, sql, queries = [], [], [], []
        profile = cProfile.Profile() if args.profile else None
        for path, username in requests:
            client = client_of(username)
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                if profile:
                    profile.enable()
                response = client.get(path)
                if profile:
                    profile.disable()
                cpu.append(time.process_time() - started_cpu)
                wall.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
            sql.append(sum(float(q["time"]) for q in captured.captured_queries))
            queries.append(len(captured))
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        print(
            f"{name:<18} cpu {statistics.median(cpu) * 1000:6.1f} ms"
            f"  wall {statistics.median(wall) * 1000:6.1f} ms"
            f"  sql {statistics.median(sql) * 1000:6.1f} ms"
            f"  queries {statistics.median(queries):g} (at most {max(queries)})"
        )
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
