from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagecacheConfig(AppConfig):
    """Rendered pages kept under the data version (see pagecache/versioning.py)."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        # Wiring only: after every migrate, every table that pages read carries the
        # trigger that bumps the data version, new tables included.
        from .triggers import install_triggers

        post_migrate.connect(
            install_triggers, sender=self, dispatch_uid="pagecache.install_triggers"
        )
