"""Delivering the reminders the sweep recorded (:mod:`campaigns.reminders`): one
digest e-mail per person and day, with its in-app notifications.

:func:`reminder_digest_deliver` runs once per recipient (a Celery task each, or
in-process from ``manage.py send_reminders``). In one transaction it locks the
recipient's pending rows, sends one digest e-mail, marks the rows sent and
creates the in-app notifications. A transient SMTP error rolls all of that back
(the rows stay pending for the retry); a redelivered message finds no pending
rows and sends nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import InterfaceError, OperationalError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from notifications.models import Notification
from organisation.selectors import sender_address

from .models import Reminder, Task
from .reminders import UNREACHABLE_REASONS, RecipientKey, ReminderRules

Kind = Reminder.Kind

logger = logging.getLogger(__name__)


# ------------------------------------------------------------ delivery (per person)


def is_transient_mail_error(exc: BaseException) -> bool:
    """Errors worth a retry: connection trouble, timeouts, 4xx SMTP replies and a
    database that went away. A 5xx reply (bad address) will not get better."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, OSError | OperationalError | InterfaceError)


@dataclass(frozen=True)
class DeliveryResult:
    recipient: RecipientKey
    reminders: int = 0
    status: str = ""
    error: str = ""

    @property
    def emailed(self) -> bool:
        return self.status == Reminder.Status.SENT


def _locked_pending(day: dt.date, key: RecipientKey) -> list[Reminder]:
    """The recipient's pending rows of the day, locked until the transaction ends.

    A second worker holding the same message waits here, then finds the rows sent.
    """
    return list(
        Reminder.objects.select_for_update(of=("self",))
        .filter(
            day=day,
            status=Reminder.Status.PENDING,
            recipient_id=key.user_id,
            email=key.email,
        )
        .select_related(
            "recipient",
            "task__activity",
            "task__plan__organisation",
            "task__unit__head",
            "task__assignee",
        )
        .order_by("days_offset", "task__due_date", "task_id", "kind")
    )


def _wants_email(recipient: User | None, email: str) -> bool:
    if not email:
        return False
    return recipient is None or (recipient.is_active and recipient.reminder_emails)


def _mark(rows: list[Reminder], *, status: str, error: str = "") -> None:
    now = timezone.now()
    Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=status,
        sent_at=now if status == Reminder.Status.SENT else None,
        error=error[:2000],
    )


def _notify_once(rows: list[Reminder]) -> None:
    """The in-app notifications of the rows never tried before. A pending row
    with an error was claimed by an earlier attempt, which notified it."""
    fresh = [row for row in rows if not row.error]
    if fresh and fresh[0].recipient is not None:
        _notifications_create(recipient=fresh[0].recipient, rows=fresh)


def _finish(
    key: RecipientKey, rows: list[Reminder], *, status: str, error: str = ""
) -> DeliveryResult:
    _notify_once(rows)
    _mark(rows, status=status, error=error)
    return DeliveryResult(key, reminders=len(rows), status=status, error=error)


def _in_app_only(day: dt.date, recipient: RecipientKey) -> DeliveryResult:
    with transaction.atomic():
        rows = _locked_pending(day, recipient)
        if not rows:
            return DeliveryResult(recipient)
        return _finish(recipient, rows, status=Reminder.Status.IN_APP)


def _claim(
    day: dt.date, recipient: RecipientKey
) -> tuple[list[Reminder], EmailMultiAlternatives] | DeliveryResult:
    """In one committed transaction: the recipient's pending rows marked sent
    with their notifications, and the digest to hand over; or the result when
    there is nothing to e-mail."""
    with transaction.atomic():
        rows = _locked_pending(day, recipient)
        if not rows:
            return DeliveryResult(recipient)
        if not _wants_email(rows[0].recipient, recipient.email):
            return _finish(recipient, rows, status=Reminder.Status.IN_APP)
        message = digest_message(day=day, recipient=recipient, rows=rows)
        _notify_once(rows)
        _mark(rows, status=Reminder.Status.SENT)
    return rows, message


def _handover_failed(
    recipient: RecipientKey, rows: list[Reminder], exc: Exception
) -> DeliveryResult:
    """Put claimed rows back: pending with the error when ``exc`` is transient
    (then raised again, for the caller's retry), else failed."""
    transient = is_transient_mail_error(exc)
    status = Reminder.Status.PENDING if transient else Reminder.Status.FAILED
    with transaction.atomic():
        _mark(rows, status=status, error=repr(exc))
    logger.warning(
        "digest to %s not sent (%s): %r",
        recipient.email,
        "to be retried" if transient else "refused",
        exc,
    )
    if transient:
        raise exc
    return DeliveryResult(
        recipient, reminders=len(rows), status=status, error=repr(exc)
    )


def reminder_digest_deliver(*, day: dt.date, recipient: RecipientKey) -> DeliveryResult:
    """Send one recipient's digest of ``day``, at most once (see the module).

    Raises the SMTP error when it is transient (:func:`is_transient_mail_error`):
    the rows are pending then, and the caller retries. A permanent refusal marks
    the rows failed; the in-app notifications are created in every case.
    """
    if not recipient.email:
        return _in_app_only(day, recipient)
    # Connecting (TLS, log-in) is the slow part of SMTP: done before the rows are
    # claimed, so a worker stopped then loses nothing, and a mail server that is
    # down leaves them untouched.
    with get_connection(fail_silently=False) as connection:
        claimed = _claim(day, recipient)
        if isinstance(claimed, DeliveryResult):
            return claimed
        rows, message = claimed
        message.connection = connection
        try:
            message.send()
        except Exception as exc:
            return _handover_failed(recipient, rows, exc)
    return DeliveryResult(recipient, reminders=len(rows), status=Reminder.Status.SENT)


def reminder_digest_give_up(
    *, day: dt.date, recipient: RecipientKey, error: str
) -> DeliveryResult:
    """After the last retry: mark the rows failed, keep the in-app notifications."""
    with transaction.atomic():
        rows = _locked_pending(day, recipient)
        if not rows:
            return DeliveryResult(recipient)
        return _finish(recipient, rows, status=Reminder.Status.FAILED, error=error)


# ------------------------------------------------------------------ the digest


SECTION_TITLES = {
    "overdue": gettext_lazy("Overdue"),
    "due_today": gettext_lazy("Due today"),
    "before_due": gettext_lazy("Due soon"),
    "escalation": gettext_lazy("Overdue for more than %(days)d days: please follow up"),
    "forwarded": gettext_lazy("Units that nobody could be reminded for"),
    "copied": gettext_lazy("Tasks assigned to your staff (copy)"),
    "review": gettext_lazy("Reports waiting for your review"),
}
SECTION_ORDER = (
    "overdue",
    "due_today",
    "before_due",
    "copied",
    "escalation",
    "forwarded",
    "review",
)


def section_title(key: str) -> str:
    title = str(SECTION_TITLES[key])
    if key == "escalation":
        title %= {"days": ReminderRules.from_settings().escalate_after}
    return title


def delta_label(days_offset: int) -> str:
    """'due in 3 days', 'due today', '5 days overdue' (translated)."""
    if days_offset > 0:
        return ngettext("due in %(days)d day", "due in %(days)d days", days_offset) % {
            "days": days_offset
        }
    if days_offset == 0:
        return _("due today")
    late = -days_offset
    return ngettext("%(days)d day overdue", "%(days)d days overdue", late) % {
        "days": late
    }


def unreachable_reason(task: Task) -> str:
    unit = task.unit
    head = unit.head  # None without a query when there is no head
    if head is None:
        return str(UNREACHABLE_REASONS["no_head_no_email"])
    if not head.is_active:
        return str(UNREACHABLE_REASONS["head_inactive"])
    return str(UNREACHABLE_REASONS["no_email"])


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@dataclass
class DigestItem:
    task: Task
    kind: str
    days_offset: int
    url: str
    delta: str
    reason: str = ""


@dataclass
class DigestSection:
    key: str
    title: str
    items: list[DigestItem]


def _section_key(row: Reminder) -> str:
    """Escalation; the assignee's own reminder; the head's copy of an assigned
    task; the head's own; else a reminder forwarded to a planner."""
    if row.kind == Kind.ESCALATION:
        return "escalation"
    if row.kind == Kind.REVIEW:
        return "review"
    task = row.task
    if row.recipient_id is None or row.recipient_id == task.assignee_id:
        return row.kind
    if task.unit.head_id == row.recipient_id:
        assigned = task.assignee is not None and task.assignee.is_active
        return "copied" if assigned else row.kind
    return "forwarded"


def _copy_reason(task: Task) -> str:
    assignee = task.assignee
    if assignee is None:
        return ""
    return _("assigned to %(name)s") % {
        "name": assignee.get_full_name() or assignee.username
    }


def digest_sections(rows: Iterable[Reminder]) -> list[DigestSection]:
    """The rows grouped as the digest shows them: overdue first (longest overdue
    first), then due today, due soon, escalations and forwarded units."""
    grouped: dict[str, list[DigestItem]] = defaultdict(list)
    for row in rows:
        key = _section_key(row)
        grouped[key].append(
            DigestItem(
                task=row.task,
                kind=row.kind,
                days_offset=row.days_offset,
                url=absolute_url(row.task.get_absolute_url()),
                delta=delta_label(row.days_offset),
                reason=unreachable_reason(row.task)
                if key == "forwarded"
                else _copy_reason(row.task)
                if key == "copied"
                else _("a report waits for your review")
                if key == "review"
                else "",
            )
        )
    sections = []
    for key in SECTION_ORDER:
        items = sorted(
            grouped.get(key, []),
            key=lambda item: (item.days_offset, item.task.unit.name, item.task.pk),
        )
        if items:
            sections.append(
                DigestSection(key=key, title=section_title(key), items=items)
            )
    return sections


def _message_id(day: dt.date, recipient: RecipientKey, rows: list[Reminder]) -> str:
    """The digest's Message-ID: the same for every attempt to send it (the
    recipient, the day and its first reminder), so that should a mail server
    receive it twice, mail systems that de-duplicate by Message-ID show it once.
    A later digest of the same day (reminders a catch-up sweep added after this
    one went) starts from another reminder: it is not taken for this one."""
    if recipient.user_id is not None:
        who = str(recipient.user_id)
    else:
        who = "e" + hashlib.sha256(recipient.email.lower().encode()).hexdigest()[:16]
    first = min(row.pk for row in rows)
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].partition("@")[2]
    domain = domain or urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<digest-{who}-{day:%Y%m%d}-{first}@{domain}>"


def digest_subject(day: dt.date, sections: list[DigestSection]) -> str:
    total = sum(len(s.items) for s in sections)
    overdue = sum(len(s.items) for s in sections if s.key == "overdue")
    values = {
        "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
        "count": total,
        "overdue": overdue,
    }
    if overdue:
        return (
            ngettext(
                "CCHC reminders of %(day)s: %(count)d task, %(overdue)d overdue",
                "CCHC reminders of %(day)s: %(count)d tasks, %(overdue)d overdue",
                total,
            )
            % values
        )
    return (
        ngettext(
            "CCHC reminders of %(day)s: %(count)d task",
            "CCHC reminders of %(day)s: %(count)d tasks",
            total,
        )
        % values
    )


def digest_message(
    *, day: dt.date, recipient: RecipientKey, rows: list[Reminder]
) -> EmailMultiAlternatives:
    """The digest e-mail (plain text and HTML, in the site's language)."""
    # Sent in the name of the first task's organisation; a person working in
    # several organisations gets one digest of all their tasks.
    profile = rows[0].task.plan.organisation
    with translation.override(settings.LANGUAGE_CODE):
        sections = digest_sections(rows)
        user = rows[0].recipient
        if user is not None:
            greeting = user.get_full_name() or user.username
        else:
            greeting = ", ".join(sorted({row.task.unit.name for row in rows}))
        context = {
            "day": day,
            "greeting": greeting,
            "sections": sections,
            "total": sum(len(s.items) for s in sections),
            "site_url": settings.SITE_URL,
            "home_url": absolute_url("/"),
            "profile_url": absolute_url(reverse("accounts:profile")),
            "is_unit_address": user is None,
            "organisation": profile,
        }
        subject = digest_subject(day, sections)
        text = render_to_string("emails/reminder_digest.txt", context)
        html = render_to_string("emails/reminder_digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender_address(profile),
        to=[recipient.email],
        headers={
            "Message-ID": _message_id(day, recipient, rows),
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# ------------------------------------------------------ in-app notifications


def _notification_title(row: Reminder, section: str) -> str:
    title = row.task.activity.title
    if section == "forwarded":
        return _("No one to remind at %(unit)s: %(title)s") % {
            "unit": row.task.unit.name,
            "title": title,
        }
    if section == "escalation":
        return _("%(delta)s at %(unit)s: %(title)s") % {
            "delta": capfirst(delta_label(row.days_offset)),
            "unit": row.task.unit.name,
            "title": title,
        }
    return f"{capfirst(delta_label(row.days_offset))}: {title}"


def _notifications_create(*, recipient: User, rows: list[Reminder]) -> None:
    """One in-app notification per reminder, in one query (a digest may hold
    hundreds of rows, so not one ``notification_create`` call each). None for a
    report waiting for review: its reviewers were told when it was sent."""
    notifications = []
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            section = _section_key(row)
            if section == "review":
                continue
            body = _("%(unit)s · due %(date)s") % {
                "unit": row.task.unit.name,
                "date": formats.date_format(row.task.due_date, "SHORT_DATE_FORMAT"),
            }
            notifications.append(
                Notification(
                    organisation_id=row.task.plan.organisation_id,
                    recipient=recipient,
                    kind=Notification.Kind.REMINDER
                    if section in {"overdue", "due_today", "before_due", "copied"}
                    else Notification.Kind.ESCALATION,
                    title=_notification_title(row, section)[:300],
                    body=body,
                    url=row.task.get_absolute_url(),
                    task=row.task,
                )
            )
    Notification.objects.bulk_create(notifications)
