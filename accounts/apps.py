from __future__ import annotations

import importlib

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_role_groups(
    sender: AppConfig, apps: Apps = global_apps, **kwargs: object
) -> None:
    """Recreate the role groups after a flush (``flush`` and transactional tests
    empty every table, data migrations included, then send post_migrate)."""
    migration = importlib.import_module("accounts.migrations.0002_role_groups")
    group_model = apps.get_model("auth", "Group")
    if group_model.objects.filter(name__in=migration.ROLE_PERMISSIONS).count() < len(
        migration.ROLE_PERMISSIONS
    ):
        migration.create_role_groups(apps, None)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_ensure_role_groups, sender=self)
