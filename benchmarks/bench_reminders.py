"""Reminder sweep: 100,000 open tasks (x scale) in the 60 units of the data set.

The generated data set holds some open tasks (the future and a tenth of the past);
this tops them up, inside a transaction that is rolled back, to 100,000 open tasks
due between three months ago and nine months ahead, half of them assigned to a
staff member of their unit (so the assignee is reminded and the head copied).

It then times, back to back on each of ``ROUNDS`` following days (medians printed):

- the floor: the sweep's due-task SELECT (:func:`campaigns.reminders.due_tasks`),
  fetching the columns a reminder needs of each task (``FLOOR_COLUMNS``);
- the recording step (:func:`campaigns.reminders.reminders_record`) in a savepoint
  rolled back, plus, on PostgreSQL, the deferred foreign-key checks that a commit
  would run on the new rows (``SET CONSTRAINTS ALL IMMEDIATE``);

and prints the ratio of the two against the goal (recording <= 3x the
floor; the checks are shown apart). Then the whole sweep (record, list the
recipients) with its peak Python memory, the delivery of every digest to the
in-memory mail backend, as ``manage.py send_reminders`` does, and a second sweep
of the same day. Everything is rolled back: the benchmark database is left as it
was found.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from benchmarks.datagen import BATCH, ISSUER
from campaigns.digests import reminder_digest_deliver
from campaigns.models import Activity, Plan, Task, Unit
from campaigns.reminders import (
    ReminderRules,
    SweepResult,
    due_tasks,
    remindable_tasks,
    reminders_record,
    reminders_sweep,
)
from organisation.models import Membership

OPEN_TASKS = 100_000
DATES_PER_ACTIVITY = 12
WINDOW_BEFORE, WINDOW_AFTER = 90, 270
#: Every other topped-up task is assigned to the unit's staff member.
ASSIGNED_EVERY = 2
ROUNDS = 3
GOAL_RATIO = 3.0
#: What a reminder needs of each due task: the activity, the unit and its contact
#: address, the head and the assignee with their names and e-mail settings (the
#: columns the Python planner read).
FLOOR_COLUMNS = (
    "pk",
    "due_date",
    "activity__title",
    "activity__created_by_id",
    "unit__name",
    "unit__contact_email",
    "unit__head_id",
    "unit__head__is_active",
    "unit__head__reminder_emails",
    "unit__head__email",
    "unit__head__first_name",
    "unit__head__last_name",
    "unit__head__username",
    "assignee_id",
    "assignee__is_active",
    "assignee__reminder_emails",
    "assignee__email",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
)


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


def _staff(units: list[Unit]) -> dict[int, int]:
    """One staff member per unit (created here, rolled back with the rest): unit
    id -> user id."""
    users = User.objects.bulk_create(
        User(
            username=f"bench-staff-{n:02d}",
            email=f"bench-staff-{n:02d}@bench.test",
            first_name="Cán bộ",
            last_name=f"mẫu {n:02d}",
        )
        for n in range(1, len(units) + 1)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user, organisation_id=unit.organisation_id, role=Role.UNIT_STAFF
        )
        for unit, user in zip(units, users, strict=True)
    )
    Unit.staff.through.objects.bulk_create(
        Unit.staff.through(unit_id=unit.pk, user_id=user.pk)
        for unit, user in zip(units, users, strict=True)
    )
    return {unit.pk: user.pk for unit, user in zip(units, users, strict=True)}


def _top_up(*, scale: int, day: dt.date) -> int:
    """Add open tasks until the remindable ones number OPEN_TASKS x scale."""
    plan = Plan.objects.filter(issuer=ISSUER.format(scale=scale)).latest("year")
    units = list(Unit.objects.filter(name__startswith="Đơn vị mẫu").order_by("pk"))
    staff = _staff(units)
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
            assignee_id=staff[unit.pk] if k % ASSIGNED_EVERY == 0 else None,
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


def _timed_floor(day: dt.date, rules: ReminderRules) -> tuple[float, int]:
    """The due-task SELECT, rows fetched: seconds and rows."""
    started = time.perf_counter()
    rows = list(due_tasks(day=day, rules=rules).values_list(*FLOOR_COLUMNS))
    return time.perf_counter() - started, len(rows)


def _timed_record(day: dt.date, rules: ReminderRules) -> tuple[float, float, int]:
    """The recording step in a savepoint rolled back: its seconds, the seconds of
    the deferred constraint checks a commit would run, and the rows recorded."""
    with transaction.atomic():
        started = time.perf_counter()
        created = reminders_record(day=day, rules=rules)
        recorded = time.perf_counter() - started
        checks = 0.0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                checks = time.perf_counter() - started
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        transaction.set_rollback(True)
    return recorded, checks, created


def _median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _floor_and_record(day: dt.date) -> None:
    """Print the floor, the recording step and their ratio against the goal.

    Round ``n`` sweeps day + n (n = 1..ROUNDS), like consecutive mornings: the
    rows of a round rolled back leave dead index entries under that day's keys
    only, so no round pays for the unique-key conflicts of the one before. The
    floor and the recording of a round run back to back on the same day, so the
    machine's load weighs on both; the ratio is the median of the rounds'.
    """
    rules = ReminderRules.from_settings()
    _timed_floor(day, rules)  # warm the caches; not counted
    rounds = []
    for n in range(1, ROUNDS + 1):
        the_day = day + dt.timedelta(days=n)
        floor, tasks = _timed_floor(the_day, rules)
        recorded, checked, created = _timed_record(the_day, rules)
        rounds.append((floor, recorded, checked, tasks, created))
    floor_ms = _median_ms([r[0] for r in rounds])
    record_ms = _median_ms([r[1] for r in rounds])
    checks_ms = _median_ms([r[2] for r in rounds])
    ratio = statistics.median(r[1] / r[0] for r in rounds)
    with_checks = statistics.median((r[1] + r[2]) / r[0] for r in rounds)
    print(
        f"due-task SELECT (floor): {floor_ms:.0f} ms; recording: {record_ms:.0f} ms "
        f"(+ {checks_ms:.0f} ms of deferred foreign-key checks at commit); "
        f"medians of {ROUNDS} rounds"
    )
    for n, (floor, recorded, checked, tasks, created) in enumerate(rounds, 1):
        print(
            f"  day +{n}: floor {floor * 1000:.0f} ms for {tasks:,} tasks, recording "
            f"{recorded * 1000:.0f} ms for {created:,} reminders "
            f"(+ {checked * 1000:.0f} ms of checks): {recorded / floor:.1f}x"
        )
    print(
        f"recording / floor: {ratio:.1f}x (with the checks {with_checks:.1f}x); "
        f"goal <= {GOAL_RATIO:.0f}x: {'met' if ratio <= GOAL_RATIO else 'missed'}"
    )


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

            _floor_and_record(day)

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
