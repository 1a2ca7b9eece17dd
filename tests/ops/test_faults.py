"""Fault tests on the real services: PostgreSQL, Redis and a Celery worker.

Redis faults use a private redis-server started by the test (never the shared one);
PostgreSQL faults terminate only the test's own connection.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from campaigns.models import ContentTheme, Objective, Plan
from tests.factories import home_organisation
from tests.services import require_postgresql


@pytest.fixture
def postgresql(transactional_db) -> None:
    """These faults are PostgreSQL's: a terminated server process, a worker sharing
    the test database."""
    require_postgresql("the fault is a PostgreSQL one")


def _terminate_backend(pid: int) -> None:
    """From a second connection: end the server process of ``pid`` and wait for it."""
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


@contextmanager
def connection_dropped_before(sql_fragment: str):
    """Drop the request's database connection just before the first query that
    contains ``sql_fragment``: the statement runs on a dead connection."""
    state = {"dropped": False}

    def wrapper(execute, sql, params, many, context):
        if not state["dropped"] and sql_fragment in sql:
            state["dropped"] = True
            _terminate_backend(context["connection"].connection.get_backend_pid())
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(wrapper):
            yield state
    finally:
        # The test client keeps the connection across requests (a real server
        # closes an unusable one when the request ends): reconnect for the checks.
        connection.close()


def _plan_form(title: str) -> dict[str, object]:
    return {
        "title": title,
        "year": 2025,
        "number": "12/KH-UBND",
        "issuer": "UBND huyện Núi Thành",
        "general_goal": "Nâng cao nhận thức về CCHC.",
        "objectives-TOTAL_FORMS": 1,
        "objectives-INITIAL_FORMS": 0,
        "objectives-0-description": "100% cơ quan lồng ghép CCHC vào họp định kỳ",
        "objectives-0-kind": "specific",
        "objectives-0-order": 0,
        "themes-TOTAL_FORMS": 1,
        "themes-INITIAL_FORMS": 0,
        "themes-0-title": "Quan điểm của Đảng về CCHC",
        "themes-0-order": 0,
    }


@pytest.mark.django_db(transaction=True)
def test_connection_lost_mid_save_shows_the_error_page_and_writes_nothing(
    postgresql, admin_user
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    # The plan row is inserted, then the connection dies before its themes.
    with connection_dropped_before('INSERT INTO "campaigns_contenttheme"') as state:
        response = client.post(
            reverse("planning:plan_create"), _plan_form("Kế hoạch A")
        )

    assert state["dropped"]
    assert response.status_code == 500
    assert "Đã xảy ra sự cố" in response.content.decode()
    assert Plan.objects.filter(title="Kế hoạch A").count() == 0
    assert Objective.objects.count() == 0
    assert ContentTheme.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_next_request_after_a_lost_connection_works(postgresql, admin_user) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    with connection_dropped_before('INSERT INTO "campaigns_contenttheme"'):
        client.post(reverse("planning:plan_create"), _plan_form("Kế hoạch A"))

    response = client.post(reverse("planning:plan_create"), _plan_form("Kế hoạch B"))

    assert response.status_code == 302
    plan = Plan.objects.get(title="Kế hoạch B")
    assert plan.objectives.count() == 1
    assert plan.themes.count() == 1


# --- a worker killed in the middle of the reminder sweep -----------------------------

SWEEP_DAY = "2024-06-15"


def _mail_recipients(mail_dir) -> list[str]:
    """Every To: of every message the file backend wrote (one file a connection)."""
    import email
    import email.policy

    recipients = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text(encoding="utf-8").split("-" * 79):
            if not chunk.strip():
                continue
            message = email.message_from_string(
                chunk.strip(), policy=email.policy.default
            )
            recipients.append(str(message["To"]))
    return recipients


def _wait_for(condition, timeout: float, message: str) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(message)


def _twelve_units_with_a_task_due_in_three_days() -> list:
    """Twelve heads, each with one open task due three days after the sweep: twelve
    digests to send (a reminder 3 days before the due date)."""

    from accounts.roles import Role
    from campaigns.models import Plan
    from tests.factories import ActivityFactory, TaskFactory, UnitFactory, UserFactory

    plan = Plan.objects.create(
        organisation=home_organisation(),
        year=2024,
        title="Kế hoạch CCHC 2024",
        status=Plan.Status.ISSUED,
    )
    due = dt.date.fromisoformat(SWEEP_DAY) + dt.timedelta(days=3)
    heads = []
    for n in range(12):
        head = UserFactory(username=f"truong-{n:02d}", role=Role.UNIT_HEAD)
        unit = UnitFactory(head=head)
        activity = ActivityFactory(
            plan=plan, lead_unit=unit, start_date=due, due_date=due
        )
        TaskFactory(activity=activity, unit=unit, due_date=due)
        heads.append(head)
    return heads


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_sweep_then_restarted_sends_every_reminder_once(
    postgresql, settings, tmp_path, throwaway_redis, monkeypatch
) -> None:
    import time
    from collections import Counter

    from celery import Celery

    from campaigns.models import Reminder
    from tests.processes import worker_env

    from .conftest import WorkerProcess

    heads = _twelve_units_with_a_task_due_in_three_days()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = worker_env(
        tmp_path,
        broker=throwaway_redis.url,
        backend=throwaway_redis.url.replace("/0", "/1"),
        mail_dir=mail_dir,
        # A message taken by a worker that died comes back after 2 s, not an hour.
        CELERY_VISIBILITY_TIMEOUT="2",
        CELERY_UNACKED_RESTORE_SECONDS="1",
        EMAIL_BACKEND="tests.ops.slow_mail.SlowFileBackend",
        SLOW_MAIL_SECONDS="1.0",
    )
    worker = WorkerProcess(env, tmp_path / "worker.log")
    # Celery lets the environment override an app's broker: point it here too.
    monkeypatch.setenv("CELERY_BROKER_URL", throwaway_redis.url)
    # Not the current app: tests after this one must not publish to this Redis.
    client = Celery(broker=throwaway_redis.url, set_as_current=False)
    try:
        worker.start()
        client.send_task(
            "campaigns.tasks.send_due_reminders", kwargs={"date": SWEEP_DAY}
        )
        # Kill the worker (main process and pool) once a few digests went out,
        # half-way through the next ones: while the mail server is still
        # connecting, where a sending worker spends its time. (A kill in the few
        # milliseconds between marking a digest sent and the server storing it
        # would lose that one: at most once, never twice.)
        _wait_for(
            lambda: len(_mail_recipients(mail_dir)) >= 4,
            timeout=90,
            message="no digest was sent: see worker.log",
        )
        time.sleep(0.5)
        worker.kill()
        sent_before_kill = len(_mail_recipients(mail_dir))
        pending = Reminder.objects.filter(
            day=SWEEP_DAY, status=Reminder.Status.PENDING
        ).count()
        assert pending > 0, "the sweep finished before the kill; nothing was tested"

        worker.start()
        _wait_for(
            lambda: (
                not Reminder.objects.filter(
                    day=SWEEP_DAY, status=Reminder.Status.PENDING
                ).exists()
            ),
            timeout=120,
            message="reminders still pending after the restart: see worker.log",
        )
    finally:
        worker.stop()
        client.close()

    rows = Reminder.objects.filter(day=SWEEP_DAY)
    delivered = Counter(_mail_recipients(mail_dir))
    assert sent_before_kill < len(heads)
    assert rows.count() == len(heads)
    assert set(rows.values_list("status", flat=True)) == {Reminder.Status.SENT}
    assert delivered == Counter(head.email for head in heads)
