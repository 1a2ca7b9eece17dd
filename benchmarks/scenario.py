"""What the throughput harness asks for: pages as many users about many objects.

    python -m benchmarks.scenario --scale 1 --out scenario.json

Runs inside Django with the server's environment (the same SECRET_KEY: the
sessions it opens must be valid there). It migrates the database, builds the data
set (``benchmarks/datagen.py``) when missing, refreshes PostgreSQL's statistics,
opens a session for every account it uses and writes JSON::

    {"scale": 1, "year": 2026, "plan": 12, "tasks": 31000, "all_tasks": 154000,
     "planner": "bench-planner",              # who reopens tasks (benchmarks/writer.py)
     "cookies": {"bench-head-01": "sessionid=...; csrftoken=...", ...},
     "pages": [{"name": "task page", "goal": 0.3,
                "requests": [["/tasks/41/", "bench-head-01"], ...]}, ...],
     "first_view": ["/reports/2026/", "bench-leader"]}

Each page's requests are the (path, username) pairs the load takes in turn:
distinct users and distinct objects, shuffled (one seed per scale), so that no
page is asked for twice in a row by the same user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import django

# Goals at scale 1: a page's req/s as a share of the floor's, in the same run.
GOALS = {
    "task page": 0.30,
    "/my-tasks/": 0.20,
    "planner dashboard": 0.25,
    "leader dashboard": 0.25,
    "calendar month": 0.40,
    "plan page": 0.15,
    "activity search": 0.15,
    "quarterly report": 0.10,
    "yearly report": 0.10,
}
HEADS = 20
TASKS_PER_HEAD = 10
SEARCH_WORDS = [
    "tuyên truyền",
    "tuyen truyen",
    "cải cách",
    "hoạt động",
    "CCHC",
    "Đơn vị mẫu",
    "mau 07",
    "số 1",
    "năm",
]


def _mixed(
    paths: Sequence[str], users: Sequence[str], rng: random.Random
) -> list[list[str]]:
    """Every path as every user, shuffled."""
    pairs = [[path, user] for path in paths for user in users]
    rng.shuffle(pairs)
    return pairs


def _month_paths(year: int) -> list[str]:
    """What FullCalendar asks for a month view: the six weeks around the month."""
    paths = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        start = first - dt.timedelta(days=first.weekday())
        end = start + dt.timedelta(days=42)
        paths.append(f"/calendar/events.json?start={start}&end={end}")
    return paths


def _search_paths(activities: int, plan_id: int, rng: random.Random) -> list[str]:
    """Words people type and activity numbers, every other one within the plan."""
    queries = SEARCH_WORDS + [
        f"số {n}" for n in rng.sample(range(1, activities + 1), min(20, activities))
    ]
    return [
        "/activities/?" + urlencode({"q": query} | ({"plan": plan_id} if i % 2 else {}))
        for i, query in enumerate(queries)
    ]


def _cookies(usernames: set[str]) -> dict[str, str]:
    """A signed-in session and a CSRF cookie for each account, as a browser has.

    The session is opened as ``Client.force_login`` does, through the project's
    model backend (the one that reads users for sessions).
    """
    from django.conf import settings
    from django.contrib.auth import load_backend
    from django.contrib.auth.backends import ModelBackend
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.test import Client
    from django.utils.crypto import get_random_string

    from accounts.models import User

    backend = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if isinstance(load_backend(path), ModelBackend)
    )
    cookies = {}
    for user in User.objects.filter(username__in=usernames):
        client = Client()
        client.force_login(user, backend=backend)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        cookies[user.username] = (
            f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}"
        )
    return cookies


def scenario_requests(
    dataset: Any, *, scale: int
) -> tuple[dict[str, list[list[str]]], Any]:
    """Each page's (path, username) pairs over ``dataset``
    (:func:`benchmarks.datagen.ensure_dataset`), and this year's plan."""
    from campaigns.models import Activity, Plan, Task

    rng = random.Random(scale)  # noqa: S311 - sampling, not secrets
    plans = list(Plan.objects.filter(pk__in=dataset.plan_ids).order_by("-year"))
    plan, year = plans[0], plans[0].year
    heads = [f"bench-head-{n:02d}" for n in range(1, HEADS + 1)]
    district = dataset.planners + dataset.leaders

    task_requests = []
    for head in heads:
        mine = list(
            Task.objects.filter(plan=plan, unit__head__username=head).values_list(
                "pk", flat=True
            )
        )
        task_requests += [
            [f"/tasks/{pk}/", head]
            for pk in rng.sample(mine, min(TASKS_PER_HEAD, len(mine)))
        ]
    rng.shuffle(task_requests)
    dashboards = ["/"] + [f"/?plan={other.pk}" for other in plans[1:]]
    quarters = [
        f"/reports/{y}/?period=q{q}" for y in (year, year - 1) for q in range(1, 5)
    ]
    requests = {
        "task page": task_requests,
        "/my-tasks/": _mixed(["/my-tasks/"], heads, rng),
        "planner dashboard": _mixed(dashboards, dataset.planners, rng),
        "leader dashboard": _mixed(dashboards, dataset.leaders, rng),
        "calendar month": _mixed(_month_paths(year), district, rng),
        "plan page": _mixed([f"/plans/{p.pk}/" for p in plans], district, rng),
        "activity search": _mixed(
            _search_paths(Activity.objects.filter(plan=plan).count(), plan.pk, rng),
            district,
            rng,
        ),
        "quarterly report": _mixed(quarters, district, rng),
        "yearly report": _mixed([f"/reports/{p.year}/" for p in plans], district, rng),
    }
    return requests, plan


def scenario_build(*, scale: int) -> dict[str, object]:
    """Build the data set if needed; the load of every page (see the docstring)."""
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.datagen import ensure_dataset
    from campaigns.models import Task

    call_command("migrate", verbosity=0)
    dataset = ensure_dataset(scale=scale, verbose=True)
    if connection.vendor == "postgresql":
        # Statistics and visibility maps as autovacuum keeps them on a live
        # server (without the latter PostgreSQL will not probe an index instead
        # of hashing a whole table).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    requests, plan = scenario_requests(dataset, scale=scale)
    year = plan.year
    heads = [f"bench-head-{n:02d}" for n in range(1, HEADS + 1)]
    district = dataset.planners + dataset.leaders
    pages = [
        {"name": name, "goal": GOALS[name], "requests": pairs}
        for name, pairs in requests.items()
    ]
    return {
        "scale": scale,
        "year": year,
        "plan": plan.pk,
        "tasks": Task.objects.filter(plan=plan).count(),
        "all_tasks": Task.objects.count(),
        "planner": dataset.planner,
        "cookies": _cookies(set(heads) | set(district)),
        "pages": pages,
        "first_view": [f"/reports/{year}/", dataset.leader],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, choices=[0, 1, 10])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuithanh_cchc.settings")
    django.setup()
    from organisation.scoping import across_organisations_from_now

    across_organisations_from_now()
    args.out.write_text(json.dumps(scenario_build(scale=args.scale)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
