"""Celery tasks of the campaign domain: the daily reminder sweep and its fan-out.

Both tasks acknowledge late (``acks_late``): a worker that dies mid-task leaves the
message to be redelivered, which is harmless because the sweep is idempotent and a
digest finds its reminders already sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from organisation.scoping import across_organisations_call

from .digests import (
    is_transient_mail_error,
    reminder_digest_deliver,
    reminder_digest_give_up,
)
from .models import Reminder, ReminderSweep
from .reminders import RecipientKey, reminders_sweep

logger = logging.getLogger(__name__)

#: Retries of a digest on a transient SMTP error: 1, 2, 4, 8, 16 minutes (with
#: jitter, at most 30), about half an hour in all before the rows are marked failed.
DIGEST_MAX_RETRIES = 5
DIGEST_BACKOFF_SECONDS = 60
DIGEST_BACKOFF_MAX_SECONDS = 30 * 60


def digest_retry_countdown(retries: int) -> int:
    """Exponential backoff with jitter, bounded."""
    return get_exponential_backoff_interval(
        factor=DIGEST_BACKOFF_SECONDS,
        retries=retries,
        maximum=DIGEST_BACKOFF_MAX_SECONDS,
        full_jitter=True,
    )


@shared_task(
    name="campaigns.tasks.send_due_reminders",
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=DIGEST_BACKOFF_SECONDS,
    retry_backoff_max=DIGEST_BACKOFF_MAX_SECONDS,
    max_retries=DIGEST_MAX_RETRIES,
)
@across_organisations_call
def send_due_reminders(date: str | None = None) -> dict[str, object]:
    """The daily sweep (Celery beat, 07:30): record the day's reminders, then queue
    one digest task per recipient. ``date`` is ISO ``YYYY-MM-DD``; default today.
    Idempotent, so a database outage is simply retried."""
    day = dt.date.fromisoformat(date) if date else timezone.localdate()
    result = reminders_sweep(day=day)
    for key in result.recipients:
        send_reminder_digest.delay(day.isoformat(), key.user_id, key.email)
    return result.as_dict()


@shared_task(
    bind=True,
    name="campaigns.tasks.send_reminder_digest",
    acks_late=True,
    max_retries=DIGEST_MAX_RETRIES,
)
@across_organisations_call
def send_reminder_digest(
    self: Task[Any, Any], day: str, recipient_id: int | None, email: str
) -> dict[str, object]:
    """Deliver one recipient's digest of ``day``; retry transient SMTP errors."""
    key = RecipientKey(recipient_id, email)
    the_day = dt.date.fromisoformat(day)
    try:
        result = reminder_digest_deliver(day=the_day, recipient=key)
    except Exception as exc:
        if not is_transient_mail_error(exc):
            raise
        if self.request.retries >= DIGEST_MAX_RETRIES:
            logger.error("digest to %s failed after retries: %r", email, exc)
            result = reminder_digest_give_up(
                day=the_day, recipient=key, error=repr(exc)
            )
        else:
            countdown = digest_retry_countdown(self.request.retries)
            logger.warning(
                "digest to %s failed (%r); retry in %d s", email, exc, countdown
            )
            raise self.retry(exc=exc, countdown=countdown) from exc
    return {
        "recipient": recipient_id,
        "email": email,
        "reminders": result.reminders,
        "status": result.status,
    }


#: Digests still unsent this long after they were recorded were lost on the way
#: (the broker went down during the sweep): the catch-up queues them again.
CATCH_UP_AFTER = dt.timedelta(minutes=30)


def reminders_need_catch_up(*, day: dt.date, now: dt.datetime) -> bool:
    """True when the morning sweep never finished on ``day`` (beat or the broker was
    down at 07:30) or left reminders pending for longer than CATCH_UP_AFTER."""
    if not ReminderSweep.objects.filter(
        day=day, finished_at__isnull=False, error=""
    ).exists():
        return True
    return Reminder.objects.filter(
        day=day,
        status=Reminder.Status.PENDING,
        created_at__lt=now - CATCH_UP_AFTER,
    ).exists()


@shared_task(name="campaigns.tasks.catch_up_reminders", acks_late=True)
@across_organisations_call
def catch_up_reminders() -> str:
    """Hourly after the morning sweep (beat): run it again when it was missed or
    left digests unsent. Harmless otherwise: the sweep and the digests are
    idempotent, so nothing is ever sent twice."""
    day = timezone.localdate()
    if not reminders_need_catch_up(day=day, now=timezone.now()):
        return "nothing to do"
    send_due_reminders(day.isoformat())
    return "caught up"
