"""A commune's pages whether the installation holds one organisation or a
province of many (goal: p50 within 1.2×).

Phase 1: the installation holds one commune (10 units with their heads, a
planner, an issued plan of this year of about TASKS tasks, the done ones
reported). Its task page (as the task's unit head), dashboard (as its planner)
and ``/my-tasks/`` (as a unit head) are each asked for REQUESTS times after a
warm-up, through Django's test client (middleware, scope, selectors,
template), and their p50 and query counts noted. Phase 2: a province with
``--children`` communes of TASKS_PER_CHILD tasks each is added
(``benchmarks.bench_rollup``'s generator), the tables analysed, and the same
pages measured again. The report gives both p50s, the ratio and the queries.

Run it on an empty database of its own (it refuses one holding other
organisations): ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_scale
.venv/bin/python -m benchmarks.bench_province_scale [--children 100]``.
The two phases run minutes apart; on a shared machine their load differs.
``--alone`` makes the commune alone in another database, and
``--measure-only`` then measures either database as it stands: run it on both
at once for two figures under the same load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

COMMUNE = "UBND xã Đo Đạc (benchmark quy mô tỉnh)"
UNITS = 10
TASKS = 2_000
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
WARMUP = 5
GOAL_RATIO = 1.2


@dataclass
class Commune:
    planner: Any  # accounts.models.User (imported once Django is set up)
    heads: list[Any]
    tasks: list[tuple[int, Any]]  # (task id, its unit's head)


def _commune() -> Commune:
    """The measured commune, generated with bulk writes."""
    from accounts.models import User
    from campaigns.models import (
        Activity,
        ContentTheme,
        Plan,
        ProgressReport,
        Task,
        Unit,
    )
    from campaigns.tallies import tallies_rebuild
    from channels.models import Channel
    from demo import data as demo_data
    from organisation.models import Membership, Organisation

    from .bench_rollup import _task

    rng = random.Random(2025)  # noqa: S311 - reproducible data, not secrets
    year, today = timezone.localdate().year, timezone.localdate()
    commune = Organisation.objects.create(
        name=COMMUNE, short_name="Đo Đạc", place="Đo Đạc", kind="commune"
    )

    def member(username: str, role: str) -> User:
        user = User.objects.create(username=username, email=f"{username}@bench.test")
        Membership.objects.create(user=user, organisation=commune, role=role)
        return user

    planner = member("scale-planner", "planner")
    heads = [member(f"scale-head-{n:02d}", "unit_head") for n in range(1, UNITS + 1)]
    units = Unit.objects.bulk_create(
        Unit(organisation=commune, name=f"Đơn vị {n}", order=n, head=head)
        for n, head in enumerate(heads, start=1)
    )
    channels = Channel.objects.bulk_create(
        Channel(organisation=commune, code=c, name=n, output_unit=u, form=f)
        for c, n, u, f, _colour in demo_data.CHANNELS
    )
    plan = Plan.objects.create(
        organisation=commune,
        year=year,
        issuer=COMMUNE,
        title=f"Kế hoạch tuyên truyền CCHC năm {year}",
        status=Plan.Status.ISSUED,
    )
    theme = ContentTheme.objects.create(plan=plan, title="Cải cách hành chính")
    activities = Activity.objects.bulk_create(
        Activity(
            plan=plan,
            title=f"Hoạt động {n}",
            search_text=f"hoat dong {n}",
            theme=theme,
            channel=rng.choice(channels),
            lead_unit=rng.choice(units),
            start_date=dt.date(year, 1, 1),
            due_date=dt.date(year, 12, 31),
            planned_output=2,
            created_by=planner,
        )
        for n in range(TASKS // 24)
    )
    tasks = [
        _task(rng, activity, unit, dt.date(year, month, 15), today)
        for activity in activities
        for unit in rng.sample(units, 2)
        for month in range(1, 13)
    ]
    created = Task.objects.bulk_create(tasks)
    ProgressReport.objects.bulk_create(
        ProgressReport(
            task=task,
            actual_output=task.planned_output,
            submitted_by=planner,
            submitted_at=task.completed_at or timezone.now(),
            review_status=ProgressReport.ReviewStatus.ACCEPTED,
        )
        for task in created
        if task.status == Task.Status.DONE
    )
    tallies_rebuild(plan_ids=[plan.pk])
    head_of = {unit.pk: unit.head for unit in units}
    sample = rng.sample(created, 20)
    return Commune(planner, heads, [(t.pk, head_of[t.unit_id]) for t in sample])


def _p50(page: Callable[[int], str], users: Callable[[int], Any]) -> tuple[float, int]:
    """The median time (ms) of REQUESTS requests of ``page(i)`` by ``users(i)``,
    and the queries of the last one."""
    clients: dict[int, Client] = {}
    timings: list[float] = []
    queries = 0
    for index in range(-WARMUP, REQUESTS):
        user = users(index)
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client(SERVER_NAME="localhost")
            client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(page(index))
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (page(index), response.status_code)
        if index >= 0:
            timings.append(elapsed)
            queries = len(captured)
    return statistics.median(timings), queries


def _measure(commune: Commune) -> dict[str, tuple[float, int]]:
    tasks = commune.tasks
    heads = commune.heads
    return {
        "task page": _p50(
            lambda i: f"/tasks/{tasks[i % len(tasks)][0]}/",
            lambda i: tasks[i % len(tasks)][1],
        ),
        "dashboard (planner)": _p50(lambda i: "/", lambda i: commune.planner),
        "/my-tasks/": _p50(lambda i: "/my-tasks/", lambda i: heads[i % len(heads)]),
    }


def measure_only() -> None:
    """The pages' p50 and queries on the database as it stands (the commune
    made by an earlier run): run on a database of one organisation and one of
    a province at the same time, so that both see the same load."""
    from organisation.models import Organisation

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    found = Organisation.objects.count()
    for page, (p50, queries) in _measure(_load()).items():
        print(f"{found} organisations | {page} | p50 {p50:.1f} ms | {queries} queries")


def run(*, children: int) -> None:
    from campaigns.models import Task
    from organisation.models import Organisation

    from .bench_rollup import _ensure

    if Organisation.objects.exclude(name=COMMUNE).exists():
        raise SystemExit("Run on an empty database: it holds other organisations.")
    if not Organisation.objects.filter(name=COMMUNE).exists():
        with transaction.atomic():
            _commune()
    commune = _load()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    one = _measure(commune)
    started = time.perf_counter()
    _ensure(children)
    generated = time.perf_counter() - started
    many = _measure(commune)
    total = Task.objects.count()
    print(
        f"installation: 1 organisation, then {children + 2} "
        f"(province + {children} children; {total:,} tasks; generated in "
        f"{generated:.0f} s); {connection.vendor}"
    )
    print("| page | p50, 1 organisation | p50, province | ratio | queries |")
    print("|---|---|---|---|---|")
    for page, (alone, alone_queries) in one.items():
        crowded, crowded_queries = many[page]
        ratio = crowded / alone
        verdict = "meets" if ratio <= GOAL_RATIO else "MISSES"
        print(
            f"| {page} | {alone:.1f} ms | {crowded:.1f} ms | {ratio:.2f}× "
            f"({verdict}) | {alone_queries} → {crowded_queries} |"
        )


def _load() -> Commune:
    """The measured commune's people and sample tasks, read back."""
    from accounts.models import User
    from campaigns.models import Task, Unit

    planner = User.objects.get(username="scale-planner")
    units = list(Unit.objects.filter(organisation__name=COMMUNE).select_related("head"))
    head_of = {unit.pk: unit.head for unit in units}
    rng = random.Random(5)  # noqa: S311
    ids = list(
        Task.objects.filter(unit__in=units).values_list("pk", "unit_id").order_by("pk")
    )
    sample = rng.sample(ids, 20)
    return Commune(
        planner,
        [unit.head for unit in units],
        [(pk, head_of[unit_id]) for pk, unit_id in sample],
    )


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100)
    parser.add_argument(
        "--measure-only", action="store_true", help="measure the data as it stands"
    )
    parser.add_argument(
        "--alone", action="store_true", help="make the commune alone, then stop"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuithanh_cchc.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()
    from django.core.management import call_command

    from organisation.scoping import across_organisations_from_now

    across_organisations_from_now()
    call_command("migrate", verbosity=0)
    if args.measure_only:
        measure_only()
    elif args.alone:
        with transaction.atomic():
            _commune()
    else:
        run(children=args.children)


if __name__ == "__main__":
    main()
