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
    Notification = apps.get_model("notifications", "Notification")
    Plan = apps.get_model("campaigns", "Plan")
    Task = apps.get_model("campaigns", "Task")
    unset = Notification.objects.filter(organisation__isnull=True)
    if not unset.exists():
        return
    plans = dict(Plan.objects.values_list("pk", "organisation_id"))
    for plan_id in Task.objects.values_list("plan_id", flat=True).distinct():
        unset.filter(task__plan_id=plan_id).update(organisation_id=plans[plan_id])
    unset.filter(organisation__isnull=True).update(
        organisation=first_organisation(apps)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_notification_organisation"),
        ("organisation", "0002_organisations_and_memberships"),
        ("campaigns", "0018_fill_organisation"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
