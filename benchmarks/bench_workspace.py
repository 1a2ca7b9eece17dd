"""Unit heads' workspace: /my-tasks/, the task page, notifications.

Each page is rendered through Django's test client (the whole stack but the
network) as the busiest unit head of the data set and as the planner, 20 times
after a warm-up; printed: median and worst time, and the number of queries.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from benchmarks.datagen import ensure_dataset
from campaigns.models import Task
from notifications.models import Notification
from notifications.services import notifications_for_new_tasks

RUNS = 20


def _client(user: User) -> Client:
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    return client


def _measure(client: Client, label: str, url: str) -> None:
    client.get(url)  # warm-up: caches, connection, templates
    times, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    print(
        f"{label:<44} median {statistics.median(times) * 1000:7.1f} ms"
        f"  max {max(times) * 1000:7.1f} ms  queries {queries}"
    )


def run(*, scale: int) -> None:
    dataset = ensure_dataset(scale=scale, verbose=False)
    today = timezone.localdate()
    # The busiest head: the one whose units have the most tasks.
    head = (
        User.objects.filter(headed_units__isnull=False)
        .annotate(tasks=Count("headed_units__tasks"))
        .order_by("-tasks")
        .first()
    )
    planner = User.objects.get(username=dataset.planner)
    mine = Task.objects.filter(unit__head=head)
    print(f"unit head {head.username}: {mine.count():,} tasks over all years")

    task = (
        mine.open()
        .filter(due_date__lt=today)
        .annotate(n=Count("reports"))
        .order_by("-n", "due_date")
        .first()
    ) or mine.annotate(n=Count("reports")).order_by("-n").first()
    month = today.strftime("%Y-%m")

    client = _client(head)
    my_tasks = reverse("workspace:my_tasks")
    _measure(client, "/my-tasks/ (unit head, all groups)", my_tasks)
    _measure(
        client,
        f"/my-tasks/?month={month}",
        reverse("workspace:my_tasks") + f"?month={month}",
    )
    _measure(
        client,
        "/my-tasks/?group=done&page=2",
        reverse("workspace:my_tasks") + "?group=done&page=2",
    )
    _measure(client, "/tasks/<id>/ (unit head)", task.get_absolute_url())
    _measure(_client(planner), "/tasks/<id>/ (planner)", task.get_absolute_url())
    _measure(client, "/notifications/", reverse("notifications:list"))

    new_tasks = list(Task.objects.order_by("-pk")[:1000])
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        created = notifications_for_new_tasks(tasks=new_tasks)
    elapsed = time.perf_counter() - started
    print(
        f"notifications_for_new_tasks(1,000 tasks): {len(created)} notifications "
        f"in {elapsed * 1000:.1f} ms, {len(captured)} queries"
    )
    Notification.objects.filter(pk__in=[n.pk for n in created]).delete()
