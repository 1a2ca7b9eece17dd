"""The yearly report's page on its first view after a write, with the figures
cache (:mod:`reports.caching`).

In process, through the page (Django test client, a leader logged in, DEBUG
off), on this year's plan of the generated data set:

- cold: the cache emptied, every part of the plan computed;
- warm: the same page again (the figures read from the cache);
- after a write: ``ROUNDS`` times, one write through the domain services on one
  of the plan's tasks, committed (the throughput harness's writer:
  ``report_create(mark_done=True)`` or ``task_reopen``), then the page: one part
  of the plan recomputed, the others read from the cache;
- the same with the cache off (``REPORT_CACHE_SECONDS=0``), once, for reference.

Point ``CACHE_URL`` at a Redis to measure what production runs; without it the
cache is the process's memory.
"""

from __future__ import annotations

import statistics
import time

from django.core.cache import cache
from django.test import Client, override_settings

from accounts.models import User
from benchmarks.datagen import ISSUER
from benchmarks.writer import POOL, write
from campaigns.models import Plan, Task

ROUNDS = 9


def _page_ms(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed


def run(*, scale: int) -> None:
    plan = Plan.objects.filter(issuer=ISSUER.format(scale=scale)).latest("year")
    leader = User.objects.get(username="bench-leader")
    planner = User.objects.get(username="bench-planner")
    client = Client()
    client.force_login(leader)
    url = f"/reports/{plan.year}/?plan={plan.pk}"
    pool = list(
        Task.objects.filter(plan=plan, unit__head__isnull=False)
        .exclude(status=Task.Status.CANCELLED)
        .order_by("-due_date", "pk")
        .values_list("pk", flat=True)[:POOL]
    )
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["*"]):
        cache.clear()
        cold = _page_ms(client, url)
        warm = statistics.median(_page_ms(client, url) for _ in range(3))
        after: list[float] = []
        for turn in range(ROUNDS):
            write(pool[turn % len(pool)], planner=planner)
            after.append(_page_ms(client, url))
        with override_settings(REPORT_CACHE_SECONDS=0):
            uncached = _page_ms(client, url)
    print(
        f"yearly report page, plan {plan.pk} ({plan.year}, "
        f"{Task.objects.filter(plan=plan).count():,} tasks)"
    )
    print(f"  cold (empty cache)        {cold:8.0f} ms")
    print(f"  warm (repeat view)        {warm:8.0f} ms (median of 3)")
    print(
        f"  first view after a write  {statistics.median(after):8.0f} ms "
        f"(median of {ROUNDS}, max {max(after):.0f})"
    )
    print(f"  cache off                 {uncached:8.0f} ms")
