"""Reminders of tasks and the sweeps that send them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tasks import Task


class Reminder(models.Model):
    """One reminder of one task to one recipient of one kind on one day.

    The unique constraints make a rerun or a retried worker harmless: the row is
    claimed before the e-mail is sent and marked sent afterwards.
    """

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("Due soon")
        DUE_TODAY = "due_today", _("Due today")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalation to planner")
        REVIEW = "review", _("Report waiting for review")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        IN_APP = "in_app", _("In-app only")
        FAILED = "failed", _("Failed")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("task")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    day = models.DateField(_("day"))
    days_offset = models.IntegerField(
        _("days to due date"), help_text=_("Negative when overdue.")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("-day", "task")
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=("task", "recipient", "kind", "day"),
                condition=Q(recipient__isnull=False),
                name="reminder_once_per_user_kind_day",
                violation_error_message=_("This reminder was already recorded."),
            ),
            models.UniqueConstraint(
                fields=("task", "email", "kind", "day"),
                condition=Q(recipient__isnull=True),
                name="reminder_once_per_email_kind_day",
                violation_error_message=_("This reminder was already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""),
                name="reminder_has_recipient_or_email",
                violation_error_message=_("A reminder needs a recipient or e-mail."),
            ),
        ]
        indexes = [models.Index(fields=("day", "status"), name="reminder_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.task_id} · {self.day:%d/%m/%Y}"


class ReminderSweep(models.Model):
    """A run of the daily reminder sweep, for the dashboard and /healthz."""

    day = models.DateField(_("day"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    reminders_created = models.PositiveIntegerField(_("reminders created"), default=0)
    emails_queued = models.PositiveIntegerField(_("e-mails queued"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ("-started_at",)
        get_latest_by = "started_at"
        verbose_name = _("reminder sweep")
        verbose_name_plural = _("reminder sweeps")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.started_at:%H:%M}"
