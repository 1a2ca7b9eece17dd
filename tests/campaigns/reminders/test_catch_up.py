"""The hourly catch-up: a morning sweep missed or cut short (broker or beat down at
07:30) is made good within the hour, and nothing is ever sent twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from campaigns.models import Reminder
from campaigns.reminders import reminders_sweep
from campaigns.tasks import catch_up_reminders, send_due_reminders

from .conftest import HCM, SWEEP_DAY

pytestmark = pytest.mark.django_db


def _at(time_machine, hour: int, minute: int = 30) -> None:
    time_machine.move_to(
        dt.datetime.combine(SWEEP_DAY, dt.time(hour, minute), tzinfo=HCM), tick=False
    )


def test_a_missed_morning_sweep_runs_at_the_next_catch_up(
    world, eager_celery, time_machine
) -> None:
    world.task(3)
    _at(time_machine, 8)

    outcome = catch_up_reminders()

    assert outcome == "caught up"
    assert [message.to for message in mail.outbox] == [[world.head.email]]


def test_after_a_normal_sweep_the_catch_up_does_nothing(
    world, eager_celery, time_machine
) -> None:
    world.task(3)
    _at(time_machine, 7)
    send_due_reminders(SWEEP_DAY.isoformat())
    _at(time_machine, 8)

    outcome = catch_up_reminders()

    assert outcome == "nothing to do"
    assert len(mail.outbox) == 1


def test_digests_lost_on_the_way_are_sent_once_by_the_catch_up(
    world, eager_celery, time_machine
) -> None:
    world.task(3)
    _at(time_machine, 7)
    reminders_sweep(day=SWEEP_DAY)  # recorded, but the digest never reached a worker

    _at(time_machine, 8)
    catch_up_reminders()
    _at(time_machine, 9)
    catch_up_reminders()

    assert [message.to for message in mail.outbox] == [[world.head.email]]
    assert set(Reminder.objects.values_list("status", flat=True)) == {
        Reminder.Status.SENT
    }


def test_a_digest_still_being_sent_is_not_queued_again(
    world, eager_celery, time_machine
) -> None:
    world.task(3)
    _at(time_machine, 8, 20)
    reminders_sweep(day=SWEEP_DAY)

    _at(time_machine, 8, 30)
    outcome = catch_up_reminders()

    assert outcome == "nothing to do"
    assert mail.outbox == []
