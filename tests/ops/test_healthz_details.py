"""/healthz also reports the queue length and the last reminder sweep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from kombu import Connection

from campaigns.models import ReminderSweep

pytestmark = pytest.mark.django_db


def _put(url: str, options: dict, count: int) -> None:
    with Connection(url, transport_options=options) as connection:
        queue = connection.SimpleQueue("celery")
        for n in range(count):
            queue.put({"n": n})
        queue.close()


def test_queue_length_counts_messages_waiting_in_redis(
    client, settings, throwaway_redis
) -> None:
    settings.CELERY_BROKER_URL = throwaway_redis.url
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    _put(throwaway_redis.url, {}, 2)

    body = client.get("/healthz").json()

    assert body["broker"] == "ok"
    assert body["queue_length"] == 2


def test_queue_length_counts_files_of_the_filesystem_broker(
    client, settings, tmp_path
) -> None:
    options = {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
    }
    for folder in ("queue", "processed", "control"):
        (tmp_path / folder).mkdir()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = options
    _put("filesystem://", options, 3)

    body = client.get("/healthz").json()

    assert body["queue_length"] == 3


def test_no_sweep_yet_is_reported_as_null_and_stays_healthy(client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["last_reminder_sweep"] is None


def test_the_last_sweep_is_reported_with_its_counts(client, time_machine) -> None:
    time_machine.move_to("2024-06-15 09:30 +07:00", tick=False)
    started = timezone.now() - dt.timedelta(hours=2)
    ReminderSweep.objects.create(
        day=dt.date(2024, 6, 14), started_at=started - dt.timedelta(days=1)
    )
    ReminderSweep.objects.create(
        day=dt.date(2024, 6, 15),
        started_at=started,
        finished_at=started + dt.timedelta(seconds=40),
        reminders_created=12,
        emails_queued=5,
    )

    sweep = client.get("/healthz").json()["last_reminder_sweep"]

    assert sweep["day"] == "2024-06-15"
    assert sweep["reminders_created"] == 12
    assert sweep["emails_queued"] == 5
    assert sweep["age_hours"] == 2.0
    assert sweep["stale"] is False


def test_a_stale_sweep_is_flagged_but_not_a_503(client, time_machine) -> None:
    time_machine.move_to("2024-06-16 12:00 +07:00", tick=False)
    ReminderSweep.objects.create(
        day=dt.date(2024, 6, 15),
        started_at=timezone.now() - dt.timedelta(hours=28, minutes=30),
    )

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["last_reminder_sweep"]["stale"] is True


def test_an_unreachable_broker_is_503_without_a_queue_length(client, settings) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["queue_length"] is None
