"""The yearly report's figures as values: counts, rows of each breakdown, the PAR
assessment and the report itself (:class:`YearReport`), plus the ranking and
scoring rules they follow. Built by :func:`reports.selectors.report_build`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from campaigns.models import (
    Plan,
    Task,
)
from channels.models import Channel
from organisation.models import Organisation
from organisation.selectors import neutral_organisation

from .periods import Period
from .tracking import Tracking


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# TaskCounts' fields, read once: ``Tracking.values`` builds a new list per call,
# and counts are merged some 100,000 times for a large plan.
COUNTED_FIELDS = (*Tracking.values, "planned_output")


@dataclass
class TaskCounts:
    """Tasks by tracking category, and the output they planned."""

    done_on_time: int = 0
    done_late: int = 0
    awaiting_review: int = 0
    in_term: int = 0
    overdue: int = 0
    cancelled: int = 0
    planned_output: int = 0

    def add(self, category: str, count: int, planned: int) -> None:
        setattr(self, category, getattr(self, category) + count)
        if category != Tracking.CANCELLED:
            self.planned_output += planned

    def merge(self, other: TaskCounts) -> None:
        """Add ``other``'s tasks and planned output to these."""
        for name in COUNTED_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def total(self) -> int:
        """Tasks to carry out: every task but the cancelled ones."""
        return (
            self.done_on_time
            + self.done_late
            + self.awaiting_review
            + self.in_term
            + self.overdue
        )

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def not_done(self) -> int:
        """Not counted done: awaiting review, in term or overdue."""
        return self.awaiting_review + self.in_term + self.overdue

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
    organisation: Organisation = field(default_factory=neutral_organisation)
    # Typed by the clerk on the page before exporting the docx, or given when
    # the report is issued; not figures. ``issued_on`` dates the document (its
    # as-of day when None); ``signer_name`` replaces the profile's signer.
    document_number: str = ""
    # The cache key the figures were read under ("" for none): exports and
    # ETags name it. (Tasks awaiting review are a figure: ``tasks``.)
    figures_key: str = ""
    issued_on: dt.date | None = None
    signer_name: str = ""

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


def par_assessment(tasks: TaskCounts, by_channel: list[ChannelRow]) -> ParAssessment:
    """The PAR criterion scored from the period's tasks (completion) and the
    channel rows (evidence per form): points from the ``PAR_*`` settings."""
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
