from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nuithanh_cchc.text import CleanTextMixin
from organisation.scoping import ScopedManager


class AudienceGroup(CleanTextMixin, models.Model):
    """Who a communication activity addresses (đối tượng tuyên truyền).

    Deleting groups goes through ``audiences.services.audience_groups_delete``,
    which drops their progress counters too."""

    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.PROTECT,
        related_name="audience_groups",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    # Looked up within its organisation: the (organisation, code) constraint
    # is the index.
    code = models.SlugField(_("code"), max_length=50, db_index=False)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedManager["AudienceGroup"]("organisation")

    class Meta:
        ordering = ("order", "name")
        verbose_name = _("audience group")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "name"),
                name="audiencegroup_name_per_org",
            ),
            models.UniqueConstraint(
                fields=("organisation", "code"),
                name="audiencegroup_code_per_org",
            ),
        ]
        verbose_name_plural = _("audience groups")

    def __str__(self) -> str:
        return self.name
