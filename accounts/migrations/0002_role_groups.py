"""Create the four role groups with their model permissions."""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
        *(("campaigns", c) for c in _codenames(["add", "change", "delete"], PLAN_MODELS)),
        *((app, f"view_{model}") for app, model in _every_model()),
    ],
    "unit_head": [
        ("campaigns", "view_task"),
        *(
            ("campaigns", c)
            for c in _codenames(["add", "change", "view"], ["progressreport"])
        ),
        *(("campaigns", c) for c in _codenames(["add", "view"], ["evidencefile"])),
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


def create_role_groups(apps, schema_editor) -> None:
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = [
            permission_model.objects.get(
                content_type__app_label=app, codename=codename
            )
            for app, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_role_groups(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audiences", "0001_initial"),
        ("channels", "0001_initial"),
        ("campaigns", "0001_initial"),
        ("notifications", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
