"""The page cache (pagecache/): what a replayed page costs against a rendered
one, and what the version triggers add to a write.

Pages: each rendered (the page cache emptied first, as after a write) and
replayed (stored), alternately, through Django's test client; medians of RUNS.

Writes: unit heads' report filing with "mark done" (``report_create``, the
commonest write, with its history rows and progress counters) on WRITES open
tasks, in a transaction rolled back afterwards, with the version triggers and
with them disabled (the floor), alternately, PAIRS times. The deferred bump is
made immediate so that its work, which a real write does at commit, is timed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from pagecache.triggers import TRIGGER, versioned_tables

from accounts.models import User
from benchmarks.datagen import ensure_dataset
from benchmarks.pages import rendered_next
from campaigns.models import Plan, Task
from campaigns.services.work import report_create

RUNS = 15
WRITES = 50
PAIRS = 5


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _pages(head: User, planner: User, leader: User, year: int) -> None:
    task = Task.objects.filter(unit__head=head, plan__year=year).order_by("pk").first()
    pages = [
        ("task page (unit head)", head, task.get_absolute_url()),
        ("/my-tasks/ (unit head)", head, "/my-tasks/"),
        ("dashboard (planner)", planner, "/"),
        ("dashboard (leader)", leader, "/"),
        (f"/reports/{year}/ (leader)", leader, f"/reports/{year}/"),
    ]
    print(f"{'page':<28} {'rendered':>10} {'replayed':>10} {'ratio':>7}")
    for label, user, url in pages:
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        client.get(url)  # the CSRF cookie, warm templates and connection

        def get(client: Client = client, url: str = url) -> None:
            assert client.get(url).status_code == 200, url

        rendered, replayed = [], []
        for _ in range(RUNS):
            rendered_next()
            rendered.append(_ms(get))  # renders and stores
            replayed.append(_ms(get))
        render_ms, replay_ms = statistics.median(rendered), statistics.median(replayed)
        print(
            f"{label:<28} {render_ms:>8.1f}ms {replay_ms:>8.1f}ms "
            f"{replay_ms / render_ms:>7.1%}"
        )


def _filing(head: User, tasks: list[Task], *, triggers: bool) -> float:
    """Milliseconds per report filed and marked done, rolled back afterwards."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS pagecache_bump IMMEDIATE")
            if not triggers:
                for table in versioned_tables():
                    cursor.execute(
                        f"ALTER TABLE {connection.ops.quote_name(table)} "
                        f"DISABLE TRIGGER {TRIGGER}"
                    )
        started = time.perf_counter()
        for task in tasks:
            report_create(
                task=task,
                user=head,
                data={"actual_output": 1, "note": "Đã phát"},
                mark_done=True,
            )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed * 1000 / len(tasks)


def _writes(head: User, year: int) -> None:
    if connection.vendor != "postgresql":
        print(
            "writes: PostgreSQL only (its triggers are the ones that run in production)"
        )
        return
    tasks = list(
        Task.objects.open()
        .filter(unit__head=head, plan__year=year, plan__status=Plan.Status.ISSUED)
        .order_by("due_date", "pk")[:WRITES]
    )
    _filing(head, tasks, triggers=True)  # warm-up
    floors, withs = [], []
    for _ in range(PAIRS):
        floors.append(_filing(head, tasks, triggers=False))
        withs.append(_filing(head, tasks, triggers=True))
    floor, with_triggers = statistics.median(floors), statistics.median(withs)
    print(
        f"report filed and marked done ({len(tasks)} tasks, medians of {PAIRS} pairs): "
        f"{with_triggers:.2f} ms with the version triggers, {floor:.2f} ms without "
        f"({with_triggers / floor:.2f}×)"
    )


def run(*, scale: int) -> None:
    dataset = ensure_dataset(scale=scale, verbose=False)
    year = timezone.localdate().year
    head = (
        User.objects.filter(username__startswith="bench-head-")
        .annotate(tasks=Count("headed_units__tasks"))
        .order_by("-tasks", "username")
        .first()
    )
    planner = User.objects.get(username=dataset.planner)
    leader = User.objects.get(username=dataset.leader)
    _pages(head, planner, leader, year)
    _writes(head, year)
