from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .signals import sync_role_groups_after_migrate

        # After django.contrib.auth's own handler has created the permissions.
        post_migrate.connect(sync_role_groups_after_migrate, sender=self)
