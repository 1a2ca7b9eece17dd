"""A report as of a day is rebuilt later equal, whatever was edited since:
outputs, costs, budgets, cancellations, unit names, activity titles and task
statuses are read as they stood at the end of that day."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db.models import Q

from campaigns.models import Activity, ProgressReport, Task
from campaigns.services.activities import activity_cancel
from campaigns.services.work import task_reopen
from campaigns.tallies import tallies_kept, tallies_rebuild
from reports.selectors import report_build
from tests.factories import (
    ActivityFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
QUERY = "?period=q3&as_of=2026-09-30"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HCM)


def _done(task: Task, day: dt.date, output: int, cost: int) -> ProgressReport:
    with time_machine.travel(at(day), tick=False):
        report = ProgressReportFactory(
            task=task,
            actual_output=output,
            participants=output * 10,
            reach=output * 100,
            actual_cost=Decimal(cost),
            submitted_at=at(day),
            review_status=ProgressReport.ReviewStatus.ACCEPTED,
        )
        task.status = Task.Status.DONE
        task.completed_at = at(day)
        task.accepted_at = at(day, 16)
        with tallies_kept(Q(pk=task.pk)):
            task.save()
    return report


@pytest.fixture
def quarter(settings, planner):
    """Q3 2026: an activity done in July and September, one whose August tasks
    are still open on 30/09, in two units."""
    settings.REPORT_REVIEW_REQUIRED = True
    with time_machine.travel(at(dt.date(2026, 6, 1)), tick=False):
        plan = PlanFactory(year=2026)
        commune = UnitFactory(name="UBND xã Tam Xuân")
        office = UnitFactory(name="Văn phòng HĐND-UBND")
        radio = ActivityFactory(
            plan=plan,
            lead_unit=commune,
            title="Phát thanh CCHC",
            budget=Decimal(6_000_000),
            created_by=planner,
        )
        posters = ActivityFactory(
            plan=plan,
            lead_unit=office,
            title="Pa-nô CCHC",
            budget=Decimal(4_000_000),
            created_by=planner,
        )
        july = TaskFactory(activity=radio, unit=commune, due_date=dt.date(2026, 7, 15))
        september = TaskFactory(
            activity=radio, unit=office, due_date=dt.date(2026, 9, 10)
        )
        august = [
            TaskFactory(activity=posters, unit=unit, due_date=dt.date(2026, 8, 20))
            for unit in (commune, office)
        ]
    accepted = _done(july, dt.date(2026, 7, 14), output=4, cost=1_500_000)
    _done(september, dt.date(2026, 9, 12), output=2, cost=700_000)
    tallies_rebuild()
    return {
        "radio": radio,
        "posters": posters,
        "commune": commune,
        "september": september,
        "august": august,
        "accepted": accepted,
    }


def _cells(client) -> dict[tuple[str, str], object]:
    content = b"".join(client.get(f"/reports/2026/export.xlsx{QUERY}"))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _edit_everything_in_october(quarter, planner) -> None:
    with time_machine.travel(at(dt.date(2026, 10, 5)), tick=False):
        report = quarter["accepted"]
        report.actual_output, report.reach = 9, 9_999
        report.actual_cost = Decimal(2_000_000)
        report.save()
        activity_cancel(activity=quarter["posters"], user=planner)
        unit = quarter["commune"]
        unit.name = "UBND xã Tam Xuân (mới)"
        unit.save()
        radio = Activity.objects.get(pk=quarter["radio"].pk)
        radio.budget = Decimal(9_000_000)
        radio.title = "Phát thanh CCHC trên loa"
        radio.save()
        task_reopen(task=quarter["september"], user=planner, reason="Thiếu minh chứng")


def test_a_q3_report_rebuilt_after_october_edits_equals_the_one_issued(
    client, admin_user, planner, quarter
) -> None:
    client.force_login(admin_user)
    with time_machine.travel(at(dt.date(2026, 9, 30), 18), tick=False):
        issued = _cells(client)
        issued_report = report_build(year=2026, period="q3")

    _edit_everything_in_october(quarter, planner)
    with time_machine.travel(at(dt.date(2026, 10, 20)), tick=False):
        rebuilt = _cells(client)
        rebuilt_report = report_build(
            year=2026, period="q3", as_of=dt.date(2026, 9, 30)
        )
        today = report_build(year=2026, period="q3", as_of=dt.date(2026, 10, 20))

    assert rebuilt == issued
    assert rebuilt_report.tasks == issued_report.tasks
    assert rebuilt_report.output == issued_report.output
    assert rebuilt_report.activities == issued_report.activities
    assert [(r.label, r.budget) for r in rebuilt_report.by_unit] == [
        (r.label, r.budget) for r in issued_report.by_unit
    ]
    assert (issued_report.tasks.done, issued_report.tasks.overdue) == (2, 2)
    assert issued_report.output.actual_output == 6
    # The edits are there for a report as of a later day.
    # The reopened September task is overdue now.
    assert (today.tasks.done, today.tasks.overdue, today.tasks.cancelled) == (1, 1, 2)
    assert today.output.actual_output == 11
    assert "UBND xã Tam Xuân (mới)" in {row.label for row in today.by_unit}
