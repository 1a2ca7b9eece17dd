from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backups, request and task logs, security glue."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Wiring only: log one line per Celery task (no business rules in signals).
        from . import celery_logging

        celery_logging.connect()
