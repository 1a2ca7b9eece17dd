"""Task expansion: first run and idempotent re-run of monthly activities."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from benchmarks.datagen import ISSUER
from campaigns.models import Activity, Plan
from campaigns.services.expansion import activity_expand_tasks

SAMPLE = 50


class _Rollback(Exception):
    pass


def run(*, scale: int) -> None:
    plan = Plan.objects.filter(issuer=ISSUER.format(scale=scale)).latest("year")
    activities = list(
        Activity.objects.filter(plan=plan)
        .exclude(recurrence="")
        .select_related("plan")[:SAMPLE]
    )
    first, again, queries = [], [], []
    try:
        with transaction.atomic():
            for activity in activities:
                activity.tasks.all().delete()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    activity_expand_tasks(
                        activity=activity, today=dt.date(plan.year, 1, 1)
                    )
                    first.append(time.perf_counter() - started)
                queries.append(len(captured))
                started = time.perf_counter()
                activity_expand_tasks(activity=activity, today=dt.date(plan.year, 1, 1))
                again.append(time.perf_counter() - started)
            raise _Rollback
    except _Rollback:
        pass
    print(f"activities expanded: {len(activities)} (monthly, lead + supporting)")
    print(f"first expansion  median {statistics.median(first) * 1000:.1f} ms")
    print(f"idempotent rerun median {statistics.median(again) * 1000:.1f} ms")
    print(f"queries per first expansion: max {max(queries)}")
