"""Rows made before organisations existed belong to the first organisation
(the profile of the single-organisation installation)."""

from __future__ import annotations

from django.db import migrations


def first_organisation(apps):
    Organisation = apps.get_model("organisation", "Organisation")
    found = Organisation.objects.order_by("pk").first()
    if found is None:
        found = Organisation.objects.create(
            name="Cơ quan (chưa đặt tên)", short_name="", place=""
        )
    return found


def fill(apps, schema_editor) -> None:
    Channel = apps.get_model("channels", "Channel")
    if Channel.objects.filter(organisation__isnull=True).exists():
        Channel.objects.filter(organisation__isnull=True).update(
            organisation=first_organisation(apps)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0002_channel_organisation"),
        ("organisation", "0002_organisations_and_memberships"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
