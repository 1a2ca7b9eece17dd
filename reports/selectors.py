"""Every figure of the yearly report, computed once.

The report page, the xlsx, docx and csv files and ``manage.py export_report`` all
read a :class:`YearReport` from :func:`report_build` and the task detail from
:func:`report_task_rows`; nothing else counts tasks. Every task is sorted into one
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
from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractQuarter, TruncDate
from django.db.models.lookups import LessThanOrEqual
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
)
from channels.models import Channel
from organisation.models import OrganisationProfile
from organisation.selectors import neutral_profile, organisation_profile

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


def tracking_expression(as_of: dt.date) -> Case:
    """The category of a task on ``as_of``; the one rule every figure follows.

    Done on time: done and completed (local date) on or before the due date; a done
    task without a completion time counts as on time. Overdue: still open and due
    before ``as_of``. Not done but in term: still open, due on ``as_of`` or later.
    """
    completed_on = TruncDate("completed_at", tzinfo=timezone.get_default_timezone())
    return Case(
        When(status=Task.Status.CANCELLED, then=Value(Tracking.CANCELLED.value)),
        When(
            status=Task.Status.DONE,
            then=Case(
                When(
                    completed_at__isnull=True, then=Value(Tracking.DONE_ON_TIME.value)
                ),
                When(
                    LessThanOrEqual(completed_on, F("due_date")),
                    then=Value(Tracking.DONE_ON_TIME.value),
                ),
                default=Value(Tracking.DONE_LATE.value),
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
    """What the progress reports say was produced and reached."""

    actual_output: int = 0
    participants: int = 0
    reach: int = 0

    def add(self, actual: int | None, participants: int | None, reach: int | None):
        self.actual_output += actual or 0
        self.participants += participants or 0
        self.reach += reach or 0


@dataclass
class Row:
    """One line of a breakdown (a channel, an audience group, a theme...)."""

    key: int
    label: str
    tasks: TaskCounts = field(default_factory=TaskCounts)
    output: Output = field(default_factory=Output)
    activities: int = 0
    budget: Decimal = Decimal(0)


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
class YearReport:
    year: int
    as_of: dt.date
    plan: Plan | None
    plans: list[Plan]
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
    return Task.objects.filter(activity__plan=plan)


EVIDENCE_LINK = r"\S"  # evidence_links holding anything but blanks


def _report_has_evidence() -> Q:
    """A report with a file or a (non-blank) link."""
    return Q(evidence_links__regex=EVIDENCE_LINK) | Q(evidence_files__isnull=False)


def _default_plan(plans: list[Plan], issuer: str) -> Plan | None:
    """The organisation's own plan when several bodies have one that year."""
    return next((p for p in plans if p.issuer == issuer), plans[0] if plans else None)


def _quarter_label(quarter: int) -> str:
    return str(_("Quarter %(number)s") % {"number": quarter})


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


def _activity_figures(
    plan: Plan | None, as_of: dt.date
) -> tuple[ActivityCounts, dict[str, dict[int, list]]]:
    """Activities by outcome, and (count, budget) per channel and per theme."""
    counts = ActivityCounts()
    per: dict[str, dict[int, list]] = {
        "channel": defaultdict(lambda: [0, Decimal(0)]),
        "theme": defaultdict(lambda: [0, Decimal(0)]),
    }
    if plan is None:
        return counts, per
    rows = (
        Activity.objects.filter(plan=plan)
        .order_by()
        .annotate(
            n_tasks=Count("tasks", filter=~Q(tasks__status=Task.Status.CANCELLED)),
            n_done=Count("tasks", filter=Q(tasks__status=Task.Status.DONE)),
            n_overdue=Count(
                "tasks",
                filter=Q(
                    tasks__status__in=Task.OPEN_STATUSES, tasks__due_date__lt=as_of
                ),
            ),
        )
        .values_list(
            "status",
            "channel_id",
            "theme_id",
            "budget",
            "n_tasks",
            "n_done",
            "n_overdue",
        )
    )
    for status, channel_id, theme_id, budget, n_tasks, n_done, n_overdue in rows:
        counts.planned += 1
        if status == Activity.Status.CANCELLED:
            counts.cancelled += 1
            continue
        if n_overdue:
            counts.with_overdue += 1
        elif n_tasks and n_done == n_tasks:
            counts.completed += 1
        else:
            counts.in_progress += 1
        counts.budget += budget or 0
        for name, key in (("channel", channel_id), ("theme", theme_id)):
            per[name][key][0] += 1
            per[name][key][1] += budget or 0
    return counts, per


def _m2m_figures(
    plan: Plan | None, as_of: dt.date, relation: str, *, with_output: bool
) -> tuple[dict[int, TaskCounts], dict[int, Output], dict[int, int]]:
    """Tasks, output and active activities per audience group or objective."""
    tasks: dict[int, TaskCounts] = defaultdict(TaskCounts)
    outputs: dict[int, Output] = defaultdict(Output)
    activities: dict[int, int] = {}
    if plan is None:
        return tasks, outputs, activities
    key = f"activity__{relation}"
    for row in (
        _plan_tasks(plan)
        .filter(**{f"{key}__isnull": False})
        .annotate(tracking=tracking_expression(as_of))
        .values(key, "tracking")
        .annotate(n=Count("pk"), planned=Sum("planned_output"))
        .order_by()
    ):
        tasks[row[key]].add(row["tracking"], row["n"], row["planned"] or 0)
    if with_output:
        for row in (
            ProgressReport.objects.filter(task__activity__plan=plan)
            .exclude(task__status=Task.Status.CANCELLED)
            .filter(**{f"task__{key}__isnull": False})
            .values(f"task__{key}")
            .annotate(
                actual=Sum("actual_output"),
                participants=Sum("participants"),
                reach=Sum("reach"),
            )
            .order_by()
        ):
            outputs[row[f"task__{key}"]].add(
                row["actual"], row["participants"], row["reach"]
            )
    for row in (
        Activity.objects.filter(plan=plan, status=Activity.Status.ACTIVE)
        .filter(**{f"{relation}__isnull": False})
        .values(relation)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        activities[row[relation]] = row["n"]
    return tasks, outputs, activities


def report_plans_for_year(year: int) -> list[Plan]:
    return list(Plan.objects.filter(year=year).order_by("issuer", "pk"))


def report_build(
    *,
    year: int,
    plan_id: int | None = None,
    as_of: dt.date | None = None,
    overdue_limit: int = OVERDUE_LIST_LIMIT,
    organisation: OrganisationProfile | None = None,
) -> YearReport:
    """Every figure of ``year``'s report (of ``plan_id`` if the year has several).

    Raises ``Plan.DoesNotExist`` when ``plan_id`` is not a plan of that year. A
    year without a plan gives an empty report with every figure at zero.
    """
    as_of = as_of or timezone.localdate()
    organisation = organisation or organisation_profile()
    plans = report_plans_for_year(year)
    if plan_id is None:
        plan = _default_plan(plans, organisation.name)
    else:
        plan = next((p for p in plans if p.pk == plan_id), None)
        if plan is None:
            raise Plan.DoesNotExist
    years = sorted(
        {
            *Plan.objects.order_by().values_list("year", flat=True).distinct(),
            as_of.year,
            year,
        },
        reverse=True,
    )
    tasks_qs = _plan_tasks(plan)

    # The task cube: every non-M2M breakdown folds from this one query.
    total = TaskCounts()
    per_unit: dict[int, TaskCounts] = defaultdict(TaskCounts)
    per_channel: dict[int, TaskCounts] = defaultdict(TaskCounts)
    per_theme: dict[int, TaskCounts] = defaultdict(TaskCounts)
    per_quarter: dict[int, TaskCounts] = defaultdict(TaskCounts)
    # Tuples, not dicts: the cube has at most units x channels x themes x 4 x 5
    # rows whatever the number of tasks, and is fetched in one go (a server-side
    # cursor would forbid PostgreSQL's parallel plan and take four times longer).
    cube = (
        tasks_qs.annotate(
            tracking=tracking_expression(as_of), quarter=ExtractQuarter("due_date")
        )
        .values(
            "unit_id",
            "activity__channel_id",
            "activity__theme_id",
            "quarter",
            "tracking",
        )
        .annotate(n=Count("pk"), planned=Sum("planned_output"))
        .order_by()
        .values_list(
            "unit_id",
            "activity__channel_id",
            "activity__theme_id",
            "quarter",
            "tracking",
            "n",
            "planned",
        )
    )
    for unit_id, channel_id, theme_id, quarter, tracking, n, planned in cube:
        args = (tracking, n, planned or 0)
        for bucket, key in (
            (per_unit, unit_id),
            (per_channel, channel_id),
            (per_theme, theme_id),
            (per_quarter, quarter),
        ):
            bucket[key].add(*args)
        total.add(*args)

    # The output cube, from the progress reports of tasks not cancelled.
    output = Output()
    out_unit: dict[int, Output] = defaultdict(Output)
    out_channel: dict[int, Output] = defaultdict(Output)
    out_theme: dict[int, Output] = defaultdict(Output)
    out_quarter: dict[int, Output] = defaultdict(Output)
    if plan is not None:
        for unit_id, channel_id, theme_id, quarter, *args in (
            ProgressReport.objects.filter(task__activity__plan=plan)
            .exclude(task__status=Task.Status.CANCELLED)
            .annotate(quarter=ExtractQuarter("task__due_date"))
            .values(
                "task__unit_id",
                "task__activity__channel_id",
                "task__activity__theme_id",
                "quarter",
            )
            .annotate(
                actual=Sum("actual_output"),
                participants=Sum("participants"),
                reach=Sum("reach"),
            )
            .order_by()
            .values_list(
                "task__unit_id",
                "task__activity__channel_id",
                "task__activity__theme_id",
                "quarter",
                "actual",
                "participants",
                "reach",
            )
        ):
            for bucket, key in (
                (out_unit, unit_id),
                (out_channel, channel_id),
                (out_theme, theme_id),
                (out_quarter, quarter),
            ):
                bucket[key].add(*args)
            output.add(*args)

    # Done tasks with evidence, per channel: read from the reports side (one pass
    # over the year's reports beats two EXISTS per task).
    evidence = dict(
        ProgressReport.objects.filter(
            task__activity__plan=plan, task__status=Task.Status.DONE
        )
        .filter(_report_has_evidence())
        .values("task__activity__channel_id")
        .annotate(n=Count("task", distinct=True))
        .order_by()
        .values_list("task__activity__channel_id", "n")
        if plan is not None
        else {}
    )
    activity_counts, activity_per = _activity_figures(plan, as_of)

    channel_ids = set(per_channel) | set(activity_per["channel"])
    by_channel = [
        ChannelRow(
            key=channel.pk,
            label=channel.name,
            output_unit=channel.output_unit,
            form=channel.form,
            color=channel.color,
            tasks=per_channel[channel.pk],
            output=out_channel[channel.pk],
            activities=activity_per["channel"][channel.pk][0],
            budget=activity_per["channel"][channel.pk][1],
            done_with_evidence=evidence.get(channel.pk, 0),
        )
        for channel in Channel.objects.filter(pk__in=channel_ids)
    ]
    by_unit = rank_units(
        UnitRow(
            key=unit.pk,
            label=unit.name,
            tasks=per_unit[unit.pk],
            output=out_unit[unit.pk],
        )
        for unit in Unit.objects.filter(pk__in=set(per_unit))
    )
    by_quarter = [
        Row(
            key=quarter,
            label=_quarter_label(quarter),
            tasks=per_quarter[quarter],
            output=out_quarter[quarter],
        )
        for quarter in (1, 2, 3, 4)
    ]
    themes = ContentTheme.objects.filter(plan=plan) if plan else []
    by_theme = [
        Row(
            key=theme.pk,
            label=theme.title,
            tasks=per_theme[theme.pk],
            output=out_theme[theme.pk],
            activities=activity_per["theme"][theme.pk][0],
            budget=activity_per["theme"][theme.pk][1],
        )
        for theme in themes
    ]
    aud_tasks, aud_output, aud_activities = _m2m_figures(
        plan, as_of, "audience_groups", with_output=True
    )
    by_audience = [
        Row(
            key=group.pk,
            label=group.name,
            tasks=aud_tasks[group.pk],
            output=aud_output[group.pk],
            activities=aud_activities.get(group.pk, 0),
        )
        for group in (AudienceGroup.objects.all() if plan else [])
    ]
    obj_tasks, _outputs, obj_activities = _m2m_figures(
        plan, as_of, "objectives", with_output=False
    )
    by_objective = [
        Row(
            key=objective.pk,
            label=objective.description,
            tasks=obj_tasks[objective.pk],
            activities=obj_activities.get(objective.pk, 0),
        )
        for objective in (Objective.objects.filter(plan=plan) if plan else [])
    ]
    overdue_tasks = list(
        tasks_qs.filter(status__in=Task.OPEN_STATUSES, due_date__lt=as_of)
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
        activities=activity_counts,
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
    ("has_evidence", _("Evidence"), "bool"),
]


def _activity_audiences(activity_ids: set[int]) -> dict[int, str]:
    """Activity id -> its audience groups, for one chunk of detail rows."""
    through = Activity.audience_groups.through
    names: dict[int, list[str]] = defaultdict(list)
    for activity_id, name in (
        through.objects.filter(activity_id__in=activity_ids)
        .order_by("activity_id", "audiencegroup__order", "audiencegroup__name")
        .values_list("activity_id", "audiencegroup__name")
    ):
        names[activity_id].append(name)
    return {key: "; ".join(value) for key, value in names.items()}


def _batched(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def report_task_rows(report: YearReport) -> Iterator[TaskRow]:
    """Every task of the report's plan, in due-date order, streamed in chunks.

    Memory stays flat whatever the number of tasks: rows come from a server-side
    cursor (PostgreSQL) in chunks of DETAIL_CHUNK_SIZE and are never held together.
    """
    if report.plan is None:
        return
    files = EvidenceFile.objects.filter(report__task=OuterRef("pk"))
    # Report figures by a LEFT JOIN and GROUP BY task: five times faster on
    # PostgreSQL than a correlated subquery per figure and per task.
    rows = (
        _plan_tasks(report.plan)
        .annotate(
            tracking=tracking_expression(report.as_of),
            quarter=ExtractQuarter("due_date"),
            completed_on=TruncDate(
                "completed_at", tzinfo=timezone.get_default_timezone()
            ),
            actual=Sum("reports__actual_output"),
            participants=Sum("reports__participants"),
            reach=Sum("reports__reach"),
            links=Count(
                "reports", filter=Q(reports__evidence_links__regex=EVIDENCE_LINK)
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
            "links",
            "files",
        )
    )
    for chunk in _batched(
        rows.iterator(chunk_size=DETAIL_CHUNK_SIZE), DETAIL_CHUNK_SIZE
    ):
        # Audience names per chunk: memory stays flat however many activities.
        audiences = _activity_audiences({row[1] for row in chunk})
        for row in chunk:
            (pk, activity_id, title, theme, channel, form, unit, *rest) = row
            *figures, links, files = rest
            yield TaskRow(
                pk,
                title,
                theme,
                channel,
                form,
                audiences.get(activity_id, ""),
                unit,
                *figures,
                bool(links or files),
            )
