"""The sweep (write): record the day's reminders as pending rows in one
statement, expire the undelivered ones of earlier days, and return the
recipients to deliver to, keeping a :class:`~campaigns.models.ReminderSweep`
row of each run."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from ..models import Reminder, ReminderSweep
from .candidates import RecipientKey, active_planners, candidates_execute
from .reviews import review_reminders_record
from .rules import ReminderRules

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    day: dt.date
    sweep_id: int
    reminders_created: int
    recipients: list[RecipientKey]
    expired: int = 0

    @property
    def emails(self) -> int:
        return sum(1 for key in self.recipients if key.email)

    def as_dict(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "sweep": self.sweep_id,
            "reminders_created": self.reminders_created,
            "recipients": len(self.recipients),
            "emails": self.emails,
            "expired": self.expired,
        }


def _pending_recipients(day: dt.date) -> list[RecipientKey]:
    keys = (
        Reminder.objects.filter(day=day, status=Reminder.Status.PENDING)
        .order_by()
        .values_list("recipient_id", "email")
        .distinct()
    )
    return sorted(
        (RecipientKey(user_id, email) for user_id, email in keys),
        key=lambda k: (k.user_id is None, k.user_id or 0, k.email),
    )


# Recording: the unique constraints skip, in the same statement, what this or a
# concurrent sweep recorded (a concurrent uncommitted one is waited for). Rows go in
# a fixed order, so two sweeps at once cannot deadlock on each other's rows.
# ``WHERE`` is needed by SQLite's parser before ``ON CONFLICT`` (and skips the rows
# without a planner). Parameters: the day, the pending status, the creation time.
_RECORD_SELECT = (
    "SELECT task_id, kind, %s, days_offset, recipient_id, email, %s, NULL, '', %s "
    "FROM candidates WHERE recipient_id IS NOT NULL OR email <> '' "
    "ORDER BY task_id, route, recipient_id ON CONFLICT DO NOTHING"
)
_NO_PLANNER_SELECT = (
    "SELECT 1 FROM candidates WHERE recipient_id IS NULL AND email = '' LIMIT 1"
)
#: The Reminder fields _RECORD_SELECT fills, in its order.
_RECORDED_FIELDS = (
    "task",
    "kind",
    "day",
    "days_offset",
    "recipient",
    "email",
    "status",
    "sent_at",
    "error",
    "created_at",
)


def _insert_head() -> str:
    """``INSERT INTO <reminder table> (<_RECORDED_FIELDS' columns>)``."""
    meta, quote = Reminder._meta, connection.ops.quote_name
    column = {field.name: field.column for field in meta.concrete_fields}
    columns = ", ".join(quote(column[f]) for f in _RECORDED_FIELDS)
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608  # nosec B608


def reminders_record(*, day: dt.date, rules: ReminderRules) -> int:
    """Record the day's new reminders as pending rows, in one INSERT ... SELECT that
    the database runs whole; returns how many rows were new. Safe to run twice or
    concurrently: what is recorded already is skipped. Three queries (two more when
    no planner is active)."""
    ops = connection.ops
    with connection.cursor() as cursor:
        candidates_execute(
            cursor,
            day=day,
            rules=rules,
            head=_insert_head(),
            select=_RECORD_SELECT,
            select_params=(
                ops.adapt_datefield_value(day),
                Reminder.Status.PENDING.value,
                ops.adapt_datetimefield_value(timezone.now()),
            ),
        )
        created: int = cursor.rowcount
    if _planner_missing(day=day, rules=rules):
        logger.warning("reminders for %s need a planner but none is active", day)
    return created


def _planner_missing(*, day: dt.date, rules: ReminderRules) -> bool:
    """Whether a reminder of ``day`` had to reach a planner and none is active: one
    query while a planner is active, three otherwise."""
    if active_planners().exists():
        return False
    with connection.cursor() as cursor:
        candidates_execute(cursor, day=day, rules=rules, select=_NO_PLANNER_SELECT)
        return cursor.fetchone() is not None


def reminders_sweep(*, day: dt.date | None = None) -> SweepResult:
    """Record the reminders of ``day`` (default today) and return the recipients
    with pending reminders, to be delivered one by one. Idempotent.

    Pending reminders of earlier days were never delivered (their day is gone):
    they are marked failed so that the admin shows them.
    """
    day = day or timezone.localdate()
    rules = ReminderRules.from_settings()
    sweep = ReminderSweep.objects.create(day=day)
    try:
        expired = Reminder.objects.filter(
            day__lt=day, status=Reminder.Status.PENDING
        ).update(status=Reminder.Status.FAILED, error="not delivered on its day")
        created = reminders_record(day=day, rules=rules)
        created += review_reminders_record(day=day)
        recipients = _pending_recipients(day)
    except Exception as exc:
        sweep.finished_at = timezone.now()
        sweep.error = f"{type(exc).__name__}: {exc}"[:2000]
        sweep.save(update_fields=["finished_at", "error"])
        raise
    result = SweepResult(
        day=day,
        sweep_id=sweep.pk,
        reminders_created=created,
        recipients=recipients,
        expired=expired,
    )
    sweep.finished_at = timezone.now()
    sweep.recipients = len(recipients)
    sweep.reminders_created = created
    sweep.emails_queued = result.emails
    sweep.save(
        update_fields=[
            "finished_at",
            "recipients",
            "reminders_created",
            "emails_queued",
        ]
    )
    logger.info("reminder sweep %s", result.as_dict())
    return result
