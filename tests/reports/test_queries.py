"""The report page runs the same number of queries whatever the size of the year."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.models import Task
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    ChannelFactory,
    ContentThemeFactory,
    EvidenceFileFactory,
    ObjectiveFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

# The navigation bell (unread count), tasks awaiting review, the organisation
# profile; the ETag's reads (the scope, the plan's revisions, the catalogues'
# names, the navigation's counts) before the page's own.
PAGE_QUERIES = 29


def _grow(year, *, activities: int) -> None:
    """More of everything: units, channels, groups, themes, objectives, tasks,
    reports with evidence, overdue tasks."""
    plan = year.plan
    for index in range(activities):
        unit = UnitFactory()
        activity = ActivityFactory(
            plan=plan,
            channel=ChannelFactory(form="online" if index % 2 else "traditional"),
            theme=ContentThemeFactory(plan=plan),
            audience_groups=[AudienceGroupFactory(), year.citizens],
            supporting_units=[UnitFactory()],
            lead_unit=unit,
            budget=1_000_000,
        )
        activity.objectives.set([ObjectiveFactory(plan=plan), year.objectives[0]])
        for month in range(1, 13):
            task = TaskFactory(
                activity=activity,
                unit=unit,
                due_date=dt.date(2025, month, 10),
                status=Task.Status.DONE if month < 4 else Task.Status.TODO,
            )
            if month < 4:
                EvidenceFileFactory(report=ProgressReportFactory(task=task))


@pytest.mark.parametrize("extra_activities", [0, 12])
def test_report_page_queries_do_not_grow_with_the_data(
    client, leader, fixture_year, django_assert_max_num_queries, extra_activities
) -> None:
    _grow(fixture_year, activities=extra_activities)
    client.force_login(leader)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get("/reports/2025/")

    assert response.status_code == 200
    expected_tasks = 12 + 12 * extra_activities
    assert f'data-figure="tasks-total">{expected_tasks:,}<'.replace(",", ".") in (
        response.content.decode()
    )


# The session and user, the organisation profile, the year's plans, the audience
# groups (their order and names) and which activities address them, the task
# detail: none of the report's figures.
# Then the ETag's: the scope again, the plan's revisions, the catalogues' names.
CSV_QUERIES = 11


@pytest.mark.parametrize("extra_activities", [0, 12])
def test_csv_export_reads_the_detail_only_whatever_the_size_of_the_year(
    client, leader, fixture_year, django_assert_max_num_queries, extra_activities
) -> None:
    _grow(fixture_year, activities=extra_activities)
    client.force_login(leader)

    with django_assert_max_num_queries(CSV_QUERIES):
        response = client.get("/reports/2025/export.csv")
        body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert body.count(b"\n") == 1 + 14 + 12 * extra_activities
