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
    AudienceGroup = apps.get_model("audiences", "AudienceGroup")
    if AudienceGroup.objects.filter(organisation__isnull=True).exists():
        AudienceGroup.objects.filter(organisation__isnull=True).update(
            organisation=first_organisation(apps)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audiences", "0002_audiencegroup_organisation"),
        ("organisation", "0002_organisations_and_memberships"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
