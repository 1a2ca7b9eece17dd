"""Every figure of the yearly report, computed once.

The report page, the xlsx and docx files and ``manage.py export_report`` all
read a :class:`~reports.figures.YearReport` from :func:`report_build` and the
task detail from :func:`reports.detail.report_task_rows`; the csv, which holds
only the task detail, reads its rows from a :class:`~reports.figures.ReportScope`
(:func:`report_scope`) without the figures. Nothing else counts tasks. Every task
is sorted into one :class:`~reports.tracking.Tracking` category by one SQL
expression (:func:`reports.tracking.tracking_expression`), used both by the
aggregates and by the detail rows, so the totals always agree with the lines.

The aggregates are a fixed number of grouped queries whatever the size of the year:
one "cube" of tasks (activity x unit x quarter x category) and one of progress
reports, plus one query per many-to-many dimension (audience groups, objectives)
(:mod:`reports.cubes`), folded in Python into the summary and every breakdown
(:mod:`reports.breakdowns`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone

from campaigns.as_of import value_on
from campaigns.models import Activity, EvidenceFile, Plan, ProgressReport, Task, Unit
from organisation.models import Organisation
from organisation.selectors import scope_organisation

from .breakdowns import (
    activity_rows,
    audience_rows,
    channel_rows,
    fold_activities,
    objective_rows,
    period_channels,
    quarter_rows,
    theme_rows,
    unit_rows,
)
from .cubes import (
    activity_links,
    evidence_per_activity,
    output_cube,
    plan_activities,
    task_cube,
)
from .figures import ReportScope, YearReport, par_assessment
from .periods import Period, PeriodCode
from .tracking import cancelled_by, end_of_day, overdue_as_of

OVERDUE_LIST_LIMIT = 100
DETAIL_CHUNK_SIZE = 2000


def _year_bounds() -> tuple[int, int]:
    """The years a plan may have (the model's validators), hence a report."""
    low, high = 2000, 2100
    for validator in Plan._meta.get_field("year").validators:
        if isinstance(validator, MinValueValidator):
            low = int(validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = int(validator.limit_value)
    return low, high


YEAR_MIN, YEAR_MAX = _year_bounds()


def year_in_range(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


# --- building the report -----------------------------------------------------


def _default_plan(plans: list[Plan], issuer: str) -> Plan | None:
    """The organisation's own plan when several bodies have one that year."""
    return next((p for p in plans if p.issuer == issuer), plans[0] if plans else None)


def report_plans_for_year(year: int) -> list[Plan]:
    return list(Plan.objects.filter(year=year).order_by("issuer", "pk"))


def period_tasks(plan: Plan | None, period: Period) -> QuerySet[Task]:
    """The tasks a period's report counts: the plan's, due within the period."""
    if plan is None:
        return Task.objects.none()
    return Task.objects.filter(plan=plan, due_date__range=(period.start, period.end))


def period_reports(
    plan: Plan | None, period: Period, as_of: dt.date
) -> QuerySet[ProgressReport]:
    """Reports that count: filed by the end of ``as_of`` on a task of the period
    that was not cancelled then (a report filed later does not count)."""
    if plan is None:
        return ProgressReport.objects.none()
    return ProgressReport.objects.filter(
        task__plan=plan,
        task__due_date__range=(period.start, period.end),
        submitted_at__lt=end_of_day(as_of),
    ).exclude(cancelled_by(as_of, "task__"))


def report_scope(
    *,
    year: int,
    plan_id: int | None = None,
    period: str = PeriodCode.YEAR,
    as_of: dt.date | None = None,
    organisation: Organisation | None = None,
) -> ReportScope:
    """The plan, period and as-of day a report of ``year`` covers (one query,
    two when the organisation is needed to pick the plan).

    ``period`` is a :class:`PeriodCode` value; ``as_of`` defaults to the period's
    last day, or today if that is earlier. Without ``plan_id`` the organisation's
    own plan of the year, else the first. Raises ``Plan.DoesNotExist`` when
    ``plan_id`` is not a plan of that year; a year without a plan has none.
    """
    the_period = Period(year, period)
    as_of = as_of or the_period.default_as_of(timezone.localdate())
    plans = report_plans_for_year(year)
    if plan_id is None:
        organisation = organisation or scope_organisation()
        plan = _default_plan(plans, organisation.name)
    else:
        plan = next((p for p in plans if p.pk == plan_id), None)
        if plan is None:
            raise Plan.DoesNotExist
    return ReportScope(
        year=year, as_of=as_of, plan=plan, plans=plans, period=the_period
    )


def _report_years(year: int) -> list[int]:
    """The years a report can be asked for, newest first: those with a plan,
    this year and ``year``."""
    return sorted(
        {
            *Plan.objects.order_by().values_list("year", flat=True).distinct(),
            timezone.localdate().year,
            year,
        },
        reverse=True,
    )


def _overdue_tasks(tasks: QuerySet[Task], as_of: dt.date, limit: int) -> list[Task]:
    """The first ``limit`` of ``tasks`` overdue on ``as_of``, oldest due first,
    each with its ``days_overdue``: the tasks the overdue figure counts, never
    one done, awaiting review or cancelled then. Status, unit name and activity
    title read as they stood that day (set on the rows, never saved)."""
    overdue: list[Any] = list(
        overdue_as_of(tasks, as_of)
        .select_related("unit", "activity__channel")
        .annotate(
            status_then=value_on(Task, "status", as_of),
            unit_then=value_on(Unit, "name", as_of, "unit__"),
            activity_then=value_on(Activity, "title", as_of, "activity__"),
        )
        .order_by("due_date", "unit__order", "unit_then", "pk")[:limit]
    )
    for task in overdue:
        task.days_overdue = (as_of - task.due_date).days
        task.status = task.status_then
        task.unit.name = task.unit_then
        task.activity.title = task.activity_then
    return overdue


def report_build(
    *,
    year: int,
    plan_id: int | None = None,
    period: str = PeriodCode.YEAR,
    as_of: dt.date | None = None,
    overdue_limit: int = OVERDUE_LIST_LIMIT,
    organisation: Organisation | None = None,
) -> YearReport:
    """Every figure of ``period`` of ``year``'s plan (of ``plan_id`` if the year
    has several), as the tasks stood on ``as_of``.

    ``period`` is a :class:`PeriodCode` value; ``as_of`` defaults to the period's
    last day, or today if that is earlier. Counted: the tasks due in the period
    (:func:`tracking_expression` says how each stood on ``as_of``) and the reports
    filed by then (:func:`period_reports`). Money is in VND.

    Raises ``Plan.DoesNotExist`` when ``plan_id`` is not a plan of that year. A
    year without a plan gives an empty report with every figure at zero.
    """
    organisation = organisation or scope_organisation()
    scope = report_scope(
        year=year,
        plan_id=plan_id,
        period=period,
        as_of=as_of,
        organisation=organisation,
    )
    plan, the_period, as_of = scope.plan, scope.period, scope.as_of
    years = _report_years(year)
    tasks_qs = period_tasks(plan, the_period)
    reports_qs = period_reports(plan, the_period, as_of)
    activities = plan_activities(plan, as_of)
    tasks = task_cube(tasks_qs, as_of=as_of, period=the_period, activities=activities)
    outputs = output_cube(reports_qs, as_of)
    folded = fold_activities(
        activities,
        tasks,
        outputs,
        period=the_period,
        evidence=evidence_per_activity(reports_qs, as_of),
        audiences=activity_links(plan, "audience_groups"),
        objectives=activity_links(plan, "objectives"),
    )
    channels = period_channels(activities, folded)
    by_channel = channel_rows(folded, channels)
    return YearReport(
        year=year,
        as_of=as_of,
        plan=plan,
        plans=scope.plans,
        years=years,
        activities=folded.counts,
        tasks=folded.total,
        output=outputs.total,
        by_channel=by_channel,
        by_unit=unit_rows(tasks, outputs, as_of),
        by_quarter=quarter_rows(the_period, tasks, outputs),
        by_theme=theme_rows(plan, folded.theme),
        by_audience=audience_rows(plan, folded.audience),
        by_objective=objective_rows(plan, folded.objective),
        by_activity=activity_rows(activities, folded, channels, tasks, outputs, as_of),
        par=par_assessment(folded.total, by_channel),
        overdue_tasks=_overdue_tasks(tasks_qs, as_of, overdue_limit),
        organisation=organisation,
        period=the_period,
    )


def report_evidence_files(report: ReportScope) -> Iterator[EvidenceFile]:
    """Every evidence file of the report's period: uploaded by the end of the
    as-of day, to a report that counts (:func:`period_reports`). Streamed in
    due-date order with the task, unit, activity and channel joined."""
    if report.plan is None:
        return iter(())
    return (
        EvidenceFile.objects.filter(
            report__in=period_reports(report.plan, report.period, report.as_of),
            uploaded_at__lt=end_of_day(report.as_of),
        )
        .select_related("report__task__unit", "report__task__activity__channel")
        .order_by("report__task__due_date", "report__task__unit__name", "pk")
        .iterator(chunk_size=DETAIL_CHUNK_SIZE)
    )
