"""Planning pages and JSON endpoints through the Django test client.

For each page: the median time of the whole request (middleware, views,
templates, queries) and the median time of the same page's SQL replayed alone
on the same connection, so the ratio page/queries shows where the time goes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from benchmarks.datagen import ensure_dataset
from campaigns.models import Activity, Plan

REPEAT = {1: 7, 10: 5}
SKIPPED_SQL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@dataclass
class Figure:
    name: str
    queries: int
    page_ms: float
    sql_ms: float

    @property
    def ratio(self) -> float:
        return self.page_ms / self.sql_ms if self.sql_ms else float("inf")


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _replay(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            if sql.startswith("DECLARE "):  # a server-side cursor (iterator())
                sql = sql.split(" FOR ", 1)[1]
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()


def measure(client: Client, name: str, url: str, repeat: int) -> Figure:
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {url} answered {response.status_code}")

    get()  # warm caches (templates, holidays, connection)
    with CaptureQueriesContext(connection) as captured:
        get()
    statements = [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(SKIPPED_SQL)
    ]
    page_ms = _median_ms(get, repeat)
    sql_ms = _median_ms(lambda: _replay(statements), repeat)
    return Figure(name, len(statements), page_ms, sql_ms)


def _pages(plan: Plan, activity: Activity, unit_id: int) -> list[tuple[str, str]]:
    year = plan.year
    month = f"start={year}-03-01&end={year}-04-01"
    return [
        ("dashboard /", f"/?plan={plan.pk}"),
        ("plan list", reverse("planning:plan_list")),
        ("plan detail", reverse("planning:plan_detail", args=[plan.pk])),
        ("plan import (form)", reverse("planning:plan_import", args=[plan.pk])),
        ("activity list", reverse("planning:activity_list")),
        (
            "activity list, 3 filters + sort",
            reverse("planning:activity_list")
            + f"?plan={plan.pk}&unit={unit_id}&month=3&ordering=-tasks",
        ),
        (
            "activity list, text search p.3",
            reverse("planning:activity_list") + f"?plan={plan.pk}&q=số+1&page=3",
        ),
        ("activity detail", reverse("planning:activity_detail", args=[activity.pk])),
        ("activity new (form)", reverse("planning:activity_create")),
        ("activity edit (form)", reverse("planning:activity_edit", args=[activity.pk])),
        (
            "recurrence preview (htmx)",
            reverse("planning:recurrence_preview")
            + f"?start_date=01/01/{year}&due_date=31/12/{year}"
            f"&recurrence_preset=monthly&month_day=25&lead_unit={unit_id}",
        ),
        ("calendar", reverse("planning:calendar") + f"?plan={plan.pk}"),
        (
            "calendar.json month",
            reverse("planning:calendar_events") + f"?{month}&plan={plan.pk}",
        ),
        (
            "calendar.json month, one unit",
            reverse("planning:calendar_events")
            + f"?{month}&plan={plan.pk}&unit={unit_id}",
        ),
        (
            "calendar.json month, activities",
            reverse("planning:calendar_events")
            + f"?{month}&plan={plan.pk}&mode=activities",
        ),
        (
            "holidays.json year",
            reverse("planning:calendar_holidays")
            + f"?start={year}-01-01&end={year + 1}-01-01",
        ),
    ]


def run(*, scale: int) -> None:
    data = ensure_dataset(scale=scale, verbose=False)
    if connection.vendor == "postgresql":
        # Bulk-loaded tables have no planner statistics until autovacuum runs;
        # a production database has them, so measure with them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    repeat = REPEAT.get(scale, 5)
    plan = Plan.objects.get(pk=data.plan_ids[-1])
    activity = (
        Activity.objects.filter(plan=plan)
        .exclude(recurrence="")
        .annotate(n=Count("tasks"))
        .order_by("-n", "pk")
        .first()
    )
    planner = Client(HTTP_HOST="localhost")
    planner.force_login(User.objects.get(username=data.planner))
    head = Client(HTTP_HOST="localhost")
    head.force_login(User.objects.get(username=data.unit_head))

    figures = [
        measure(planner, name, url, repeat)
        for name, url in _pages(plan, activity, data.unit_ids[0])
    ]
    figures.append(measure(head, "dashboard / (unit head)", "/", repeat))

    tasks = plan.activities.aggregate(n=Count("tasks"))["n"]
    print(
        f"plan {plan.year}: {plan.activities.count():,} activities, {tasks:,} tasks; "
        f"median of {repeat} runs, PostgreSQL={connection.vendor == 'postgresql'}"
    )
    print(f"{'page':38} {'queries':>7} {'page ms':>9} {'SQL ms':>9} {'ratio':>6}")
    for figure in figures:
        print(
            f"{figure.name:38} {figure.queries:7d} {figure.page_ms:9.1f} "
            f"{figure.sql_ms:9.1f} {figure.ratio:6.1f}"
        )
