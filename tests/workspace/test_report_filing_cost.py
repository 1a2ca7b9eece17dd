"""What the commonest write costs: a unit head files a report with one file
and marks the task done in one step, through the task page's form."""

from __future__ import annotations

import uuid

from django.core.management import call_command
from django.urls import reverse

from campaigns.models import EvidenceFile, ProgressReport, Task
from notifications.models import Notification

from .conftest import pdf_upload

# Session, user and memberships (3); the task for the form and the check (1);
# in the service's transaction: the plan's and the task's locks (2), the form's
# one-time key (1), the report and its history row (2), the evidence (1), the
# task's status and its history row (2), the planner's notification (1), the
# counters (the activity's audience groups, one upsert, the emptied rows, the
# activity month: 4) and the transaction's savepoint and release (2).
FILING_QUERIES = 20


def _form(**extra: object) -> dict[str, object]:
    """What the task page's report form sends."""
    return {
        "actual_output": "2",
        "participants": "",
        "reach": "1200",
        "actual_cost": "",
        "note": "Phát 2 lượt chuyên mục CCHC",
        "evidence_links": "https://nuithanh.quangnam.gov.vn/tin-cchc",
        "submission_key": str(uuid.uuid4()),
        "files": [pdf_upload()],
        **extra,
    }


def test_filing_a_report_and_marking_the_task_done_takes_at_most_20_queries(
    client, scene, planner, django_assert_max_num_queries
) -> None:
    client.force_login(scene.head)
    url = reverse("workspace:report_create", args=[scene.task.pk])
    data = _form(and_done="1")

    with django_assert_max_num_queries(FILING_QUERIES):
        response = client.post(url, data)

    assert response.status_code == 302
    task = Task.objects.get(pk=scene.task.pk)
    assert task.status == Task.Status.DONE
    report = ProgressReport.objects.get(task=task)
    assert (report.actual_output, report.reach, report.submitted_by) == (
        2,
        1200,
        scene.head,
    )
    assert str(report.submission_key) == data["submission_key"]
    evidence = EvidenceFile.objects.get(report=report)
    assert evidence.original_name == "Bien ban.pdf"
    assert Notification.objects.filter(
        recipient=planner, kind=Notification.Kind.REPORT_SUBMITTED
    ).exists()
    call_command("rebuild_tallies", "--check")


def test_filing_a_report_without_marking_done_costs_no_more(
    client, scene, django_assert_max_num_queries
) -> None:
    client.force_login(scene.head)
    url = reverse("workspace:report_create", args=[scene.task.pk])

    with django_assert_max_num_queries(FILING_QUERIES):
        response = client.post(url, _form())

    assert response.status_code == 302
    assert Task.objects.get(pk=scene.task.pk).status == Task.Status.IN_PROGRESS
    call_command("rebuild_tallies", "--check")
