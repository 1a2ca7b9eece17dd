"""Every figure of the yearly report, computed once.

The report page, the xlsx and docx files and ``manage.py export_report`` all
read a :class:`YearReport` from :func:`report_build` and the task detail from
:func:`report_task_rows`; the csv, which holds only the task detail, reads its
rows from a :class:`ReportScope` (:func:`report_scope`) without the figures.
Nothing else counts tasks. Every task is sorted into one
:class:`Tracking` category by one SQL expression (:func:`tracking_expression`),
used both by the aggregates and by the detail rows, so the totals always agree with
the lines.

The aggregates are a fixed number of grouped queries whatever the size of the year:
one "cube" of tasks (unit x channel x theme x quarter x category) and one of
progress reports, folded in Python into the summary and every breakdown, plus one
query per many-to-many dimension (audience groups, objectives).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractQuarter, TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
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
    counts_as_done,
)
from channels.models import Channel
from organisation.models import OrganisationProfile
from organisation.selectors import neutral_profile, organisation_profile

from .periods import ROMAN, Period, PeriodCode

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


class Tracking(models.TextChoices):
    """Where a task stands for the task-tracking figures leaders expect."""

    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    IN_TERM = "in_term", _("Not done, still in term")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the site's time zone."""
    return timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min),
        timezone.get_default_timezone(),
    )


def _records_before(end: dt.datetime, prefix: str, *, depth: int = 1) -> QuerySet:
    """The task's history records saved before ``end``, newest first; the task
    is the one ``depth`` queries out (``prefix`` is the path to it there)."""
    task: Any = f"{prefix[:-2]}_id" if prefix else "pk"
    for _level in range(depth):
        task = OuterRef(task)
    return Task.history.model.objects.filter(id=task, history_date__lt=end).order_by(
        "-history_date", "-history_id"
    )


def _as_it_stood(as_of: dt.date, prefix: str, *, now: Q, then: Any) -> Case:
    """``now`` for a task not changed since ``as_of`` (or with no record before
    it, e.g. loaded later with past dates), else ``then``, read from its last
    history record of that day (django-simple-history keeps one per save)."""
    end = end_of_day(as_of)
    return Case(
        When(Q(**{f"{prefix}updated_at__lt": end}), then=now),
        When(~Exists(_records_before(end, prefix)), then=now),
        default=then,
    )


def _done_at(end: dt.datetime, prefix: str = "") -> Q:
    return counts_as_done(prefix) & (
        Q(**{f"{prefix}completed_at__isnull": True})
        | Q(**{f"{prefix}completed_at__lt": end})
    )


def done_by(as_of: dt.date, prefix: str = "") -> Case:
    """Counted done on ``as_of``, as the task stood at the end of that day: done
    (:func:`campaigns.models.counts_as_done`: with review on, a planner had
    accepted its report) and completed by then (a done task without a
    completion time counts whatever the day). A task reopened, or accepted,
    after ``as_of`` is read from its history, so a past period's figures do not
    move. A boolean expression for ``filter()`` and ``When()``; ``prefix`` is the
    path to the task, e.g. ``"task__"``."""
    end = end_of_day(as_of)
    record = Task.history.model.objects.filter(
        history_id=Subquery(
            _records_before(end, prefix, depth=2).values("history_id")[:1]
        )
    )
    return ExpressionWrapper(
        _as_it_stood(
            as_of,
            prefix,
            now=ExpressionWrapper(_done_at(end, prefix), output_field=BooleanField()),
            then=Exists(record.filter(_done_at(end))),
        ),
        output_field=BooleanField(),
    )


def completed_at_on(as_of: dt.date) -> Case:
    """The task's completion time as it stood at the end of ``as_of``."""
    end = end_of_day(as_of)
    return _as_it_stood(
        as_of,
        "",
        now=F("completed_at"),
        then=Subquery(_records_before(end, "").values("completed_at")[:1]),
    )


def tracking_expression(as_of: dt.date) -> Case:
    """The category of a task as it stood on ``as_of``; the one rule every
    figure follows.

    - Cancelled: cancelled now, whenever that happened (a cancelled task is never
      work to carry out).
    - Done on time / late: counted done on ``as_of`` (:func:`done_by`: with
      review on, its report was accepted by then) and completed by the end of
      that day (local time), on or before the due date / after it. A task
      completed after ``as_of`` was still open on that day and counts as below.
    - Overdue: not counted done on ``as_of`` and due before it.
    - Not done, still in term: not counted done on ``as_of`` and due that day or
      later (a task waiting for review included).

    A task reopened after ``as_of`` counts as it stood then (its history).
    """
    completed_on = TruncDate(
        completed_at_on(as_of), tzinfo=timezone.get_default_timezone()
    )
    return Case(
        When(status=Task.Status.CANCELLED, then=Value(Tracking.CANCELLED.value)),
        When(
            done_by(as_of),
            then=Case(
                When(
                    LessThanOrEqual(completed_on, F("due_date")),
                    then=Value(Tracking.DONE_ON_TIME.value),
                ),
                When(
                    GreaterThan(completed_on, F("due_date")),
                    then=Value(Tracking.DONE_LATE.value),
                ),
                # Done without a completion time: on time.
                default=Value(Tracking.DONE_ON_TIME.value),
            ),
        ),
        When(due_date__lt=as_of, then=Value(Tracking.OVERDUE.value)),
        default=Value(Tracking.IN_TERM.value),
        output_field=models.CharField(),
    )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class TaskCounts:
    """Tasks by tracking category, and the output they planned."""

    done_on_time: int = 0
    done_late: int = 0
    in_term: int = 0
    overdue: int = 0
    cancelled: int = 0
    planned_output: int = 0

    def add(self, category: str, count: int, planned: int) -> None:
        setattr(self, category, getattr(self, category) + count)
        if category != Tracking.CANCELLED:
            self.planned_output += planned

    @property
    def total(self) -> int:
        """Tasks to carry out: every task but the cancelled ones."""
        return self.done_on_time + self.done_late + self.in_term + self.overdue

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def not_done(self) -> int:
        return self.in_term + self.overdue

    @property
    def completion_rate(self) -> float | None:
        """Done / tasks to carry out, as a fraction (None when there are none)."""
        return _ratio(self.done, self.total)

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.done_on_time, self.total)

    @property
    def overdue_share(self) -> float | None:
        return _ratio(self.overdue, self.total)


@dataclass
class Output:
    """What the progress reports filed by the as-of day say was produced,
    reached and spent (VND)."""

    actual_output: int = 0
    participants: int = 0
    reach: int = 0
    actual_cost: Decimal = Decimal(0)

    def add(
        self,
        actual: int | None,
        participants: int | None,
        reach: int | None,
        cost: Decimal | None = None,
    ) -> None:
        self.actual_output += actual or 0
        self.participants += participants or 0
        self.reach += reach or 0
        self.actual_cost += cost or 0

    def merge(self, other: Output) -> None:
        self.add(
            other.actual_output, other.participants, other.reach, other.actual_cost
        )


@dataclass
class Row:
    """One line of a breakdown (a channel, an audience group, a theme...)."""

    key: int
    label: str
    tasks: TaskCounts = field(default_factory=TaskCounts)
    output: Output = field(default_factory=Output)
    activities: int = 0
    # Planned spend of the period (VND): each activity's budget shared evenly by
    # its tasks not cancelled, the period taking the share of its tasks.
    budget: Decimal = Decimal(0)

    @property
    def output_rate(self) -> float | None:
        """Actual / planned output (products of any kind), as a fraction."""
        return _ratio(self.output.actual_output, self.tasks.planned_output)

    @property
    def spend_rate(self) -> float | None:
        """Actual / planned spend, as a fraction (None without a budget)."""
        return float(self.output.actual_cost / self.budget) if self.budget else None


@dataclass
class ActivityRow(Row):
    channel: str = ""
    output_unit: str = ""
    unit: str = ""
    cancelled: bool = False


@dataclass
class ChannelRow(Row):
    output_unit: str = ""
    form: str = Channel.Form.TRADITIONAL
    color: str = "#0d6efd"
    done_with_evidence: int = 0

    @property
    def form_label(self) -> str:
        return str(Channel.Form(self.form).label)

    @property
    def done_without_evidence(self) -> int:
        return self.tasks.done - self.done_with_evidence


@dataclass
class UnitRow(Row):
    rank: int = 0


@dataclass
class ActivityCounts:
    """Activities of the plan: each counted once, in the first matching line."""

    planned: int = 0
    cancelled: int = 0
    completed: int = 0
    with_overdue: int = 0
    in_progress: int = 0
    budget: Decimal = Decimal(0)


@dataclass
class FormEvidence:
    """One form of the PAR criterion (online or traditional) and its evidence."""

    form: str
    channels: list[str]
    done: int
    with_evidence: int
    points: Decimal

    @property
    def label(self) -> str:
        return str(Channel.Form(self.form).label)

    @property
    def label_lower(self) -> str:
        """For the middle of a sentence: "Hình thức trực tuyến có minh chứng"."""
        return self.label.lower()

    @property
    def without_evidence(self) -> int:
        return self.done - self.with_evidence

    @property
    def has_evidence(self) -> bool:
        return self.with_evidence > 0


@dataclass
class ParAssessment:
    """Self-assessment of the propaganda criterion of the PAR index."""

    completion_rate: float | None
    completion_points: Decimal
    completion_max: Decimal
    threshold: Decimal
    form_points_each: Decimal
    forms: list[FormEvidence]

    @property
    def form_points(self) -> Decimal:
        return sum((form.points for form in self.forms), Decimal(0))

    @property
    def form_max(self) -> Decimal:
        return self.form_points_each * len(self.forms)

    @property
    def total_points(self) -> Decimal:
        return self.completion_points + self.form_points

    @property
    def max_points(self) -> Decimal:
        return self.completion_max + self.form_max


@dataclass
class ReportScope:
    """What a report covers, without its figures: ``period`` of ``year``'s
    ``plan`` (one of ``plans``, the year's plans), as the tasks stood on
    ``as_of``. Enough for the task detail (:func:`report_task_rows`), so the csv
    never computes the figures it does not write."""

    year: int
    as_of: dt.date
    plan: Plan | None
    plans: list[Plan]
    period: Period


@dataclass
class YearReport(ReportScope):
    """Every figure of one period of one plan, as the tasks stood on ``as_of``."""

    years: list[int]
    activities: ActivityCounts
    tasks: TaskCounts
    output: Output
    by_channel: list[ChannelRow]
    by_audience: list[Row]
    by_unit: list[UnitRow]
    by_quarter: list[Row]
    by_theme: list[Row]
    by_objective: list[Row]
    par: ParAssessment
    overdue_tasks: list[Task]
    by_activity: list[ActivityRow] = field(default_factory=list)
    organisation: OrganisationProfile = field(default_factory=neutral_profile)
    # Typed by the clerk on the page before exporting the docx; not a figure.
    document_number: str = ""

    @property
    def is_empty(self) -> bool:
        return self.plan is None

    @property
    def overdue_not_listed(self) -> int:
        return self.tasks.overdue - len(self.overdue_tasks)

    @property
    def units_with_overdue(self) -> list[UnitRow]:
        """Units that still owe overdue tasks, most overdue first."""
        rows = [row for row in self.by_unit if row.tasks.overdue]
        return sorted(rows, key=lambda row: (-row.tasks.overdue, row.rank))

    @property
    def units_with_late(self) -> list[UnitRow]:
        rows = [row for row in self.by_unit if row.tasks.done_late]
        return sorted(rows, key=lambda row: (-row.tasks.done_late, row.rank))


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


def rank_units(rows: Iterable[UnitRow]) -> list[UnitRow]:
    """Best completion first; ties broken by fewer overdue, then fewer late.

    Units with the same completion, overdue and late figures share a rank.
    """

    def merit(row: UnitRow) -> tuple:
        rate = row.tasks.completion_rate
        return (rate is None, -(rate or 0), row.tasks.overdue, row.tasks.done_late)

    ranked = sorted(rows, key=lambda row: (*merit(row), row.label))
    previous = None
    for position, row in enumerate(ranked, start=1):
        if merit(row) != previous:
            rank, previous = position, merit(row)
        row.rank = rank
    return ranked


def score_completion(rate: float | None) -> Decimal:
    """Full points at 100 %, points x rate from the threshold, 0 below it."""
    points = settings.PAR_COMPLETION_POINTS
    if rate is None:
        return Decimal(0)
    percent = Decimal(str(rate)) * 100
    if percent >= 100:
        return points
    if percent < settings.PAR_COMPLETION_THRESHOLD:
        return Decimal(0)
    return (points * percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


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
                _merge_counts(total, tasks)
            else:
                _merge_counts(bucket[key], tasks)
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


def _merge_counts(target: TaskCounts, source: TaskCounts) -> None:
    for name in (*Tracking.values, "planned_output"):
        setattr(target, name, getattr(target, name) + getattr(source, name))


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


# --- the task detail, streamed -------------------------------------------------


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
    filed = Q(reports__submitted_at__lt=until)
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
            actual=Sum("reports__actual_output", filter=filed),
            participants=Sum("reports__participants", filter=filed),
            reach=Sum("reports__reach", filter=filed),
            cost=Sum("reports__actual_cost", filter=filed),
            links=Count(
                "reports",
                filter=filed & Q(reports__evidence_links__regex=EVIDENCE_LINK),
            ),
            files=Exists(files),
        )
        .order_by("due_date", "unit__order", "unit__name", "activity__title", "pk")
        .values_list(
            "pk",
            "activity_id",
            "activity__title",
            "activity__theme__title",
            "activity__channel__name",
            "activity__channel__form",
            "unit__name",
            "is_lead",
            "due_date",
            "quarter",
            "status",
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
