from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backups, request and task logs, security glue."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Wiring only: log one line per Celery task (no business rules in signals).
        from django.contrib.auth.signals import user_logged_in

        from . import celery_logging
        from .link_names import name_link_tables
        from .middleware import mark_session_seen

        celery_logging.connect()
        name_link_tables()
        # A fresh login has just saved its session: the idle clock starts there.
        user_logged_in.connect(
            lambda request, **kwargs: mark_session_seen(request.session),
            weak=False,
            dispatch_uid="ops.session_seen_at_login",
        )
