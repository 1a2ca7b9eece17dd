"""The province's roll-up counts what its communes did of the activities it
handed down to them (reports.handed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from campaigns.models import Plan, ProgressReport, Task
from campaigns.services.activities import activity_cancel
from campaigns.services.plans import plan_set_status
from reports.handed import HandedFigures
from reports.rollup import rollup_build
from tests.campaigns.handover_world import TODAY, YEAR, Province, province_make
from tests.factories import PlanFactory, ProgressReportFactory, tasks_update

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime(YEAR, 3, 10, 9, tzinfo=ZONE), tick=False):
        yield


@pytest.fixture
def province() -> Province:
    """Tam Xuân has its own issued plan and reported on the January task it
    received; Tam Anh received into a new draft plan."""
    province = province_make()
    tam_xuan = province.children["tam-xuan"]
    PlanFactory(
        organisation=tam_xuan.organisation,
        year=YEAR,
        issuer=tam_xuan.organisation.name,
    )
    plan_set_status(
        plan_id=province.plan.pk,
        status=Plan.Status.ISSUED,
        user=province.planner,
        today=TODAY,
    )
    january = Task.objects.get(
        activity__source=province.activity,
        plan__organisation=tam_xuan.organisation,
        due_date=dt.date(YEAR, 1, 25),
    )
    done_at = dt.datetime(YEAR, 1, 24, 9, tzinfo=ZONE)
    tasks_update(
        Task.objects.filter(pk=january.pk),
        status=Task.Status.DONE,
        completed_at=done_at,
        accepted_at=done_at,
    )
    ProgressReportFactory(
        task=january,
        submitted_by=tam_xuan.head,
        actual_output=3,
        actual_cost=Decimal(0),
        review_status=ProgressReport.ReviewStatus.ACCEPTED,
        submitted_at=done_at,
    )
    return province


def _rows(province: Province) -> dict[str, HandedFigures]:
    rollup = rollup_build(parent=province.organisation, year=YEAR, today=TODAY)
    return {row.organisation.name: row.handed for row in rollup.rows}


def test_the_rollup_counts_a_childs_reports_on_handed_down_work(province):
    handed = _rows(province)["UBND tam-xuan"]

    assert (handed.tasks, handed.done, handed.overdue, handed.output) == (12, 1, 1, 3)


def test_a_copy_in_a_draft_plan_is_not_counted_until_the_child_issues_it(province):
    assert not _rows(province)["UBND tam-anh"].received


def test_the_rollup_page_shows_the_handed_down_work(province, client):
    client.force_login(province.planner)

    page = client.get(f"/province/?year={YEAR}").content.decode()

    assert "xong 1/12, quá hạn 1, 3 sản phẩm" in page


def test_a_cancelled_copy_leaves_the_figures(province):
    activity_cancel(activity=province.activity, user=province.planner)

    handed = _rows(province)["UBND tam-xuan"]
    assert (handed.tasks, handed.done) == (1, 1)
