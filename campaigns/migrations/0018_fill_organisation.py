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
    Plan = apps.get_model("campaigns", "Plan")
    if Plan.objects.filter(organisation__isnull=True).exists():
        Plan.objects.filter(organisation__isnull=True).update(
            organisation=first_organisation(apps)
        )
    HistoricalPlan = apps.get_model("campaigns", "HistoricalPlan")
    if HistoricalPlan.objects.filter(organisation__isnull=True).exists():
        HistoricalPlan.objects.filter(organisation__isnull=True).update(
            organisation=first_organisation(apps)
        )
    Unit = apps.get_model("campaigns", "Unit")
    if Unit.objects.filter(organisation__isnull=True).exists():
        Unit.objects.filter(organisation__isnull=True).update(
            organisation=first_organisation(apps)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0017_plan_unit_organisation"),
        ("organisation", "0002_organisations_and_memberships"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
