"""Names kept family name first in ``first_name`` (as invitations and the
first setup stored them while a full name was shown first + last) are moved to
``last_name`` (family) and ``first_name`` (middle and given names)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from accounts.names import FAMILY_NAMES, split_full_name


def family_name_first(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(first_name="").exclude(last_name=""):
        shown = f"{user.first_name} {user.last_name}"
        words = shown.split()
        if words[0] not in FAMILY_NAMES or user.last_name.split()[0] in FAMILY_NAMES:
            continue
        user.last_name, user.first_name = split_full_name(shown)
        user.save(update_fields=["first_name", "last_name"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_calendar_token")]

    operations = [
        migrations.RunPython(family_name_first, migrations.RunPython.noop),
    ]
