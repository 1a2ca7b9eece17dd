"""A plan and what it is made of: objectives and content themes."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nuithanh_cchc.text import CleanTextMixin
from organisation.scoping import ScopedManager

from ..text import shorten
from ..uploads import UploadValidator
from .storage import private_storage, signed_plan_upload_to


class Plan(CleanTextMixin, models.Model):
    """A yearly communication plan (kế hoạch), e.g. 45/KH-UBND of 2024."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.CharField(
        _("document number"), max_length=50, blank=True, help_text=_("e.g. 45/KH-UBND")
    )
    title = models.CharField(_("title"), max_length=300)
    # The issuing body's full name as printed: the organisation's name when the
    # plan is created (campaigns.services.plans), kept if the name changes later.
    issuer = models.CharField(_("issuer"), max_length=200)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    general_goal = models.TextField(_("general goal"), blank=True)
    next_year_directions = models.TextField(
        _("directions for next year"),
        blank=True,
        help_text=_("Written by the planner; printed in the yearly report."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_file = models.FileField(
        _("signed file"),
        upload_to=signed_plan_upload_to,
        storage=private_storage,
        blank=True,
        validators=[UploadValidator(("pdf", "doc", "docx"), "SIGNED_PLAN_MAX_BYTES")],
        help_text=_("PDF, DOC or DOCX of the signed plan."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ScopedManager["Plan"]("organisation")

    # Not a field: the reason simple-history stores with the next history record.
    _change_reason: str

    class Meta:
        ordering = ("-year", "issuer")
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "year", "issuer"),
                name="plan_one_per_year_and_issuer",
                violation_error_message=_("This issuer already has a plan that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="plan_year_in_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.number} " if self.number else ""
        year = "" if str(self.year) in self.title else f" ({self.year})"
        return f"{label}{self.title}{year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:plan_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


class Objective(CleanTextMixin, models.Model):
    """A general or specific objective (mục tiêu), optionally measurable."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        SPECIFIC = "specific", _("Specific")

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("plan"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.SPECIFIC
    )
    description = models.TextField(_("description"))
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(
        _("target unit"), max_length=50, blank=True, help_text=_("e.g. %")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedManager["Objective"]("plan__organisation")

    class Meta:
        ordering = ("plan", "order", "pk")
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                name="objective_target_not_negative",
                violation_error_message=_("The target cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return shorten(self.description, 80)


class ContentTheme(CleanTextMixin, models.Model):
    """A content area of the plan (nội dung tuyên truyền)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="themes", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedManager["ContentTheme"]("plan__organisation")

    class Meta:
        ordering = ("plan", "order", "pk")
        verbose_name = _("content theme")
        verbose_name_plural = _("content themes")

    def __str__(self) -> str:
        return self.title
