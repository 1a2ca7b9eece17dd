"""The roll-up's figures: the same numbers as each child's own pages, added up
in its totals, in a fixed number of queries however many children."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.scoping import acting_in
from reports.rollup import rollup_build
from reports.selectors import report_build
from tests.factories import UserFactory

from .rollup_world import TODAY, YEAR, commune_make, province_make, today  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_childs_figures_on_the_rollup_equal_those_on_its_own_dashboard() -> None:
    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân", overdue=3, done_late=2)
    commune_make(province, "UBND phường Hòa Khánh", done_on_time=5)
    leader = UserFactory(role="leader", role__organisation=province)

    rollup = _client(leader).get(reverse("reports:rollup")).context["rollup"]
    own = _client(commune.planner).get("/", {"plan": commune.plan.pk})

    shown = next(r for r in rollup.rows if r.organisation == commune.organisation)
    assert shown.figures.progress == own.context["data"].overall
    assert shown.figures.progress.percent == own.context["data"].overall.percent


def test_the_child_page_shows_the_figures_of_its_row_on_the_rollup() -> None:
    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân", overdue=3)
    leader = UserFactory(role="leader", role__organisation=province)
    client = _client(leader)

    rollup = client.get(reverse("reports:rollup")).context["rollup"]
    child = client.get(reverse("reports:rollup_child", args=[commune.organisation.pk]))

    assert child.context["data"].overall == rollup.rows[0].figures.progress
    assert child.context["row"].figures == rollup.rows[0].figures


def test_money_outputs_on_time_and_par_equal_the_childs_yearly_report() -> None:
    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân", done_late=2, evidence=True)

    row = rollup_build(parent=province, year=YEAR, today=TODAY).rows[0]
    with acting_in([commune.organisation.pk]):
        report = report_build(
            year=YEAR, plan_id=commune.plan.pk, organisation=commune.organisation
        )

    figures = row.figures
    assert figures.actual_output == report.output.actual_output == 12
    assert figures.actual_cost == report.output.actual_cost == Decimal(1_500_000)
    assert figures.budget == report.activities.budget == Decimal(10_000_000)
    assert figures.done_on_time == report.tasks.done_on_time == 2
    assert figures.done_late == report.tasks.done_late == 2
    assert figures.par is not None
    assert figures.par.total_points == report.par.total_points
    assert figures.par.completion_rate == report.par.completion_rate
    assert [f.points for f in figures.par.forms] == [f.points for f in report.par.forms]


def test_without_evidence_the_forms_score_no_points() -> None:
    province = province_make()
    commune_make(province, "UBND xã Tam Xuân", evidence=False)

    figures = rollup_build(parent=province, year=YEAR, today=TODAY).rows[0].figures

    assert figures.par is not None
    assert figures.par.form_points == 0


def test_outputs_are_listed_by_channel_with_their_unit() -> None:
    province = province_make()
    commune_make(province, "UBND xã Tam Xuân", done_on_time=2, done_late=0, output=4)

    figures = rollup_build(parent=province, year=YEAR, today=TODAY).rows[0].figures

    outputs = {(o.label, o.output_unit): o.actual for o in figures.outputs}
    assert outputs == {
        ("Trang thông tin điện tử", "tin bài"): 4,
        ("Đài truyền thanh", "buổi"): 4,
    }


def test_on_time_and_late_add_up_to_the_tasks_done() -> None:
    province = province_make()
    commune_make(province, "UBND xã Tam Xuân", done_on_time=3, done_late=2)

    figures = rollup_build(parent=province, year=YEAR, today=TODAY).rows[0].figures

    assert (figures.done_on_time, figures.done_late) == (3, 2)
    assert figures.done_on_time + figures.done_late == figures.progress.done


def test_a_child_without_an_issued_plan_is_listed_without_figures() -> None:
    province = province_make()
    commune_make(province, "UBND xã A", plan_status=None)
    commune_make(province, "UBND xã B", plan_status="draft")
    commune_make(province, "UBND xã C")

    rollup = rollup_build(parent=province, year=YEAR, today=TODAY)

    assert [(r.organisation.name, r.has_plan) for r in rollup.rows] == [
        ("UBND xã A", False),
        ("UBND xã B", False),
        ("UBND xã C", True),
    ]
    assert rollup.with_plan == 1


def test_a_closed_plan_of_the_year_is_listed() -> None:
    province = province_make()
    commune_make(province, "UBND xã A", plan_status="closed")

    rollup = rollup_build(parent=province, year=YEAR, today=TODAY)

    assert rollup.rows[0].has_plan


def test_inactive_children_and_other_provinces_communes_are_not_listed() -> None:
    province = province_make()
    commune_make(province, "UBND xã Hiện")
    gone = commune_make(province, "UBND xã Đã Nhập")
    gone.organisation.is_active = False
    gone.organisation.save()
    commune_make(province_make("UBND tỉnh Khác"), "UBND xã Tỉnh Khác")

    rollup = rollup_build(parent=province, year=YEAR, today=TODAY)

    assert [r.organisation.name for r in rollup.rows] == ["UBND xã Hiện"]


def test_the_totals_add_up_the_children() -> None:
    province = province_make()
    commune_make(province, "UBND xã A", done_on_time=1, overdue=2, cost=100)
    commune_make(province, "UBND xã B", done_on_time=4, overdue=0, cost=250)
    commune_make(province, "UBND xã C", plan_status=None)

    rollup = rollup_build(parent=province, year=YEAR, today=TODAY)

    rows = [r.figures for r in rollup.rows if r.has_plan]
    total = rollup.total
    assert total.progress.due == sum(f.progress.due for f in rows)
    assert total.progress.overdue == 2
    assert total.done_on_time == 5
    assert total.actual_cost == Decimal(350)
    assert total.budget == Decimal(20_000_000)
    assert total.actual_output == sum(f.actual_output for f in rows)
    assert rollup.par_average == (rows[0].par_points + rows[1].par_points) / 2


def test_the_rollup_of_another_year_lists_no_plan() -> None:
    province = province_make()
    commune_make(province, "UBND xã A")

    rollup = rollup_build(parent=province, year=YEAR - 1, today=TODAY)

    assert not rollup.rows[0].has_plan
    assert rollup.years == [YEAR, YEAR - 1]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Session, user, roles, the organisation's children, the roll-up's reads
# (children, plans, counters, reports, late tasks, budgets, channels, years,
# the handed-down work's tasks and reports), the plans' revisions and the
# catalogues' names that key the cache.
ROLLUP_QUERIES = 18


def test_the_rollup_costs_the_same_queries_for_2_and_12_children() -> None:
    province = province_make()
    leader = UserFactory(role="leader", role__organisation=province)
    client = _client(leader)
    for index in range(2):
        commune_make(province, f"UBND xã {index}")
    url = reverse("reports:rollup")
    small = _queries(client, url)
    for index in range(2, 12):
        commune_make(
            province, f"UBND xã {index}", plan_status=None if index == 5 else "issued"
        )

    large = _queries(client, url)

    print(f"roll-up queries: 2 children {small}, 12 children {large}")  # noqa: T201
    assert small == large <= ROLLUP_QUERIES


def test_a_write_in_a_child_shows_on_the_next_rollup(
    django_capture_on_commit_callbacks,
) -> None:
    from django.test import override_settings

    from campaigns.models import Task
    from campaigns.services.work import task_reopen

    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân")
    commune_make(province, "UBND phường Hòa Khánh")
    leader = UserFactory(role="leader", role__organisation=province)
    client = _client(leader)
    url = reverse("reports:rollup")

    def shown() -> object:
        rollup = client.get(url).context["rollup"]
        row = next(r for r in rollup.rows if r.organisation == commune.organisation)
        return row.figures

    before = shown()
    task = Task.objects.filter(plan=commune.plan, status=Task.Status.DONE).first()
    with django_capture_on_commit_callbacks(execute=True):
        task_reopen(task=task, user=commune.planner, reason="Thiếu minh chứng")

    after = shown()
    with override_settings(REPORT_CACHE_SECONDS=0):
        uncached = shown()
    assert after == uncached
    assert after.progress.done == before.progress.done - 1
