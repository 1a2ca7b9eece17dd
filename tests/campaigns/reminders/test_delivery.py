"""At most once, and never lost to a passing failure: SMTP errors, retries,
redelivered messages, a worker killed mid-send, concurrent sweeps, and query
counts that do not grow with the data."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from campaigns.digests import is_transient_mail_error, reminder_digest_deliver
from campaigns.models import Reminder
from campaigns.reminders import RecipientKey, reminders_sweep
from campaigns.tasks import (
    DIGEST_BACKOFF_MAX_SECONDS,
    DIGEST_MAX_RETRIES,
    digest_retry_countdown,
    send_due_reminders,
    send_reminder_digest,
)
from notifications.models import Notification
from tests.factories import ReminderFactory, UnitFactory, UserFactory

from .conftest import SWEEP_DAY

pytestmark = pytest.mark.django_db


def three_tasks(world) -> None:
    world.task(3)
    world.task(0)
    world.task(-3)


@pytest.mark.usefixtures("eager_celery", "sweep_morning")
def test_smtp_failure_then_success_sends_one_mail_and_one_set_of_rows(
    world, smtp_fails
) -> None:
    state = smtp_fails(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    three_tasks(world)

    send_due_reminders.apply().get()

    assert state["attempts"] == 2
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 3
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}
    assert Notification.objects.filter(recipient=world.head).count() == 3
    first_try, retry = state["message_ids"]
    assert first_try == retry == mail.outbox[0].extra_headers["Message-ID"]


@pytest.mark.usefixtures("eager_celery", "sweep_morning")
def test_smtp_server_busy_reply_is_retried(world, smtp_fails) -> None:
    state = smtp_fails(smtplib.SMTPDataError(451, b"Try again later"), times=2)
    world.task(1)

    send_due_reminders.apply().get()

    assert state["attempts"] == 3
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("eager_celery", "sweep_morning")
def test_retries_are_bounded_then_rows_are_failed_and_in_app_kept(
    world, smtp_fails
) -> None:
    state = smtp_fails(ConnectionRefusedError(111, "Connection refused"), times=99)
    three_tasks(world)

    send_due_reminders.apply().get()

    assert state["attempts"] == DIGEST_MAX_RETRIES + 1
    assert mail.outbox == []
    rows = Reminder.objects.all()
    assert {row.status for row in rows} == {Reminder.Status.FAILED}
    assert all("Connection refused" in row.error for row in rows)
    assert all(row.sent_at is None for row in rows)
    assert Notification.objects.filter(recipient=world.head).count() == 3


@pytest.mark.usefixtures("eager_celery", "sweep_morning")
def test_permanent_refusal_is_not_retried(world, smtp_fails) -> None:
    refused = smtplib.SMTPRecipientsRefused(
        {world.head.email: (550, b"5.1.1 User unknown")}
    )
    state = smtp_fails(refused, times=99)
    world.task(3)

    send_due_reminders.apply().get()

    assert state["attempts"] == 1
    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.FAILED
    assert "User unknown" in reminder.error
    assert Notification.objects.filter(recipient=world.head).count() == 1


@pytest.mark.usefixtures("sweep_morning")
def test_transient_failure_leaves_the_rows_pending_and_sends_later(
    world, smtp_fails
) -> None:
    smtp_fails(TimeoutError("timed out"))
    three_tasks(world)
    (key,) = reminders_sweep().recipients

    with pytest.raises(TimeoutError):
        reminder_digest_deliver(day=SWEEP_DAY, recipient=key)

    assert set(Reminder.objects.values_list("status", flat=True)) == {"pending"}
    # The in-app notifications came with the first attempt, once.
    assert Notification.objects.count() == 3
    assert reminder_digest_deliver(day=SWEEP_DAY, recipient=key).emailed
    assert len(mail.outbox) == 1
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}
    assert Notification.objects.count() == 3


class WorkerDied(BaseException):
    """The worker process killed: no ``except Exception`` of the app sees it."""


@pytest.mark.usefixtures("eager_celery", "sweep_morning")
def test_a_worker_dying_after_the_server_took_the_digest_never_sends_it_twice(
    world, monkeypatch
) -> None:
    three_tasks(world)
    (key,) = reminders_sweep().recipients
    original = locmem.EmailBackend.send_messages

    def stored_then_killed(self, messages):
        original(self, messages)
        raise WorkerDied

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", stored_then_killed)
    with pytest.raises(WorkerDied):
        reminder_digest_deliver(day=SWEEP_DAY, recipient=key)
    monkeypatch.undo()

    redelivered = send_reminder_digest.apply(
        args=(SWEEP_DAY.isoformat(), key.user_id, key.email)
    ).get()
    caught_up = reminders_sweep()

    assert redelivered["reminders"] == 0
    assert caught_up.recipients == []
    assert len(mail.outbox) == 1
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}
    assert Notification.objects.count() == 3


@pytest.mark.usefixtures("sweep_morning")
def test_a_failed_send_is_marked_unsent_and_the_next_sweep_sends_it(
    world, smtp_fails, caplog
) -> None:
    state = smtp_fails(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    world.task(3)
    (key,) = reminders_sweep().recipients

    with pytest.raises(smtplib.SMTPServerDisconnected):
        reminder_digest_deliver(day=SWEEP_DAY, recipient=key)

    row = Reminder.objects.get()
    assert (row.status, row.sent_at) == (Reminder.Status.PENDING, None)
    assert "Connection unexpectedly closed" in row.error
    assert "not sent (to be retried)" in caplog.text
    assert mail.outbox == []
    (again,) = reminders_sweep().recipients
    assert reminder_digest_deliver(day=SWEEP_DAY, recipient=again).emailed
    assert len(mail.outbox) == 1
    first_try, retry = state["message_ids"]
    assert first_try == retry


@pytest.mark.usefixtures("sweep_morning")
def test_a_mail_server_that_is_down_leaves_the_rows_untouched(
    world, monkeypatch
) -> None:
    world.task(3)
    (key,) = reminders_sweep().recipients

    def refuse(self):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(locmem.EmailBackend, "open", refuse, raising=False)
    with pytest.raises(ConnectionRefusedError):
        reminder_digest_deliver(day=SWEEP_DAY, recipient=key)

    row = Reminder.objects.get()
    assert (row.status, row.error) == (Reminder.Status.PENDING, "")
    assert not Notification.objects.exists()


@pytest.mark.usefixtures("sweep_morning")
def test_the_message_id_names_the_recipient_the_day_and_the_first_reminder(
    world, settings
) -> None:
    settings.DEFAULT_FROM_EMAIL = "CCHC <cchc@nuithanh.gov.vn>"
    three_tasks(world)
    (key,) = reminders_sweep().recipients
    first = Reminder.objects.order_by("pk").first().pk

    reminder_digest_deliver(day=SWEEP_DAY, recipient=key)

    assert mail.outbox[0].extra_headers["Message-ID"] == (
        f"<digest-{world.head.pk}-20240615-{first}@nuithanh.gov.vn>"
    )


@pytest.mark.usefixtures("eager_celery", "sweep_morning")
def test_redelivered_digest_message_sends_nothing(world) -> None:
    world.task(3)
    send_due_reminders.apply().get()

    result = send_reminder_digest.apply(
        args=(SWEEP_DAY.isoformat(), world.head.pk, world.head.email)
    ).get()

    assert result["reminders"] == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


@pytest.mark.usefixtures("sweep_morning")
def test_a_later_sweep_the_same_day_delivers_what_is_still_pending(
    world, smtp_fails
) -> None:
    smtp_fails(TimeoutError("timed out"))
    world.task(3)
    (key,) = reminders_sweep().recipients
    with pytest.raises(TimeoutError):
        reminder_digest_deliver(day=SWEEP_DAY, recipient=key)

    again = reminders_sweep()

    assert (again.reminders_created, again.recipients) == (0, [key])


@pytest.mark.usefixtures("sweep_morning")
def test_pending_reminders_of_past_days_are_marked_failed(world) -> None:
    stale = ReminderFactory(
        day=SWEEP_DAY - dt.timedelta(days=1), status=Reminder.Status.PENDING
    )

    result = reminders_sweep()

    stale.refresh_from_db()
    assert stale.status == Reminder.Status.FAILED
    assert stale.error == "not delivered on its day"
    assert result.expired == 1


@pytest.mark.usefixtures("sweep_morning")
def test_sweep_racing_another_sweep_records_each_reminder_once(
    world, racing_sweep
) -> None:
    three_tasks(world)
    result = reminders_sweep()

    assert racing_sweep
    assert result.reminders_created == 0
    assert Reminder.objects.count() == 3
    assert result.recipients == [RecipientKey(world.head.pk, world.head.email)]


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (smtplib.SMTPServerDisconnected("closed"), True),
        (smtplib.SMTPConnectError(421, "busy"), True),
        (smtplib.SMTPDataError(451, "later"), True),
        (smtplib.SMTPSenderRefused(452, "full", "a@b.c"), True),
        (smtplib.SMTPRecipientsRefused({"a@b.c": (450, b"busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b.c": (550, b"unknown")}), False),
        (smtplib.SMTPDataError(554, "rejected"), False),
        (smtplib.SMTPAuthenticationError(535, "bad credentials"), False),
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError("timed out"), True),
        (OperationalError("server closed the connection"), True),
        (ValueError("bug"), False),
    ],
)
def test_only_transient_errors_are_retried(error, transient) -> None:
    assert is_transient_mail_error(error) is transient


@pytest.mark.parametrize("retries", range(DIGEST_MAX_RETRIES + 5))
def test_retry_backoff_is_exponential_and_bounded(retries) -> None:
    countdown = digest_retry_countdown(retries)

    assert 0 <= countdown <= min(60 * 2**retries, DIGEST_BACKOFF_MAX_SECONDS)


def _units_with_tasks(world, units: int, tasks_per_unit: int) -> None:
    for n in range(units):
        head = UserFactory(username=f"head-{units}-{n}")
        unit = UnitFactory(head=head if n % 3 else None)
        if n % 4 == 3:
            unit.contact_email = ""
            unit.save(update_fields=["contact_email"])
        for t in range(tasks_per_unit):
            world.task([7, 3, 1, 0, -3, -6, -8, -11][t % 8], unit=unit)


@pytest.mark.usefixtures("sweep_morning")
@pytest.mark.parametrize(("units", "tasks_per_unit"), [(2, 2), (12, 16)])
def test_sweep_query_count_does_not_grow_with_tasks(
    world, units, tasks_per_unit
) -> None:
    _units_with_tasks(world, units, tasks_per_unit)

    with CaptureQueriesContext(connection) as queries:
        result = reminders_sweep()

    assert result.reminders_created >= units * tasks_per_unit
    # Eight statements whatever the data: the sweep row, expiring yesterday's
    # rows, the earliest due date, the INSERT ... SELECT of the reminders, whether
    # a planner is active, the reports waiting for review, the recipients and the
    # sweep's figures.
    assert len(queries) <= 8, "\n".join(q["sql"] for q in queries)


@pytest.mark.usefixtures("sweep_morning")
@pytest.mark.parametrize("tasks", [2, 40])
def test_digest_query_count_does_not_grow_with_its_tasks(
    world, django_assert_max_num_queries, tasks
) -> None:
    for t in range(tasks):
        world.task([7, 3, 1, 0, -3, -6, -9][t % 7])
    (key,) = reminders_sweep().recipients

    with django_assert_max_num_queries(6):  # 5 + the organisation profile
        result = reminder_digest_deliver(day=SWEEP_DAY, recipient=key)

    assert result.reminders == tasks
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("eager_celery", "sweep_morning")
def test_sweep_retries_when_the_database_drops_out(world, monkeypatch) -> None:
    from campaigns import tasks

    world.task(3)
    calls = []

    def flaky_sweep(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return reminders_sweep(**kwargs)

    monkeypatch.setattr(tasks, "reminders_sweep", flaky_sweep)

    result = send_due_reminders.apply().get()

    assert len(calls) == 2
    assert result["reminders_created"] == 1
    assert len(mail.outbox) == 1
