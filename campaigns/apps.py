from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Communication campaigns")

    def ready(self) -> None:
        from . import signals  # noqa: F401
