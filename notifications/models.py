from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nuithanh_cchc.text import CleanTextMixin
from organisation.scoping import ScopedManager, ScopedQuerySetMixin


class NotificationQuerySet(ScopedQuerySetMixin, models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(CleanTextMixin, models.Model):
    """An in-app message shown under the bell in the navigation."""

    class Kind(models.TextChoices):
        TASK_ASSIGNED = "task_assigned", _("New task")
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation")
        REPORT_SUBMITTED = "report_submitted", _("Report to review")
        REPORT_RESUBMITTED = "report_resubmitted", _("Report sent again for review")
        TASK_DONE = "task_done", _("Task marked done")
        REPORT_ACCEPTED = "report_accepted", _("Report accepted")
        REPORT_RETURNED = "report_returned", _("Report returned")
        TASK_REOPENED = "task_reopened", _("Task reopened")
        MENTION = "mention", _("Mention")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("organisation"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    task = models.ForeignKey(
        "campaigns.Task",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("task"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = ScopedManager.from_queryset(NotificationQuerySet)("organisation")

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=("recipient", "organisation", "read_at"),
                name="notification_unread_idx",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
