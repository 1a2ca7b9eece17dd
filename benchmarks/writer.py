"""The throughput harness's writer: a process of its own committing writes steadily.

    python -m benchmarks.writer --plan ID --planner USERNAME --rate N

N times a second (on a fixed schedule: a slow write delays the next one, it never
causes a burst), one write through the domain services, on the measured plan's
POOL latest-due tasks in turn: an open task gets a report filed by its unit's head
and is marked done (``report_create(mark_done=True)``, the commonest write of the
app: a report row, the task's status, its history rows, progress counters and the
planner's notification); a done one is reopened by the planner (``task_reopen``).
Every second pass thus puts the tasks back as they were, so repeated runs keep the
same data set but for a few report and notification rows.

Prints ``ready`` once set up, then ``write <kind> <milliseconds>`` as each write
commits (flushed at once, so the harness can time a page right after a commit).
Stops on SIGTERM or SIGINT. Runs with the server's environment (DATABASE_URL...).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from accounts.models import User

POOL = 50


def write(task_id: int, *, planner: User) -> str:
    """One write on the task: ``"filed"`` (open: its head files a report and
    marks it done) or ``"reopened"`` (done: ``planner`` reopens it)."""
    from campaigns.models import Task
    from campaigns.services.work import report_create, task_reopen

    task = Task.objects.select_related("unit__head").get(pk=task_id)
    if task.is_open:
        report_create(
            task=task,
            user=task.unit.head,
            data={"actual_output": 1, "note": "Đã thực hiện (benchmark)."},
            mark_done=True,
        )
        return "filed"
    task_reopen(task=task, user=planner, reason="Bổ sung minh chứng (benchmark).")
    return "reopened"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=int, required=True)
    parser.add_argument("--planner", required=True, help="username who reopens")
    parser.add_argument("--rate", type=float, required=True, help="writes a second")
    args = parser.parse_args(argv)
    if args.rate <= 0:
        parser.error("--rate must be positive")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuithanh_cchc.settings")
    django.setup()
    from organisation.scoping import across_organisations_from_now

    across_organisations_from_now()
    from accounts.models import User
    from campaigns.models import Task

    planner = User.objects.get(username=args.planner)
    pool = list(
        Task.objects.filter(plan_id=args.plan, unit__head__isnull=False)
        .exclude(status=Task.Status.CANCELLED)
        .order_by("-due_date", "pk")
        .values_list("pk", flat=True)[:POOL]
    )
    if not pool:
        parser.error(f"plan {args.plan} has no task to write to")

    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())

    print("ready", flush=True)
    interval = 1 / args.rate
    next_at = time.monotonic()
    turn = 0
    while not stop.wait(max(0.0, next_at - time.monotonic())):
        started = time.perf_counter()
        kind = write(pool[turn % len(pool)], planner=planner)
        elapsed_ms = (time.perf_counter() - started) * 1000
        print(f"write {kind} {elapsed_ms:.2f}", flush=True)
        turn += 1
        next_at = max(next_at + interval, time.monotonic())
    return 0


if __name__ == "__main__":
    sys.exit(main())
