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
one "cube" of tasks (unit x channel x theme x quarter x category) and one of
progress reports, folded in Python into the summary and every breakdown, plus one
query per many-to-many dimension (audience groups, objectives).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audiences.models import AudienceGroup
from campaigns.models import (
    Activity,
    ContentTheme,
    EvidenceFile,
    Objective,
    Plan,
    ProgressReport,
    Task,
    Unit,
    awaits_review,
)
from channels.models import Channel
from organisation.models import OrganisationProfile
from organisation.selectors import organisation_profile

from .figures import (
    ActivityCounts,
    ActivityRow,
    ChannelRow,
    FormEvidence,
    Output,
    ParAssessment,
    ReportScope,
    Row,
    TaskCounts,
    UnitRow,
    YearReport,
    rank_units,
    score_completion,
)
from .periods import ROMAN, Period, PeriodCode
from .tracking import Tracking, done_by, end_of_day, tracking_expression

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


def _plan_tasks(plan: Plan | None) -> QuerySet[Task]:
    if plan is None:
        return Task.objects.none()
    return Task.objects.filter(plan=plan)


EVIDENCE_LINK = r"\S"  # evidence_links holding anything but blanks


def _report_has_evidence() -> Q:
    """A report with a file or a (non-blank) link."""
    return Q(evidence_links__regex=EVIDENCE_LINK) | Q(evidence_files__isnull=False)


def _default_plan(plans: list[Plan], issuer: str) -> Plan | None:
    """The organisation's own plan when several bodies have one that year."""
    return next((p for p in plans if p.issuer == issuer), plans[0] if plans else None)


def _quarter_label(quarter: int) -> str:
    """'Quý II': quarters in Roman numerals, as documents name them."""
    return str(_("Quarter %(roman)s") % {"roman": ROMAN[quarter]})


def _par(tasks: TaskCounts, by_channel: list[ChannelRow]) -> ParAssessment:
    forms = []
    for form in Channel.Form.values:
        rows = [row for row in by_channel if row.form == form]
        with_evidence = sum(row.done_with_evidence for row in rows)
        forms.append(
            FormEvidence(
                form=form,
                channels=[row.label for row in rows],
                done=sum(row.tasks.done for row in rows),
                with_evidence=with_evidence,
                points=settings.PAR_FORM_POINTS if with_evidence else Decimal(0),
            )
        )
    return ParAssessment(
        completion_rate=tasks.completion_rate,
        completion_points=score_completion(tasks.completion_rate),
        completion_max=settings.PAR_COMPLETION_POINTS,
        threshold=settings.PAR_COMPLETION_THRESHOLD,
        form_points_each=settings.PAR_FORM_POINTS,
        forms=forms,
    )


def report_plans_for_year(year: int) -> list[Plan]:
    return list(Plan.objects.filter(year=year).order_by("issuer", "pk"))


class _Activity(NamedTuple):
    pk: int
    title: str
    status: str
    channel_id: int
    theme_id: int
    unit_id: int
    budget: Decimal
    due_date: dt.date
    live_tasks: int  # tasks not cancelled, in the whole plan


def _activities(plan: Plan | None) -> dict[int, _Activity]:
    """The plan's activities with their budget and live task count (one query)."""
    if plan is None:
        return {}
    rows = (
        Activity.objects.filter(plan=plan)
        .order_by()
        .annotate(live=Count("tasks", filter=~Q(tasks__status=Task.Status.CANCELLED)))
        .values_list(
            "pk",
            "title",
            "status",
            "channel_id",
            "theme_id",
            "lead_unit_id",
            "budget",
            "due_date",
            "live",
        )
    )
    return {row[0]: _Activity(*row[:6], row[6] or Decimal(0), *row[7:]) for row in rows}


def _pairs(plan: Plan | None, relation: str) -> dict[int, list[int]]:
    """Activity id -> ids of its audience groups or objectives (one query)."""
    result: dict[int, list[int]] = defaultdict(list)
    if plan is None:
        return result
    field = Activity._meta.get_field(relation)
    through = field.remote_field.through
    target = f"{field.m2m_reverse_field_name()}_id"
    for activity_id, key in (
        through.objects.filter(activity__plan=plan)
        .order_by()
        .values_list("activity_id", target)
    ):
        result[activity_id].append(key)
    return result


def period_tasks(plan: Plan | None, period: Period) -> QuerySet[Task]:
    """The tasks a period's report counts: the plan's, due within the period."""
    return _plan_tasks(plan).filter(due_date__range=(period.start, period.end))


def period_awaiting_review(plan: Plan | None, period: Period) -> int:
    """Tasks of the period whose report waits for a planner's review: done by
    their unit but not counted done yet (0 when review is not required)."""
    if plan is None or not settings.REPORT_REVIEW_REQUIRED:
        return 0
    return period_tasks(plan, period).filter(awaits_review()).count()


def period_reports(
    plan: Plan | None, period: Period, as_of: dt.date
) -> QuerySet[ProgressReport]:
    """Reports that count: filed by the end of ``as_of`` on a task of the period
    that is not cancelled (a report filed later does not count)."""
    if plan is None:
        return ProgressReport.objects.none()
    return ProgressReport.objects.filter(
        task__plan=plan,
        task__due_date__range=(period.start, period.end),
        submitted_at__lt=end_of_day(as_of),
    ).exclude(task__status=Task.Status.CANCELLED)


def report_scope(
    *,
    year: int,
    plan_id: int | None = None,
    period: str = PeriodCode.YEAR,
    as_of: dt.date | None = None,
    organisation: OrganisationProfile | None = None,
) -> ReportScope:
    """The plan, period and as-of day a report of ``year`` covers (one query,
    two when the organisation profile is needed to pick the plan).

    ``period`` is a :class:`PeriodCode` value; ``as_of`` defaults to the period's
    last day, or today if that is earlier. Without ``plan_id`` the organisation's
    own plan of the year, else the first. Raises ``Plan.DoesNotExist`` when
    ``plan_id`` is not a plan of that year; a year without a plan has none.
    """
    the_period = Period(year, period)
    as_of = as_of or the_period.default_as_of(timezone.localdate())
    plans = report_plans_for_year(year)
    if plan_id is None:
        organisation = organisation or organisation_profile()
        plan = _default_plan(plans, organisation.name)
    else:
        plan = next((p for p in plans if p.pk == plan_id), None)
        if plan is None:
            raise Plan.DoesNotExist
    return ReportScope(
        year=year, as_of=as_of, plan=plan, plans=plans, period=the_period
    )


CUBE_CHUNK = 5_000


def report_build(
    *,
    year: int,
    plan_id: int | None = None,
    period: str = PeriodCode.YEAR,
    as_of: dt.date | None = None,
    overdue_limit: int = OVERDUE_LIST_LIMIT,
    organisation: OrganisationProfile | None = None,
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
    organisation = organisation or organisation_profile()
    scope = report_scope(
        year=year,
        plan_id=plan_id,
        period=period,
        as_of=as_of,
        organisation=organisation,
    )
    the_period, as_of, plan, plans = scope.period, scope.as_of, scope.plan, scope.plans
    years = sorted(
        {
            *Plan.objects.order_by().values_list("year", flat=True).distinct(),
            timezone.localdate().year,
            year,
        },
        reverse=True,
    )
    tasks_qs = period_tasks(plan, the_period)
    activities = _activities(plan)

    # The task cube: every breakdown folds from this one query. Its rows are at
    # most activities x units x quarters x 5 categories, whatever the tasks.
    per_activity: dict[int, TaskCounts] = defaultdict(TaskCounts)
    per_unit: dict[int, TaskCounts] = defaultdict(TaskCounts)
    per_quarter: dict[int, TaskCounts] = defaultdict(TaskCounts)
    cost_unit: dict[int, Decimal] = defaultdict(Decimal)
    cost_quarter: dict[int, Decimal] = defaultdict(Decimal)
    cost_activity: dict[int, Decimal] = defaultdict(Decimal)
    cube = (
        tasks_qs.annotate(
            tracking=tracking_expression(as_of), quarter=ExtractQuarter("due_date")
        )
        .values("activity_id", "unit_id", "quarter", "tracking")
        .annotate(n=Count("pk"), planned=Sum("planned_output"))
        .order_by()
        .values_list("activity_id", "unit_id", "quarter", "tracking", "n", "planned")
    )
    # Streamed: at ten times the data the cube is some 200,000 rows, and read
    # whole it raised a web worker's memory for the rest of its life (Python
    # peak 100 MiB against 37; PostgreSQL runs a cursor's query without
    # parallel workers, which costs some 0.6 s of the 4.5 s at that scale).
    for activity_id, unit_id, quarter, tracking, n, planned in cube.iterator(
        chunk_size=CUBE_CHUNK
    ):
        args = (tracking, n, planned or 0)
        per_activity[activity_id].add(*args)
        per_unit[unit_id].add(*args)
        per_quarter[quarter].add(*args)
        activity = activities[activity_id]
        if tracking != Tracking.CANCELLED and activity.live_tasks:
            share = activity.budget * n / activity.live_tasks
            cost_activity[activity_id] += share
            cost_unit[unit_id] += share
            cost_quarter[quarter] += share
    # An active activity with a budget but no live task: its whole budget falls
    # in the period holding its due date.
    for activity in activities.values():
        if (
            not activity.live_tasks
            and activity.status == Activity.Status.ACTIVE
            and the_period.contains(activity.due_date)
        ):
            cost_activity[activity.pk] += activity.budget

    # The output cube, from the reports filed by ``as_of``.
    out_activity: dict[int, Output] = defaultdict(Output)
    out_unit: dict[int, Output] = defaultdict(Output)
    out_quarter: dict[int, Output] = defaultdict(Output)
    output = Output()
    for activity_id, unit_id, quarter, *args in (
        period_reports(plan, the_period, as_of)
        .annotate(quarter=ExtractQuarter("task__due_date"))
        .values("task__activity_id", "task__unit_id", "quarter")
        .annotate(
            actual=Sum("actual_output"),
            participants=Sum("participants"),
            reach=Sum("reach"),
            cost=Sum("actual_cost"),
        )
        .order_by()
        .values_list(
            "task__activity_id",
            "task__unit_id",
            "quarter",
            "actual",
            "participants",
            "reach",
            "cost",
        )
        .iterator(chunk_size=CUBE_CHUNK)
    ):
        for bucket, key in (
            (out_activity, activity_id),
            (out_unit, unit_id),
            (out_quarter, quarter),
        ):
            bucket[key].add(*args)
        output.add(*args)

    # Tasks done by ``as_of`` with evidence filed by then, per activity.
    evidence = dict(
        period_reports(plan, the_period, as_of)
        .filter(done_by(as_of, "task__"))
        .filter(_report_has_evidence())
        .values("task__activity_id")
        .annotate(n=Count("task", distinct=True))
        .order_by()
        .values_list("task__activity_id", "n")
    )

    # Activities of the period: those with a task due in it, and those without
    # any task whose due date falls in it.
    in_period = {
        pk
        for pk, activity in activities.items()
        if pk in per_activity
        or (not activity.live_tasks and the_period.contains(activity.due_date))
    }
    counts = ActivityCounts()
    total = TaskCounts()
    per_channel: dict[int, TaskCounts] = defaultdict(TaskCounts)
    per_theme: dict[int, TaskCounts] = defaultdict(TaskCounts)
    out_channel: dict[int, Output] = defaultdict(Output)
    out_theme: dict[int, Output] = defaultdict(Output)
    n_channel: dict[int, int] = defaultdict(int)
    n_theme: dict[int, int] = defaultdict(int)
    cost_channel: dict[int, Decimal] = defaultdict(Decimal)
    cost_theme: dict[int, Decimal] = defaultdict(Decimal)
    # An activity addressing several groups counts whole in each of them.
    cost_audience: dict[int, Decimal] = defaultdict(Decimal)
    evidence_channel: dict[int, int] = defaultdict(int)
    audiences = _pairs(plan, "audience_groups")
    objectives = _pairs(plan, "objectives")
    per_audience: dict[int, TaskCounts] = defaultdict(TaskCounts)
    out_audience: dict[int, Output] = defaultdict(Output)
    n_audience: dict[int, int] = defaultdict(int)
    per_objective: dict[int, TaskCounts] = defaultdict(TaskCounts)
    n_objective: dict[int, int] = defaultdict(int)
    for pk in sorted(in_period):
        activity = activities[pk]
        tasks = per_activity[pk]
        out = out_activity[pk]
        for bucket, key in (
            (per_channel, activity.channel_id),
            (per_theme, activity.theme_id),
            *((per_audience, group) for group in audiences[pk]),
            *((per_objective, objective) for objective in objectives[pk]),
            (None, None),
        ):
            if bucket is None:
                total.merge(tasks)
            else:
                bucket[key].merge(tasks)
        for bucket, key in (
            (out_channel, activity.channel_id),
            (out_theme, activity.theme_id),
            *((out_audience, group) for group in audiences[pk]),
        ):
            bucket[key].merge(out)
        evidence_channel[activity.channel_id] += evidence.get(pk, 0)
        counts.planned += 1
        if activity.status == Activity.Status.CANCELLED:
            counts.cancelled += 1
            continue
        if tasks.overdue:
            counts.with_overdue += 1
        elif tasks.total and tasks.done == tasks.total:
            counts.completed += 1
        else:
            counts.in_progress += 1
        counts.budget += cost_activity[pk]
        cost_channel[activity.channel_id] += cost_activity[pk]
        cost_theme[activity.theme_id] += cost_activity[pk]
        for group in audiences[pk]:
            cost_audience[group] += cost_activity[pk]
        for counter, key in (
            (n_channel, activity.channel_id),
            (n_theme, activity.theme_id),
            *((n_audience, group) for group in audiences[pk]),
            *((n_objective, objective) for objective in objectives[pk]),
        ):
            counter[key] += 1

    channels = {
        channel.pk: channel
        for channel in Channel.objects.filter(
            pk__in={activities[pk].channel_id for pk in in_period}
        )
    }
    by_channel = [
        ChannelRow(
            key=channel.pk,
            label=channel.name,
            output_unit=channel.output_unit,
            form=channel.form,
            color=channel.color,
            tasks=per_channel[channel.pk],
            output=out_channel[channel.pk],
            activities=n_channel[channel.pk],
            budget=_vnd(cost_channel[channel.pk]),
            done_with_evidence=evidence_channel[channel.pk],
        )
        for channel in sorted(channels.values(), key=lambda c: (c.order, c.name))
    ]
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=set(per_unit))}
    by_unit = rank_units(
        UnitRow(
            key=unit.pk,
            label=unit.name,
            tasks=per_unit[unit.pk],
            output=out_unit[unit.pk],
            budget=_vnd(cost_unit[unit.pk]),
        )
        for unit in units.values()
    )
    by_quarter = [
        Row(
            key=quarter,
            label=_quarter_label(quarter),
            tasks=per_quarter[quarter],
            output=out_quarter[quarter],
            budget=_vnd(cost_quarter[quarter]),
        )
        for quarter in the_period.quarters
    ]
    themes = ContentTheme.objects.filter(plan=plan) if plan else []
    by_theme = [
        Row(
            key=theme.pk,
            label=theme.title,
            tasks=per_theme[theme.pk],
            output=out_theme[theme.pk],
            activities=n_theme[theme.pk],
            budget=_vnd(cost_theme[theme.pk]),
        )
        for theme in themes
    ]
    by_audience = [
        Row(
            key=group.pk,
            label=group.name,
            tasks=per_audience[group.pk],
            output=out_audience[group.pk],
            activities=n_audience[group.pk],
            budget=_vnd(cost_audience[group.pk]),
        )
        for group in (AudienceGroup.objects.all() if plan else [])
    ]
    by_objective = [
        Row(
            key=objective.pk,
            label=objective.description,
            tasks=per_objective[objective.pk],
            activities=n_objective[objective.pk],
        )
        for objective in (Objective.objects.filter(plan=plan) if plan else [])
    ]
    lead_units = dict(
        Unit.objects.filter(
            pk__in={activities[pk].unit_id for pk in in_period}
        ).values_list("pk", "name")
    )
    by_activity = [
        ActivityRow(
            key=pk,
            label=activities[pk].title,
            tasks=per_activity[pk],
            output=out_activity[pk],
            budget=_vnd(cost_activity[pk]),
            channel=channels[activities[pk].channel_id].name,
            output_unit=channels[activities[pk].channel_id].output_unit,
            unit=lead_units.get(activities[pk].unit_id, ""),
            cancelled=activities[pk].status == Activity.Status.CANCELLED,
        )
        for pk in sorted(in_period, key=lambda pk: (activities[pk].title, pk))
    ]
    counts.budget = _vnd(counts.budget)
    overdue_tasks = list(
        tasks_qs.filter(due_date__lt=as_of)
        .exclude(status=Task.Status.CANCELLED)
        .exclude(done_by(as_of))
        .select_related("unit", "activity__channel")
        .order_by("due_date", "unit__order", "unit__name", "pk")[:overdue_limit]
    )
    for task in overdue_tasks:
        task.days_overdue = (as_of - task.due_date).days
    return YearReport(
        year=year,
        as_of=as_of,
        plan=plan,
        plans=plans,
        years=years,
        activities=counts,
        tasks=total,
        output=output,
        by_channel=by_channel,
        by_audience=by_audience,
        by_unit=by_unit,
        by_quarter=by_quarter,
        by_theme=by_theme,
        by_objective=by_objective,
        par=_par(total, by_channel),
        overdue_tasks=overdue_tasks,
        organisation=organisation,
        period=the_period,
        by_activity=by_activity,
    )


def _vnd(amount: Decimal) -> Decimal:
    """Whole VND, half up (shares of a budget can have fractions)."""
    return Decimal(amount).quantize(Decimal(1), ROUND_HALF_UP)


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
