"""Formerly created the role groups; roles are now held per organisation
(organisation.Membership, whose migration moves any group members there)."""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audiences", "0001_initial"),
        ("channels", "0001_initial"),
        ("campaigns", "0001_initial"),
        ("notifications", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations: list[migrations.operations.base.Operation] = []
