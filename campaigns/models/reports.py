"""What units report on their tasks: progress reports, evidence, comments."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nuithanh_cchc.text import CleanTextMixin
from organisation.scoping import ScopedManager

from ..uploads import KINDS, UploadValidator
from .storage import evidence_upload_to, private_storage
from .tasks import Task


def awaits_review() -> Q | models.Exists:
    """Tasks with a report waiting for a planner's review (filed, or corrected
    after a return): what the dashboard and reports show as waiting. Nothing
    waits when review is not required."""
    if not settings.REPORT_REVIEW_REQUIRED:
        return Q(pk__in=[])
    return models.Exists(
        ProgressReport.objects.filter(
            task=models.OuterRef("pk"),
            review_status=ProgressReport.ReviewStatus.SUBMITTED,
        )
    )


class ProgressReport(CleanTextMixin, models.Model):
    """What a unit did for a task: output, reach, note and evidence.

    A report is submitted, then a planner accepts it or returns it with a
    comment; a returned report edited by the unit is submitted again.
    """

    class ReviewStatus(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    # Reported work is never deleted (docs/design.md): a task, activity or plan with
    # reports cannot be deleted either, only cancelled.
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="reports", verbose_name=_("task")
    )
    actual_output = models.PositiveIntegerField(_("actual output"), default=0)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    reach = models.PositiveIntegerField(
        _("reach"),
        null=True,
        blank=True,
        help_text=_("Views, listeners or readers, where known."),
    )
    actual_cost = models.DecimalField(
        _("actual cost (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What the work cost, in VND, if anything was spent."),
    )
    note = models.TextField(_("note"), blank=True)
    evidence_links = models.TextField(
        _("evidence links"), blank=True, help_text=_("One address per line.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="progress_reports",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    review_status = models.CharField(
        _("review status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
    )
    # When the version under review was submitted: filing, or the edit after a
    # return. /reviews/ lists the oldest first.
    review_requested_at = models.DateTimeField(
        _("sent for review at"), default=timezone.now
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_reports",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: an edit states the version it was opened at.
    version = models.PositiveIntegerField(_("version"), default=1)
    # The one-time key of the form that filed it: the same form sent twice
    # files one report (campaigns.services.work.report_create). Empty on reports
    # filed before forms carried one, and on imported ones.
    submission_key = models.UUIDField(
        _("submission key"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    # Not a field: the reason simple-history stores with the next history record.
    _change_reason: str

    objects = ScopedManager["ProgressReport"]("task__plan__organisation")

    class Meta:
        ordering = ("-submitted_at", "-pk")
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [
            models.Index(
                fields=("review_status", "review_requested_at"),
                name="report_review_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_output__gte=0),
                name="report_actual_output_not_negative",
                violation_error_message=_("The output cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__gte=0),
                name="report_participants_not_negative",
                violation_error_message=_("Participants cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(reach__isnull=True) | Q(reach__gte=0),
                name="report_reach_not_negative",
                violation_error_message=_("Reach cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(actual_cost__isnull=True) | Q(actual_cost__gte=0),
                name="report_actual_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=("submission_key",), name="report_submission_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.submitted_at:%d/%m/%Y}"

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line]

    @property
    def is_accepted(self) -> bool:
        return self.review_status == self.ReviewStatus.ACCEPTED

    @property
    def awaits_review(self) -> bool:
        return self.review_status == self.ReviewStatus.SUBMITTED


class Comment(CleanTextMixin, models.Model):
    """A message on a task, seen by its unit and the district roles."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="comments", verbose_name=_("task")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="task_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScopedManager["Comment"]("task__plan__organisation")

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=("task", "created_at"), name="comment_task_idx")]

    def __str__(self) -> str:
        return self.body[:80]


class EvidenceFile(CleanTextMixin, models.Model):
    """A file attached to a report, stored privately under a random name."""

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        verbose_name=_("report"),
    )
    file = models.FileField(
        _("file"),
        upload_to=evidence_upload_to,
        storage=private_storage,
        validators=[UploadValidator(tuple(KINDS), "EVIDENCE_MAX_BYTES")],
    )
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = ScopedManager["EvidenceFile"]("report__task__plan__organisation")
    # Records removals (who, when, which file) for the task's timeline; files
    # are added by bulk_create, which records nothing (the report's own
    # history says when it was filed).
    history = HistoricalRecords()

    class Meta:
        ordering = ("uploaded_at", "pk")
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    #: Types shown in the page (``preview_kind``); the upload check
    #: (campaigns.uploads) has read the file's bytes, not trusted its name.
    PREVIEW_KINDS = {
        "image/jpeg": "image",
        "image/png": "image",
        "image/gif": "image",
        "image/webp": "image",
        "application/pdf": "pdf",
    }

    @property
    def preview_kind(self) -> str:
        """ "image", "pdf", or "" for a file only downloaded."""
        return self.PREVIEW_KINDS.get(self.content_type, "")
