"""The Government's yearly decisions on days off and make-up working days.

The ``holidays`` package knows the public holidays the Labour Code sets and the
swaps its maintainers have recorded; each year the Prime Minister also moves
working days around the holidays (Friday 02/01/2026 off, Saturday 10/01/2026
worked), sometimes late in the year before. These rows add what the package
lacks, or overrule it for a date. Rows without an organisation are the
installation's; an organisation's own rows apply to it alone and win over an
installation row of the same date (a province's own decision on a local day).
``campaigns.workdays`` reads them; ``campaigns.services.calendar`` writes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nuithanh_cchc.text import CleanTextMixin


class OfficialDay(CleanTextMixin, models.Model):
    """One date the Government declared a day off or a make-up working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Make-up working day")

    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="official_days",
        verbose_name=_("organisation"),
        help_text=_("Empty: every organisation's."),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ("date",)
        verbose_name = _("official day off or working day")
        verbose_name_plural = _("official days off and working days")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "date"), name="officialday_per_org"
            ),
            models.UniqueConstraint(
                fields=("date",),
                condition=models.Q(organisation__isnull=True),
                name="officialday_installation_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.name}"
