"""End to end on real parts: a Celery worker process on Redis, PostgreSQL, and mail
written to files. Two sweeps of the same day, sent at once, deliver exactly one
digest per recipient.

Skipped only where Redis or PostgreSQL is missing on a developer's machine; in CI
(``CI`` set) a missing service fails the test instead.
"""

from __future__ import annotations

import email
import email.policy
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import User
from campaigns.models import Reminder
from campaigns.tasks import send_due_reminders
from notifications.models import Notification
from tests.factories import UnitFactory
from tests.processes import celery_worker_command, worker_env
from tests.services import require_postgresql, require_redis

ROOT = Path(__file__).resolve().parents[3]
SITE_URL = "https://cchc.nuithanh.example"
TIMEOUT = 90

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _require_services() -> None:
    require_redis(settings.CELERY_BROKER_URL, "the worker needs a Redis broker")
    require_redis(settings.CELERY_RESULT_BACKEND, "the worker needs a Redis backend")
    require_postgresql("the worker must share a PostgreSQL test database")


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A worker process with two pool processes; stopped before the database is
    flushed (this fixture is torn down first)."""
    _require_services()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = worker_env(
        tmp_path,
        broker=settings.CELERY_BROKER_URL,
        backend=settings.CELERY_RESULT_BACKEND,
        mail_dir=mail_dir,
        SITE_URL=SITE_URL,
    )
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            celery_worker_command("reminders-e2e"),
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield mail_dir, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _delivered(mail_dir: Path) -> list[email.message.EmailMessage]:
    separator = b"\n" + b"-" * 79 + b"\n"
    messages = []
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                messages.append(
                    email.message_from_bytes(chunk, policy=email.policy.default)
                )
    return messages


def _wait_until_delivered(day: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    pending = Reminder.objects.filter(day=day, status=Reminder.Status.PENDING)
    while pending.exists() or not Reminder.objects.filter(day=day).exists():
        if time.monotonic() > deadline:
            pytest.fail(f"reminders still pending after {TIMEOUT} s")
        time.sleep(0.2)


def test_two_sweeps_on_a_real_worker_deliver_one_digest_per_recipient(
    worker, world
) -> None:
    mail_dir, log = worker
    head_task = world.task(3)
    world.task(0)
    world.task(-3)
    world.task(-8)  # escalated to the planner
    no_head = UnitFactory(name="Phòng Tư pháp", contact_email="tuphap@example.test")
    world.task(1, unit=no_head)
    nobody = UnitFactory(name="Phòng Dân tộc", contact_email="")
    world.task(-6, unit=nobody)  # forwarded to the planner
    opted_out = User.objects.create_user(
        "optout", email="optout@example.test", reminder_emails=False
    )
    world.task(7, unit=UnitFactory(head=opted_out))

    day = "2024-06-15"
    first = send_due_reminders.apply_async(kwargs={"date": day})
    second = send_due_reminders.apply_async(kwargs={"date": day})
    sweeps = [first.get(timeout=TIMEOUT), second.get(timeout=TIMEOUT)]
    _wait_until_delivered(day)
    third = send_due_reminders.apply_async(kwargs={"date": day}).get(timeout=TIMEOUT)

    messages = _delivered(mail_dir)
    assert Counter(m["To"] for m in messages) == {
        world.head.email: 1,
        world.planner.email: 1,
        "tuphap@example.test": 1,
    }
    assert sum(s["reminders_created"] for s in sweeps) == Reminder.objects.count() == 7
    assert (third["reminders_created"], third["recipients"]) == (0, 0)
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent", "in_app"}
    assert Notification.objects.filter(recipient=opted_out).count() == 1

    (to_head,) = [m for m in messages if m["To"] == world.head.email]
    subject = to_head["Subject"].strip()  # the parser keeps the folding space
    assert subject == "Nhắc việc CCHC ngày 15/06/2024: 3 nhiệm vụ, 1 quá hạn"
    text = to_head.get_body(("plain",)).get_content()
    html = to_head.get_body(("html",)).get_content()
    link = f"{SITE_URL}/tasks/{head_task.pk}/"
    assert link in text
    assert f'href="{link}"' in html
    assert b"Traceback" not in log.read_bytes(), log.read_text()
