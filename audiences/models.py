from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from nuithanh_cchc.text import CleanTextMixin


class AudienceGroup(CleanTextMixin, models.Model):
    """Who a communication activity addresses (đối tượng tuyên truyền)."""

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

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        from campaigns.tallies import tallies_forget_audience_groups

        with transaction.atomic():
            tallies_forget_audience_groups([self.pk])
            return super().delete(*args, **kwargs)
