"""Each notification's kind says what happened. Stored rows of the two kinds
that did not ("report_reviewed" for accepted and returned alike, "report_filed"
for a task marked done) take the kind their title, written in the default
language or English, tells; a reopened task's "other" becomes "task_reopened"."""

from __future__ import annotations

from django.db import migrations, models
from django.db.models import Q

RETURNED_TITLES = ("Báo cáo bị trả lại", "Report returned")
REOPENED_TITLES = ("Nhiệm vụ được mở lại", "Task reopened")


def _starts_with(prefixes: tuple[str, ...]) -> Q:
    condition = Q()
    for prefix in prefixes:
        condition |= Q(title__startswith=prefix)
    return condition


def split_kinds(apps, schema_editor) -> None:
    Notification = apps.get_model("notifications", "Notification")
    reviewed = Notification.objects.filter(kind="report_reviewed")
    reviewed.filter(_starts_with(RETURNED_TITLES)).update(kind="report_returned")
    reviewed.update(kind="report_accepted")
    Notification.objects.filter(kind="report_filed").update(kind="task_done")
    Notification.objects.filter(kind="other").filter(
        _starts_with(REOPENED_TITLES)
    ).update(kind="task_reopened")


def merge_kinds(apps, schema_editor) -> None:
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(
        kind__in=("report_accepted", "report_returned")
    ).update(kind="report_reviewed")
    Notification.objects.filter(kind="task_done").update(kind="report_filed")
    Notification.objects.filter(
        kind__in=("report_submitted", "report_resubmitted", "task_reopened")
    ).update(kind="other")


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_organisation_required"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("task_assigned", "New task"),
                    ("reminder", "Reminder"),
                    ("escalation", "Escalation"),
                    ("report_submitted", "Report to review"),
                    ("report_resubmitted", "Report sent again for review"),
                    ("task_done", "Task marked done"),
                    ("report_accepted", "Report accepted"),
                    ("report_returned", "Report returned"),
                    ("task_reopened", "Task reopened"),
                    ("mention", "Mention"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(split_kinds, merge_kinds),
    ]
