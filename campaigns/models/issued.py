"""The register of an organisation's issued reports: records, never edited.

Issuing a periodic report (its number, date and signer) keeps what it said: the
figures it printed (:attr:`IssuedReport.figures`) and the files it was issued as
(:class:`IssuedReportFile`), so a download years later gives the same bytes
whatever was edited since. A correction is a new version that names the one it
replaces (:attr:`IssuedReport.replaces`); the replaced one stays in the register.
Written only by :mod:`campaigns.services.issued_reports`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.scoping import ScopedManager

from .plans import Plan
from .storage import issued_report_upload_to, private_storage


class IssuedReport(models.Model):
    """One issued periodic report (báo cáo đã ban hành) of a plan's period."""

    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.PROTECT,
        related_name="issued_reports",
        verbose_name=_("organisation"),
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        related_name="issued_reports",
        verbose_name=_("plan"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # A reports.periods.PeriodCode value: q1…q4, h1, 9m or year.
    period = models.CharField(_("period"), max_length=4)
    as_of = models.DateField(_("figures as of"))
    number = models.CharField(_("number"), max_length=20)
    # The report's symbol as printed after the number ("BC-UBND").
    symbol = models.CharField(_("symbol"), max_length=40)
    issued_on = models.DateField(_("issue date"))
    signer_name = models.CharField(_("signer"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    # The headline figures as printed: {"tasks": {...}, "activities": {...},
    # "output": {...}, "par": {...}}; counts are integers, money strings in VND.
    figures = models.JSONField(_("figures"), encoder=DjangoJSONEncoder)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="issued_reports",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ScopedManager["IssuedReport"]("organisation")

    class Meta:
        ordering = ("-issued_on", "-pk")
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        indexes = [
            models.Index(
                fields=["organisation", "issued_on"], name="campaigns_issued_org_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.symbol} ({self.issued_on:%d/%m/%Y})"

    @property
    def reference(self) -> str:
        """ "25/BC-UBND"."""
        return f"{self.number}/{self.symbol}"


class IssuedReportFile(models.Model):
    """One file of an issued report (the Word document, the workbook, the
    task detail), stored privately as it was issued."""

    class Kind(models.TextChoices):
        DOCX = "docx", _("Word report")
        XLSX = "xlsx", _("Excel workbook")
        CSV = "csv", _("Task detail (CSV)")

    report = models.ForeignKey(
        IssuedReport,
        on_delete=models.PROTECT,
        related_name="files",
        verbose_name=_("issued report"),
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    file = models.FileField(
        _("file"), upload_to=issued_report_upload_to, storage=private_storage
    )
    filename = models.CharField(_("file name"), max_length=150)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = ScopedManager["IssuedReportFile"]("report__organisation")

    class Meta:
        ordering = ("report", "kind")
        verbose_name = _("issued report file")
        verbose_name_plural = _("issued report files")
        constraints = [
            models.UniqueConstraint(
                fields=("report", "kind"), name="issued_report_file_once"
            )
        ]

    def __str__(self) -> str:
        return self.filename
