"""The report's figures in the cache: keyed by what they depend on, never stale
after a write through the services, the same as computed without a cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

from campaigns.models import Plan, ProgressReport, Task
from campaigns.revisions import PARTS, part_of, plan_revisions
from campaigns.services.activities import (
    activity_cancel,
    activity_save,
    occurrence_move,
)
from campaigns.services.plans import plan_set_status
from campaigns.services.teamwork import report_review
from campaigns.services.units import unit_update
from campaigns.services.work import report_create, task_mark_done, task_reopen
from reports.caching import catalogue_names, figures_key, part_key
from reports.figures import YearReport
from reports.selectors import Limits, report_build, report_figures_key, report_scope

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2025, 6, 30)


def _figures(report: YearReport) -> dict[str, Any]:
    """Every figure of the report, as plain values."""
    return {
        "activities": report.activities,
        "tasks": report.tasks,
        "output": report.output,
        "awaiting_review": report.tasks.awaiting_review,
        "rows": [
            (row.key, row.label, row.tasks, row.output, row.activities, row.budget)
            for rows in (
                report.by_channel,
                report.by_unit,
                report.by_quarter,
                report.by_theme,
                report.by_audience,
                report.by_objective,
                report.by_activity,
            )
            for row in rows
        ],
        "par": report.par,
        "overdue": [(task.pk, task.unit.name) for task in report.overdue_tasks],
    }


def _uncached() -> YearReport:
    with override_settings(REPORT_CACHE_SECONDS=0):
        return report_build(year=2025)


@pytest.fixture
def committed(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    """Runs a service as if its transaction committed (the revisions are
    bumped after commit)."""

    def run(service: Callable[..., Any], **arguments: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return service(**arguments)

    return run


@pytest.fixture
def heads(fixture_year, unit_head):
    """The fixture's units headed by ``unit_head``."""
    for unit in (fixture_year.noi_vu, fixture_year.tam_hiep, fixture_year.thi_tran):
        unit.head = unit_head
        unit.save()
    return unit_head


def _assert_fresh(before: dict[str, Any], *, changed: bool = True) -> dict[str, Any]:
    """The cached report equals one computed without the cache, and differs
    from ``before`` (the write changed a figure)."""
    cached = _figures(report_build(year=2025))
    assert cached == _figures(_uncached())
    if changed:
        assert cached != before
    return cached


def test_figures_are_the_same_with_the_cache_on_and_off(fixture_year) -> None:
    cold = _figures(report_build(year=2025))
    warm = _figures(report_build(year=2025))

    assert cold == warm == _figures(_uncached())


def test_figures_of_each_period_are_the_same_with_the_cache_on_and_off(
    fixture_year,
) -> None:
    for period in ("q1", "q2", "h1", "year"):
        report_build(year=2025, period=period)
        cached = report_build(year=2025, period=period)
        with override_settings(REPORT_CACHE_SECONDS=0):
            fresh = report_build(year=2025, period=period)

        assert _figures(cached) == _figures(fresh)


def test_a_report_filed_shows_on_the_next_view(fixture_year, heads, committed) -> None:
    before = _figures(report_build(year=2025))
    task = fixture_year.tasks["t3"]

    committed(
        report_create,
        task=task,
        user=heads,
        data={"actual_output": 7, "reach": 300},
        mark_done=True,
    )

    after = _assert_fresh(before)
    assert after["output"].actual_output == before["output"].actual_output + 7


def test_a_report_filed_shows_on_the_report_page(
    client, leader, fixture_year, heads, committed
) -> None:
    client.force_login(leader)
    client.get("/reports/2025/")
    committed(
        report_create,
        task=fixture_year.tasks["t3"],
        user=heads,
        data={"actual_output": 1},
        mark_done=True,
    )

    response = client.get("/reports/2025/")

    waiting = _uncached().tasks.awaiting_review
    assert waiting
    assert f'data-figure="awaiting-review">{waiting}<' in response.content.decode()


def test_a_task_accepted_and_reopened_shows_on_the_next_view(
    fixture_year, heads, planner, committed
) -> None:
    task = fixture_year.tasks["t3"]
    committed(
        report_create,
        task=task,
        user=heads,
        data={"actual_output": 2},
        mark_done=True,
    )
    before = _figures(report_build(year=2025))
    report = ProgressReport.objects.filter(task=task).latest("pk")

    committed(report_review, report=report, user=planner, decision="accept")
    accepted = _assert_fresh(before)
    committed(task_reopen, task=Task.objects.get(pk=task.pk), user=planner, reason="x")

    _assert_fresh(accepted)


def test_a_task_marked_done_shows_on_the_next_view(
    fixture_year, heads, committed
) -> None:
    task = fixture_year.tasks["t3"]
    committed(report_create, task=task, user=heads, data={"actual_output": 2})
    before = _figures(report_build(year=2025))

    revisions = plan_revisions(fixture_year.plan.pk)

    committed(task_mark_done, task=Task.objects.get(pk=task.pk), user=heads)

    # Done by its unit, its report still waits for review: counted as before.
    _assert_fresh(before, changed=False)
    assert plan_revisions(fixture_year.plan.pk) != revisions


def test_an_activity_edited_shows_on_the_next_view(
    fixture_year, planner, committed
) -> None:
    activity = fixture_year.activities["act1"]
    before = _figures(report_build(year=2025))
    activity.title = "Tin bài cải cách hành chính"
    activity.budget = 20_000_000

    committed(
        activity_save,
        activity=activity,
        audience_groups=list(activity.audience_groups.all()),
        objectives=list(activity.objectives.all()),
        supporting_units=list(activity.supporting_units.all()),
        expected_version=activity.version,
        user=planner,
    )

    _assert_fresh(before)


def test_an_activity_cancelled_shows_on_the_next_view(
    fixture_year, planner, committed
) -> None:
    before = _figures(report_build(year=2025))

    committed(activity_cancel, activity=fixture_year.activities["act3"], user=planner)

    _assert_fresh(before)


def test_an_occurrence_moved_shows_on_the_next_view(
    fixture_year, planner, committed
) -> None:
    task = fixture_year.tasks["t10"]
    before = _figures(report_build(year=2025))

    committed(
        occurrence_move,
        activity_id=task.activity_id,
        from_date=task.due_date,
        to_date=dt.date(2025, 10, 1),
        unit_id=task.unit_id,
        user=planner,
    )

    _assert_fresh(before)


def test_a_unit_renamed_shows_on_the_next_view(
    fixture_year, admin_user, committed
) -> None:
    before = _figures(report_build(year=2025))

    committed(
        unit_update,
        user=admin_user,
        unit=fixture_year.tam_hiep,
        data={"name": "UBND xã Tam Hiệp (mới)"},
    )

    after = _assert_fresh(before)
    assert any("(mới)" in str(row[1]) for row in after["rows"])


def test_a_plan_closed_bumps_every_part_of_it(
    fixture_year, admin_user, committed
) -> None:
    plan = fixture_year.plan
    before = plan_revisions(plan.pk)

    committed(
        plan_set_status, plan_id=plan.pk, status=Plan.Status.CLOSED, user=admin_user
    )

    after = plan_revisions(plan.pk)
    assert all(new > old for new, old in zip(after, before, strict=True))
    assert _figures(report_build(year=2025)) == _figures(_uncached())


def test_a_write_bumps_only_its_activitys_part(fixture_year, heads, committed) -> None:
    task = fixture_year.tasks["t3"]
    before = plan_revisions(fixture_year.plan.pk)

    committed(report_create, task=task, user=heads, data={"actual_output": 1})

    after = plan_revisions(fixture_year.plan.pk)
    changed = [part for part in range(PARTS) if after[part] != before[part]]
    assert changed == [part_of(task.activity_id)]


def test_a_write_rolled_back_bumps_nothing(fixture_year, heads) -> None:
    before = plan_revisions(fixture_year.plan.pk)

    report_create(task=fixture_year.tasks["t3"], user=heads, data={"actual_output": 1})

    # The test's transaction never commits: the bump waits for a commit.
    assert plan_revisions(fixture_year.plan.pk) == before


def _key(**changes: Any) -> str:
    arguments: dict[str, Any] = {
        "plan_id": 1,
        "revisions": (0,) * PARTS,
        "period": "year",
        "as_of": AS_OF,
        "limits": (100, None),
        "catalogue": "c",
    }
    arguments.update(changes)
    catalogue = arguments.pop("catalogue")
    return figures_key(**arguments, catalogue=catalogue)


@pytest.mark.parametrize(
    "change",
    [
        {"plan_id": 2},
        {"revisions": (1,) + (0,) * (PARTS - 1)},
        {"period": "q2"},
        {"as_of": AS_OF - dt.timedelta(days=1)},
        {"limits": (100, 200)},
        {"catalogue": "d"},
    ],
)
def test_the_figures_key_changes_with_each_input(change: dict[str, Any]) -> None:
    assert _key(**change) != _key()


def test_the_figures_key_changes_with_the_language() -> None:
    with translation.override("vi"):
        vietnamese = _key()
    with translation.override("en"):
        english = _key()

    assert vietnamese != english


def test_the_figures_key_changes_with_the_review_setting() -> None:
    with override_settings(REPORT_REVIEW_REQUIRED=True):
        on = (_key(), part_key(1, 0, 0, "year", AS_OF, 100))
    with override_settings(REPORT_REVIEW_REQUIRED=False):
        off = (_key(), part_key(1, 0, 0, "year", AS_OF, 100))

    assert on[0] != off[0]
    assert on[1] != off[1]


def test_the_figures_key_changes_when_a_channel_is_renamed(fixture_year) -> None:
    scope = report_scope(year=2025)
    before = report_figures_key(scope, Limits())
    names = catalogue_names()
    fixture_year.portal.name = "Cổng thông tin điện tử"
    fixture_year.portal.save()

    assert catalogue_names() != names
    assert report_figures_key(scope, Limits()) != before


def test_a_repeat_view_of_the_report_page_is_a_304(
    client, leader, fixture_year
) -> None:
    client.force_login(leader)
    client.get("/reports/2025/")  # the first view sets the CSRF cookie
    first = client.get("/reports/2025/")

    again = client.get("/reports/2025/", headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert again.status_code == 304


def test_the_report_page_is_a_200_again_after_a_write(
    client, leader, fixture_year, heads, committed
) -> None:
    client.force_login(leader)
    client.get("/reports/2025/")  # the first view sets the CSRF cookie
    first = client.get("/reports/2025/")
    committed(
        report_create,
        task=fixture_year.tasks["t3"],
        user=heads,
        data={"actual_output": 1},
    )

    again = client.get("/reports/2025/", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_a_repeat_download_of_an_export_is_a_304(
    client, admin_user, fixture_year
) -> None:
    client.force_login(admin_user)
    first = client.get("/reports/2025/export.xlsx")
    body = b"".join(first.streaming_content)

    again = client.get(
        "/reports/2025/export.xlsx", headers={"if-none-match": first["ETag"]}
    )
    cached = client.get("/reports/2025/export.xlsx")

    assert first.status_code == 200
    assert again.status_code == 304
    assert b"".join(cached.streaming_content) == body
