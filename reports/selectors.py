"""Every figure of the yearly report, computed once.

The report page, the xlsx and docx files and ``manage.py export_report`` all
read a :class:`~reports.figures.YearReport` from :func:`report_build` and the
task detail from :func:`reports.detail.report_task_rows`; the csv, which holds
only the task detail, reads its rows from a :class:`~reports.figures.ReportScope`
(:func:`report_scope`) without the figures. Nothing else counts tasks. Every task
is sorted into one :class:`~campaigns.figures.Figure` category by one SQL
expression (:func:`campaigns.figures.figure_expression`, the domain's one
definition), used both by the aggregates and by the detail rows, so the totals
always agree with the lines.

The aggregates are a fixed number of grouped queries whatever the size of the year:
one "cube" of tasks (activity x unit x quarter x category) and one of progress
reports, plus one query per many-to-many dimension (audience groups, objectives)
(:mod:`reports.cubes`), folded in Python into the summary and every breakdown
(:mod:`reports.breakdowns`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, NamedTuple

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone

from campaigns.as_of import value_on
from campaigns.models import Activity, EvidenceFile, Plan, ProgressReport, Task, Unit
from campaigns.revisions import plan_revisions
from organisation.models import Organisation
from organisation.selectors import scope_organisation

from . import caching
from .breakdowns import (
    activity_rows,
    audience_rows,
    channel_rows,
    objective_rows,
    period_channels,
    quarter_rows,
    theme_rows,
    unit_rows,
    vnd,
)
from .figures import ReportScope, YearReport, par_assessment
from .parts import OverdueKey, PartFigures, parts_compute, parts_merge
from .periods import Period, PeriodCode
from .tracking import cancelled_by, end_of_day

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


def report_build(
    *,
    year: int,
    plan_id: int | None = None,
    period: str = PeriodCode.YEAR,
    as_of: dt.date | None = None,
    overdue_limit: int = OVERDUE_LIST_LIMIT,
    organisation: Organisation | None = None,
    activity_rows_limit: int | None = None,
) -> YearReport:
    """Every figure of ``period`` of ``year``'s plan (of ``plan_id`` if the year
    has several), as the tasks stood on ``as_of``.

    ``period`` is a :class:`PeriodCode` value; ``as_of`` defaults to the period's
    last day, or today if that is earlier. Counted: the tasks due in the period
    (:func:`tracking_expression` says how each stood on ``as_of``) and the reports
    filed by then (:func:`period_reports`). Money is in VND. The figures come
    from the cache when the plan has not changed since (:mod:`reports.caching`).

    ``by_activity`` holds the first ``activity_rows_limit`` activities by title
    when given (a page), every one otherwise (the files).

    Raises ``Plan.DoesNotExist`` when ``plan_id`` is not a plan of that year. A
    year without a plan gives an empty report with every figure at zero.
    """
    organisation = organisation or scope_organisation()
    limits = Limits(overdue_limit, activity_rows_limit)
    scope = report_scope(
        year=year,
        plan_id=plan_id,
        period=period,
        as_of=as_of,
        organisation=organisation,
    )
    key = report_figures_key(scope, limits)
    if key is None:
        figures = _report_figures(scope, limits, revisions=None)
    else:
        figures = caching.cached(
            key, lambda: _report_figures(scope, limits, revisions=key.revisions)
        )
    return YearReport(
        year=year,
        as_of=scope.as_of,
        plan=scope.plan,
        plans=scope.plans,
        years=_report_years(year),
        organisation=organisation,
        period=scope.period,
        figures_key=str(key or ""),
        **figures,
    )


class FiguresKey(str):
    """A report's cache key, with the plan's revisions it was made of."""

    revisions: tuple[int, ...]


class Limits(NamedTuple):
    """How many overdue tasks and activities a report lists (None: all)."""

    overdue: int = OVERDUE_LIST_LIMIT
    activities: int | None = None


def report_figures_key(scope: ReportScope, limits: Limits) -> FiguresKey | None:
    """The cache key of the report's figures, None without a plan or a cache
    (two queries: the plan's revisions, then the catalogues' names)."""
    if scope.plan is None or not caching.enabled():
        return None
    revisions = plan_revisions(scope.plan.pk)
    key = FiguresKey(
        caching.figures_key(
            scope.plan.pk,
            revisions,
            scope.period.code,
            scope.as_of,
            limits,
            catalogue=caching.catalogue_names(),
        )
    )
    key.revisions = revisions
    return key


def _plan_parts(
    scope: ReportScope, limit: int, revisions: tuple[int, ...] | None
) -> PartFigures:
    """The cubes of the whole plan: each part from the cache at its revision,
    the parts missing computed together (a fixed number of queries)."""
    plan, the_period, as_of = scope.plan, scope.period, scope.as_of
    if plan is None:
        return PartFigures()
    arguments: dict[str, Any] = {
        "tasks": period_tasks(plan, the_period),
        "reports": period_reports(plan, the_period, as_of),
        "limit": limit,
    }
    if revisions is None:
        return parts_merge(
            parts_compute(plan, the_period, as_of, **arguments).values(), limit=limit
        )
    keys = {
        part: caching.part_key(plan.pk, part, revision, the_period.code, as_of, limit)
        for part, revision in enumerate(revisions)
    }
    found = caching.cache_get_many(keys.values())
    missing = [part for part, key in keys.items() if key not in found]
    parts = {part: found[key] for part, key in keys.items() if key in found}
    if missing:
        computed = parts_compute(plan, the_period, as_of, parts=missing, **arguments)
        caching.cache_set_many({keys[part]: computed[part] for part in missing})
        parts.update(computed)
    return parts_merge(parts.values(), limit=limit)


def _overdue_tasks(keys: list[OverdueKey], as_of: dt.date) -> list[Task]:
    """The overdue tasks of ``keys``, in their order, each with its
    ``days_overdue`` (one query). Status, unit name and activity title read as
    they stood on ``as_of`` (set on the rows, never saved)."""
    tasks: dict[int, Any] = (
        Task.objects.select_related("unit", "activity__channel")
        .annotate(
            status_then=value_on(Task, "status", as_of),
            unit_then=value_on(Unit, "name", as_of, "unit__"),
            activity_then=value_on(Activity, "title", as_of, "activity__"),
        )
        .in_bulk([key.pk for key in keys])
    )
    overdue = [tasks[key.pk] for key in keys if key.pk in tasks]
    for task in overdue:
        task.days_overdue = (as_of - task.due_date).days
        task.status = task.status_then
        task.unit.name = task.unit_then
        task.activity.title = task.activity_then
    return overdue


def _report_figures(
    scope: ReportScope, limits: Limits, *, revisions: tuple[int, ...] | None
) -> dict[str, Any]:
    """The figures of the report of ``scope``, as keyword arguments of
    :class:`YearReport`."""
    plan, the_period = scope.plan, scope.period
    parts = _plan_parts(scope, limits.overdue, revisions)
    activities, tasks, outputs = parts.activities, parts.tasks, parts.outputs
    folded = parts.folded
    folded.counts.budget = vnd(folded.counts.budget)
    channels = period_channels(activities, folded)
    by_channel = channel_rows(folded, channels)
    return {
        "activities": folded.counts,
        "tasks": folded.total,
        "output": outputs.total,
        "by_channel": by_channel,
        "by_unit": unit_rows(tasks, outputs, scope.as_of),
        "by_quarter": quarter_rows(the_period, tasks, outputs),
        "by_theme": theme_rows(plan, folded.theme),
        "by_audience": audience_rows(plan, folded.audience),
        "by_objective": objective_rows(plan, folded.objective),
        "by_activity": activity_rows(
            activities,
            folded,
            channels,
            tasks,
            outputs,
            scope.as_of,
            limit=limits.activities,
        ),
        "par": par_assessment(folded.total, by_channel),
        "overdue_tasks": _overdue_tasks(parts.overdue, scope.as_of),
    }


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
