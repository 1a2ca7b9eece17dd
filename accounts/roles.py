"""The five roles of docs/design.md, each a Django group of the same name."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLANNER = "planner", _("Planner")
    UNIT_HEAD = "unit_head", _("Unit head")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    ADMIN = "admin", _("Administrator")
    LEADER = "leader", _("Leader")


# Roles that may change the plan; leaders only read, unit heads only report.
EDITOR_ROLES = (Role.PLANNER, Role.ADMIN)
# Roles that see the whole district.
DISTRICT_ROLES = (Role.PLANNER, Role.ADMIN, Role.LEADER)


# Model permissions of each role group, as (app label, codename).
DOMAIN = {
    "campaigns": [
        "plan",
        "objective",
        "contenttheme",
        "unit",
        "activity",
        "task",
        "progressreport",
        "evidencefile",
        "reminder",
        "remindersweep",
        "comment",
    ],
    "audiences": ["audiencegroup"],
    "channels": ["channel"],
}
PLAN_MODELS = ["plan", "objective", "contenttheme", "activity", "task"]


def _codenames(actions: list[str], models: list[str]) -> list[str]:
    return [f"{action}_{model}" for model in models for action in actions]


def _every_model() -> list[tuple[str, str]]:
    return [(app, model) for app, models in DOMAIN.items() for model in models]


ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    "planner": [
        *(
            ("campaigns", c)
            for c in _codenames(["add", "change", "delete"], PLAN_MODELS)
        ),
        *((app, f"view_{model}") for app, model in _every_model()),
    ],
    "unit_head": [
        ("campaigns", "view_task"),
        *(
            ("campaigns", c)
            for c in _codenames(["add", "change", "view"], ["progressreport"])
        ),
        *(("campaigns", c) for c in _codenames(["add", "view"], ["evidencefile"])),
        *(("campaigns", c) for c in _codenames(["add", "view"], ["comment"])),
    ],
    "unit_staff": [
        ("campaigns", "view_task"),
        *(
            ("campaigns", c)
            for c in _codenames(["add", "change", "view"], ["progressreport"])
        ),
        *(("campaigns", c) for c in _codenames(["add", "view"], ["evidencefile"])),
        *(("campaigns", c) for c in _codenames(["add", "view"], ["comment"])),
    ],
    "admin": [
        *(
            (app, c)
            for app, model in _every_model()
            for c in _codenames(["add", "change", "delete", "view"], [model])
        ),
        *(
            ("accounts", c)
            for c in _codenames(["add", "change", "delete", "view"], ["user"])
        ),
        ("auth", "view_group"),
        *(
            ("notifications", c)
            for c in _codenames(["change", "delete", "view"], ["notification"])
        ),
    ],
    "leader": [(app, f"view_{model}") for app, model in _every_model()],
}


def sync_role_groups(group_model: Any, permission_model: Any) -> None:
    """Create the role groups and give each exactly its permissions.

    Takes the models as arguments so that the data migration can pass historical
    ones; the post_migrate hook passes the real ones (flush re-runs it too).
    """
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        # A permission of a model added by a later migration does not exist yet
        # when an early data migration runs: the post_migrate hook adds it.
        permissions = [
            permission
            for app, codename in wanted
            for permission in permission_model.objects.filter(
                content_type__app_label=app, codename=codename
            )
        ]
        group.permissions.set(permissions)
