"""Units: departments, boards, communes and the township."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nuithanh_cchc.text import CleanTextMixin
from organisation.scoping import ScopedManager

from ..search import fold


def with_search_field(
    kwargs: dict[str, Any], sources: set[str], search_field: str
) -> None:
    """A save limited to ``update_fields`` that touches a searchable field also
    writes its folded copy."""
    fields = kwargs.get("update_fields")
    if fields is not None and sources & set(fields):
        kwargs["update_fields"] = {*fields, search_field}


class Unit(CleanTextMixin, models.Model):
    """A unit that carries out tasks (a department, board, commune, ward,
    village, mass organisation…), with its head."""

    class Kind(models.TextChoices):
        """The kinds of the two-level local government (since 1 July 2025),
        and the township of the districts before it."""

        DEPARTMENT = "department", _("Department or board")
        SECTOR = "sector", _("Provincial department or sector")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        SPECIAL_ZONE = "special_zone", _("Special zone")
        TOWNSHIP = "township", _("Township")
        HAMLET = "hamlet", _("Village or residential group")
        FRONT = "front", _("Fatherland Front or mass organisation")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other names and abbreviations the unit is written with in plans, one "
            "per line (e.g. Phòng VH&TT). Used when importing an appendix."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name=_("head"),
    )
    # Staff (cán bộ) of the unit; a person may work in several units. The head
    # is not listed here: ``head`` says who heads the unit.
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="staffed_units",
        blank=True,
        verbose_name=_("staff"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Name and short name folded for search (campaigns.search), set by save().
    search_name = models.CharField(max_length=400, blank=True, editable=False)
    # Names as they stood on a day: a report rebuilt later names a unit renamed
    # since as the report issued then did (campaigns.as_of).
    history = HistoricalRecords(excluded_fields=["search_name", "aliases"])

    objects = ScopedManager["Unit"]("organisation")

    class Meta:
        ordering = ("order", "name")
        verbose_name = _("unit")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "name"), name="unit_name_per_org"
            ),
        ]
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(f"{self.name} {self.short_name}")
        with_search_field(kwargs, {"name", "short_name"}, "search_name")
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def alias_list(self) -> list[str]:
        """The other names, one per line (semicolons also separate)."""
        text = self.aliases.replace(";", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]


class UnitGroupPhrase(CleanTextMixin, models.Model):
    """A phrase of plans that names a group of units by their kind.

    "UBND các xã, phường" names every unit of the kinds commune, ward,
    township and special zone; "các sở, ban, ngành" every department. ``kinds``
    holds kind values (``Unit.Kind``) separated by spaces or commas, ``*`` for
    every unit; left empty, the phrase names no unit ("các đơn vị liên quan",
    or a name the planner chose to ignore when importing). A kind no unit has
    yet names nothing until units of that kind exist, so the table can name
    kinds before they are added. Matching ignores case, accents, spacing and
    punctuation. Rows without an organisation are the installation's; an
    organisation's own rows (a name its planner chose to ignore) extend them
    for it alone and win over an installation row of the same phrase.
    """

    EVERY_UNIT = "*"

    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unit_group_phrases",
        verbose_name=_("organisation"),
        help_text=_("Empty: every organisation's."),
    )
    phrase = models.CharField(_("phrase"), max_length=200)
    kinds = models.CharField(
        _("kinds of unit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Kind values separated by spaces (department, commune, township…), * "
            "for every unit; empty when the phrase names no unit."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("phrase",)
        verbose_name = _("unit group phrase")
        verbose_name_plural = _("unit group phrases")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "phrase"), name="unitgroupphrase_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.phrase

    @property
    def kind_list(self) -> list[str]:
        return [kind for kind in self.kinds.replace(",", " ").split() if kind]

    @property
    def names_every_unit(self) -> bool:
        return self.EVERY_UNIT in self.kind_list
