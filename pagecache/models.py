from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row: a number that grows with every committed write to the data that
    pages show. The database's own triggers bump it (pagecache/triggers.py), so
    no write path can forget to; the application only reads it."""

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data version")

    def __str__(self) -> str:
        return str(self.version)
