"""With the demo data: once the 2024 plan is closed, every write a unit head tries
on their tasks is refused and the year's figures do not move."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from campaigns.models import Plan, ProgressReport, Task
from campaigns.services.plans import plan_set_status
from reports.selectors import report_build
from tests.campaigns.lifecycle_world import fingerprint

pytestmark = pytest.mark.django_db

LATE_2024 = dt.datetime(2024, 12, 20, 3, 0, tzinfo=dt.UTC)


def _figures(plan: Plan) -> tuple:
    report = report_build(year=plan.year, plan_id=plan.pk, as_of=dt.date(2024, 12, 20))
    return (
        report.tasks,
        report.activities,
        report.output,
        report.by_unit,
        report.par,
    )


def _writes(task: Task, report: ProgressReport | None) -> list[tuple[str, dict]]:
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n1 0 obj\n")
    writes = [
        (
            reverse("workspace:report_create", args=[task.pk]),
            {"actual_output": "9", "note": "muộn", "files": pdf},
        ),
        (reverse("workspace:task_start", args=[task.pk]), {}),
        (reverse("workspace:task_done", args=[task.pk]), {}),
    ]
    if report is not None:
        writes.append(
            (
                reverse("workspace:report_edit", args=[report.pk]),
                {"actual_output": "99", "note": "sửa", "version": str(report.version)},
            )
        )
        for evidence in report.evidence_files.all():
            writes.append(
                (reverse("workspace:evidence_delete", args=[evidence.pk]), {})
            )
    return writes


def test_closing_the_demo_year_freezes_every_unit_heads_writes(settings) -> None:
    settings.DEBUG = True
    with time_machine.travel(LATE_2024, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        plan = Plan.objects.get(year=2024)
        planner = User.objects.get(username="planner")
        plan_set_status(plan_id=plan.pk, status="closed", user=planner)
        before = (fingerprint(plan), _figures(plan))
        heads = User.objects.filter(headed_units__tasks__activity__plan=plan).distinct()
        tried = refused = 0
        for head in heads:
            client = Client(raise_request_exception=False)
            client.force_login(head)
            tasks = Task.objects.filter(unit__head=head, activity__plan=plan)
            # One task of each status per head: the rules differ by status.
            for status in Task.Status.values:
                task = tasks.filter(status=status).first()
                if task is None:
                    continue
                report = task.reports.first()
                for url, data in _writes(task, report):
                    response = client.post(url, data, follow=True)
                    tried += 1
                    assert response.status_code < 500, url
                    if "đã đóng" in response.content.decode():
                        refused += 1

        assert (fingerprint(plan), _figures(plan)) == before
    assert tried > 20
    assert refused == tried
