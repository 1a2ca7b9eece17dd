from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nuithanh_cchc.text import CleanTextMixin


class AudienceGroup(CleanTextMixin, models.Model):
    """Who a communication activity addresses (đối tượng tuyên truyền).

    Deleting groups goes through ``audiences.services.audience_groups_delete``,
    which drops their progress counters too."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("order", "name")
        verbose_name = _("audience group")
        verbose_name_plural = _("audience groups")

    def __str__(self) -> str:
        return self.name
