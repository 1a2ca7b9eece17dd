from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .roles import sync_role_groups


def sync_role_groups_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """Keep the role groups in place after migrate and flush (as contrib.auth
    keeps permissions), and give them the permissions of models added later."""
    using = kwargs.get("using", "default")
    # Later apps' permissions are only created when their own signal fires.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_role_groups(Group, Permission)
