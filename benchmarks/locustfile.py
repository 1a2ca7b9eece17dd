"""Locust scenario: planners, unit heads and leaders at work on the realistic data set.

Run through ``python -m benchmarks.run --only load`` (bench_load.py starts gunicorn,
writes the data file and runs locust headless), or by hand against a running server:

    LOAD_DATA=/tmp/load.json locust -f benchmarks/locustfile.py --headless \
        -u 40 -r 10 --run-time 2m --host http://127.0.0.1:8000

``LOAD_DATA`` is a JSON file: ``{"password", "year", "planner", "leader",
"heads": {username: [open task ids]}, "task_ids": [...], "activity_ids": [...]}``.
Only loopback hosts are accepted.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
HEADS = itertools.cycle(sorted(DATA["heads"]))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.test_start.add_listener
def _loopback_only(environment, **kwargs) -> None:
    host = urlparse(environment.host or "").hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"refusing to load-test {host!r}: loopback addresses only")


def _month_range(year: int) -> dict[str, str]:
    """What FullCalendar asks for a month view: six weeks around the month."""
    month = random.randint(1, 12)
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    end = start + dt.timedelta(days=42)
    return {"start": start.isoformat(), "end": end.isoformat()}


class _Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF_INPUT.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": DATA["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            status = response.status_code
            raise RuntimeError(f"login of {self.username} failed: {status}")

    def csrf_token(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class UnitHead(_Person):
    """A commune or department head: their tasks, a task page, a report now and then."""

    weight = 6

    def on_start(self) -> None:
        self.username = next(HEADS)
        self.task_ids = DATA["heads"][self.username]
        super().on_start()

    @task(3)
    def my_tasks(self) -> None:
        self.client.get("/my-tasks/", name="my tasks")

    @task(3)
    def task_page(self) -> None:
        self.client.get(f"/tasks/{random.choice(self.task_ids)}/", name="task page")

    @task(1)
    def report(self) -> None:
        task_id = random.choice(self.task_ids)
        self.client.post(
            f"/tasks/{task_id}/reports/",
            {
                "csrfmiddlewaretoken": self.csrf_token(),
                "actual_output": random.randint(0, 3),
                "participants": random.randint(10, 120),
                "reach": "",
                "note": "Đã đăng tin trên trang thông tin điện tử xã.",
                "evidence_links": "https://nuithanh.quangnam.gov.vn/tin-tuc",
            },
            headers={"Referer": f"{self.host}/tasks/{task_id}/"},
            name="report form post",
            allow_redirects=False,
        )

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")


class Planner(_Person):
    """The communications office: dashboard, calendar, activities, the report."""

    weight = 2

    def on_start(self) -> None:
        self.username = DATA["planner"]
        super().on_start()

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(2)
    def calendar_feed(self) -> None:
        self.client.get(
            "/calendar/events.json",
            params=_month_range(DATA["year"]),
            name="calendar feed",
        )

    @task(1)
    def task_page(self) -> None:
        self.client.get(f"/tasks/{random.choice(DATA['task_ids'])}/", name="task page")

    @task(1)
    def activity_page(self) -> None:
        self.client.get(
            f"/activities/{random.choice(DATA['activity_ids'])}/",
            name="activity page",
        )

    @task(1)
    def report_page(self) -> None:
        self.client.get(f"/reports/{DATA['year']}/", name="report page")


class Leader(_Person):
    """The district's leadership: read-only dashboard, report and calendar."""

    weight = 1

    def on_start(self) -> None:
        self.username = DATA["leader"]
        super().on_start()

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(2)
    def report_page(self) -> None:
        self.client.get(f"/reports/{DATA['year']}/", name="report page")

    @task(1)
    def calendar_feed(self) -> None:
        self.client.get(
            "/calendar/events.json",
            params=_month_range(DATA["year"]),
            name="calendar feed",
        )
