"""Who the installation works for: the one organisation profile.

Since 1 July 2025 the same communications work is done by commune-level People's
Committees and provincial departments; nothing in the code names one of them. The
brand, the login page, e-mails, every docx and a new plan's issuer read this row.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PROFILE_PK = 1


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class OrganisationProfile(models.Model):
    """The organisation's identity (singleton: always the row with pk 1).

    Header lines follow Decree 30/2020/NĐ-CP, Appendix I: the governing body's name
    above the issuing body's name, both printed in capitals.
    """

    parent_name = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_(
            "First header line of documents, above the name, e.g. UBND TỈNH QUẢNG "
            "NAM. Leave empty if there is none."
        ),
    )
    name = models.CharField(
        _("full name"),
        max_length=200,
        help_text=_(
            "The issuing body as written in sentences, e.g. UBND xã Tam Xuân. Second "
            "header line of documents (in capitals) and new plans' issuer."
        ),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        help_text=_("Shown in the brand of every page, e.g. Tam Xuân."),
    )
    place = models.CharField(
        _("place name for dates"),
        max_length=100,
        help_text=_("As in “Tam Xuân, ngày … tháng … năm …”."),
    )
    document_symbol = models.CharField(
        _("report symbol"),
        max_length=40,
        default="BC-UBND",
        help_text=_("After the number of a report, e.g. BC-UBND."),
    )
    signer_title = models.TextField(
        _("signer's title block"),
        default="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        help_text=_(
            "One line per line, e.g. TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."
        ),
    )
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(
        _("recipients"),
        blank=True,
        help_text=_("“Nơi nhận” of reports, one per line."),
    )
    email_sender_name = models.CharField(
        _("e-mail sender name"),
        max_length=100,
        blank=True,
        help_text=_("The name reminder e-mails come from; empty: the short name."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation profile")
        verbose_name_plural = _("organisation profile")
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=PROFILE_PK), name="organisation_profile_singleton"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = PROFILE_PK
        super().save(*args, **kwargs)

    @property
    def header_lines(self) -> list[str]:
        """The Decree 30 header, in capitals: [governing body,] issuing body."""
        lines = [self.parent_name, self.name]
        return [line.strip().upper() for line in lines if line.strip()]

    @property
    def signer_lines(self) -> list[str]:
        return _lines(self.signer_title)

    @property
    def recipient_lines(self) -> list[str]:
        return _lines(self.recipients)

    @property
    def sender_name(self) -> str:
        return self.email_sender_name.strip() or self.short_name
