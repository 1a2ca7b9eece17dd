"""The report's task detail, a row per task of the period as it stood on the
as-of day, streamed from one query (the xlsx and the csv)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import ExtractQuarter, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audiences.models import AudienceGroup
from campaigns.as_of import value_on
from campaigns.models import (
    Activity,
    EvidenceFile,
    Plan,
    ProgressReport,
    Task,
    Unit,
)

from .cubes import EVIDENCE_LINK
from .figures import ReportScope
from .selectors import DETAIL_CHUNK_SIZE, period_tasks
from .tracking import completed_at_on, done_by, end_of_day, tracking_expression


class TaskRow(NamedTuple):
    task_id: int
    activity: str
    theme: str
    channel: str
    form: str
    audiences: str
    unit: str
    is_lead: bool
    due_date: dt.date
    quarter: int
    status: str
    tracking: str
    completed_on: dt.date | None
    planned_output: int
    actual_output: int | None
    output_unit: str
    participants: int | None
    reach: int | None
    actual_cost: Decimal | None
    has_evidence: bool


# (field of TaskRow, column heading, kind); the xlsx and the csv both follow it.
TASK_DETAIL_COLUMNS: list[tuple[str, object, str]] = [
    ("task_id", _("Task no."), "int"),
    ("activity", _("Activity"), "text"),
    ("theme", _("Content theme"), "text"),
    ("channel", _("Channel"), "text"),
    ("form", _("Form"), "form"),
    ("audiences", _("Audience groups"), "text"),
    ("unit", _("Unit"), "text"),
    ("is_lead", _("Role"), "lead"),
    ("due_date", _("Due date"), "date"),
    ("quarter", _("Quarter"), "int"),
    ("status", _("Status"), "status"),
    ("tracking", _("Tracking"), "tracking"),
    ("completed_on", _("Completed on"), "date"),
    ("planned_output", _("Planned output"), "int"),
    ("actual_output", _("Actual output"), "int"),
    ("output_unit", _("Output unit"), "text"),
    ("participants", _("Participants"), "int"),
    ("reach", _("Reach"), "int"),
    ("actual_cost", _("Actual cost (VND)"), "money"),
    ("has_evidence", _("Evidence"), "bool"),
]


def _plan_audiences(plan: Plan) -> dict[int, str]:
    """Activity id -> its audience groups ("A; B", in the groups' order), for
    every activity of the plan that has any: two queries whatever the tasks.

    Activities with the same groups share one string, so the map costs a few
    bytes per activity; it grows with the activities, never with the tasks.
    """
    ordered = AudienceGroup.objects.order_by("order", "name").values_list("pk", "name")
    rank = {pk: position for position, (pk, _name) in enumerate(ordered)}
    names = dict(ordered)
    groups: dict[int, list[int]] = defaultdict(list)
    for activity_id, group_id in (
        Activity.audience_groups.through.objects.filter(activity__plan=plan)
        .order_by()
        .values_list("activity_id", "audiencegroup_id")
    ):
        groups[activity_id].append(group_id)
    joined: dict[tuple[int, ...], str] = {}
    result = {}
    for activity_id, ids in groups.items():
        key = tuple(sorted(ids, key=rank.__getitem__))
        if key not in joined:
            joined[key] = "; ".join(names[pk] for pk in key)
        result[activity_id] = joined[key]
    return result


def report_task_query(report: ReportScope) -> QuerySet:
    """The one query of the task detail: a tuple per task of the period, in
    due-date order, as it stood on the report's as-of day (reports filed later
    left out): its id, activity id, then the fields of :class:`TaskRow` with
    ``audiences`` left out and ``has_evidence`` as two values (reports with a
    link, whether a file). Empty without a plan."""
    until = end_of_day(report.as_of)
    as_of = report.as_of
    filed = Q(reports__submitted_at__lt=until)

    def filed_sum(name: str) -> Sum:
        # Each report's figure as it stood on the as-of day.
        return Sum(value_on(ProgressReport, name, as_of, "reports__"), filter=filed)

    files = EvidenceFile.objects.filter(
        report__task=OuterRef("pk"), report__submitted_at__lt=until
    )
    # Report figures by a LEFT JOIN and GROUP BY task: five times faster on
    # PostgreSQL than a correlated subquery per figure and per task.
    return (
        period_tasks(report.plan, report.period)
        .annotate(
            tracking=tracking_expression(report.as_of),
            quarter=ExtractQuarter("due_date"),
            completed_on=Case(
                When(
                    done_by(report.as_of),
                    then=TruncDate(
                        completed_at_on(report.as_of),
                        tzinfo=timezone.get_default_timezone(),
                    ),
                ),
                default=None,
            ),
            actual=filed_sum("actual_output"),
            participants=filed_sum("participants"),
            reach=filed_sum("reach"),
            cost=filed_sum("actual_cost"),
            activity_then=value_on(Activity, "title", as_of, "activity__"),
            unit_then=value_on(Unit, "name", as_of, "unit__"),
            status_then=value_on(Task, "status", as_of),
            links=Count(
                "reports",
                filter=filed & Q(reports__evidence_links__regex=EVIDENCE_LINK),
            ),
            files=Exists(files),
        )
        .order_by("due_date", "unit__order", "unit_then", "activity_then", "pk")
        .values_list(
            "pk",
            "activity_id",
            "activity_then",
            "activity__theme__title",
            "activity__channel__name",
            "activity__channel__form",
            "unit_then",
            "is_lead",
            "due_date",
            "quarter",
            "status_then",
            "tracking",
            "completed_on",
            "planned_output",
            "actual",
            "activity__channel__output_unit",
            "participants",
            "reach",
            "cost",
            "links",
            "files",
        )
    )


def report_task_values(report: ReportScope) -> Iterator[tuple]:
    """The rows of :func:`report_task_rows` as plain tuples, in the order of
    :class:`TaskRow`'s fields: for the files, which read them by position.

    Memory stays flat whatever the number of tasks: rows come from a server-side
    cursor (PostgreSQL) in chunks of DETAIL_CHUNK_SIZE and are never held together.
    """
    if report.plan is None:
        return
    audiences = _plan_audiences(report.plan)
    for row in report_task_query(report).iterator(chunk_size=DETAIL_CHUNK_SIZE):
        yield (
            row[0],
            *row[2:6],
            audiences.get(row[1], ""),
            *row[6:19],
            bool(row[19] or row[20]),
        )


def report_task_rows(report: ReportScope) -> Iterator[TaskRow]:
    """Every task of the report's period as a :class:`TaskRow`, in due-date
    order (:func:`report_task_query`), its activity's audience groups joined;
    streamed (:func:`report_task_values`)."""
    return map(TaskRow._make, report_task_values(report))
