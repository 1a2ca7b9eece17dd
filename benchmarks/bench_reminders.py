"""Reminder sweep: 100,000 open tasks (x scale) in the 60 units of the data set.

The generated data set holds some open tasks (the future and a tenth of the past);
this tops them up, inside a transaction that is rolled back, to 100,000 open tasks
due between three months ago and nine months ahead. It then times the sweep (the
part beat runs: plan, record, list the recipients) and, separately, measures its
peak Python memory; then delivers every digest in-process to the in-memory mail
backend, as ``manage.py send_reminders`` does.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from benchmarks.datagen import BATCH, ISSUER
from campaigns.models import Activity, Plan, Task, Unit
from campaigns.reminders import (
    SweepResult,
    remindable_tasks,
    reminder_digest_deliver,
    reminders_sweep,
)

OPEN_TASKS = 100_000
DATES_PER_ACTIVITY = 12
WINDOW_BEFORE, WINDOW_AFTER = 90, 270


class _Rollback(Exception):
    pass


@contextmanager
def _counting_queries() -> Iterator[list[int]]:
    counter = [0]

    def count(execute: Callable, sql: str, params: object, many: bool, context: dict):
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def _top_up(*, scale: int, day: dt.date) -> int:
    """Add open tasks until the remindable ones number OPEN_TASKS x scale."""
    plan = Plan.objects.filter(issuer=ISSUER.format(scale=scale)).latest("year")
    units = list(Unit.objects.filter(name__startswith="Đơn vị mẫu").order_by("pk"))
    template = Activity.objects.filter(plan=plan).first()
    need = OPEN_TASKS * scale - remindable_tasks().count()
    per_activity = len(units) * DATES_PER_ACTIVITY
    count = max(0, -(-need // per_activity))
    activities = Activity.objects.bulk_create(
        (
            Activity(
                plan=plan,
                title=f"Hoạt động nhắc việc mẫu {n + 1}",
                theme_id=template.theme_id,
                channel_id=template.channel_id,
                lead_unit=units[n % len(units)],
                start_date=day - dt.timedelta(days=WINDOW_BEFORE),
                due_date=day + dt.timedelta(days=WINDOW_AFTER),
                created_by_id=template.created_by_id,
            )
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    span = WINDOW_BEFORE + WINDOW_AFTER
    tasks = [
        Task(
            activity=activity,
            plan_id=activity.plan_id,
            unit=unit,
            due_date=day
            + dt.timedelta(
                days=(n + k * span // DATES_PER_ACTIVITY) % span - WINDOW_BEFORE
            ),
            is_lead=unit.pk == activity.lead_unit_id,
            planned_output=1,
        )
        for n, activity in enumerate(activities)
        for unit in units
        for k in range(DATES_PER_ACTIVITY)
    ][: max(0, need)]
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum keeps them after ordinary writes: with
        # none, PostgreSQL guesses one row per table after a bulk load and picks
        # nested loops that take a minute instead of milliseconds.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE campaigns_task, campaigns_activity, campaigns_plan, "
                "campaigns_unit, campaigns_reminder, accounts_user"
            )
    return remindable_tasks().count()


def _timed_sweep(day: dt.date) -> tuple[SweepResult, float, int]:
    with _counting_queries() as queries:
        started = time.perf_counter()
        result = reminders_sweep(day=day)
        elapsed = time.perf_counter() - started
    return result, elapsed, queries[0]


def run(*, scale: int) -> None:
    day = timezone.localdate()
    try:
        with (
            transaction.atomic(),
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
            ),
        ):
            started = time.perf_counter()
            open_tasks = _top_up(scale=scale, day=day)
            print(
                f"open tasks: {open_tasks:,} in "
                f"{Unit.objects.filter(name__startswith='Đơn vị mẫu').count()} units "
                f"(set up in {time.perf_counter() - started:.1f} s)"
            )

            with transaction.atomic():  # memory run, rolled back to a savepoint
                tracemalloc.start()
                reminders_sweep(day=day)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                transaction.set_rollback(True)

            result, elapsed, queries = _timed_sweep(day)
            print(
                f"sweep: {elapsed:.2f} s, {queries} queries, "
                f"peak Python memory {peak / 2**20:.1f} MiB; "
                f"{result.reminders_created:,} reminders for "
                f"{len(result.recipients)} recipients ({result.emails} e-mails)"
            )

            per_digest = []
            started = time.perf_counter()
            for key in result.recipients:
                with _counting_queries() as queries:
                    reminder_digest_deliver(day=day, recipient=key)
                per_digest.append(queries[0])
            elapsed = time.perf_counter() - started
            print(
                f"delivery: {len(per_digest)} digests in {elapsed:.2f} s, "
                f"at most {max(per_digest, default=0)} queries per digest"
            )

            again, elapsed, queries = _timed_sweep(day)
            print(
                f"second sweep the same day: {elapsed:.2f} s, {queries} queries, "
                f"{again.reminders_created} reminders, {len(again.recipients)} "
                "recipients"
            )
            raise _Rollback
    except _Rollback:
        pass
