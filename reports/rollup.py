"""A parent organisation's roll-up: each active child's plan of a year, side by
side, read-only.

Every figure of a child is read by the rule its own pages follow, so the
province and the commune never see two numbers for one thing:

- progress (tasks, done, due so far, overdue, waiting for review; completion =
  done of the tasks due so far) from the progress counters, the same sums
  (:func:`campaigns.tallies.tally_sums`) over the same rows as the child's
  dashboard (:class:`planning.dashboard.DistrictFigures`);
- done on time / late: the tasks that count as done, by their completion day
  against their due day (the yearly report's rule,
  :func:`reports.tracking.tracking_expression`); on time + late = done;
- outputs by channel and actual cost: the reports that count for the yearly
  report of the year as of today (filed by today on a task due in the year
  and not cancelled);
- budget: the plan's activities that are not cancelled (VND);
- the PAR propaganda criterion: :func:`reports.figures.par_assessment` on the
  year's tasks as of today and the done tasks with evidence per channel.

The figures of every child are a fixed number of queries grouped by plan,
whatever the number of children (:func:`plan_figures`), read inside the
children's scope (:func:`organisation.scoping.acting_in`). Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from campaigns.models import (
    Activity,
    EvidenceFile,
    Plan,
    ProgressReport,
    Task,
    TaskTally,
    counts_as_done,
)
from campaigns.revisions import plans_revisions
from campaigns.search import fold
from campaigns.tallies import LIVE, tally_done, tally_sums
from channels.models import Channel
from organisation.models import Organisation
from organisation.scoping import acting_in
from organisation.selectors import children_of
from planning.selectors import Progress, progress_sum

from . import caching
from .breakdowns import vnd
from .cubes import EVIDENCE_LINK
from .figures import ChannelRow, ParAssessment, TaskCounts, par_assessment
from .handed import HandedFigures, handed_figures
from .tracking import done_by, end_of_day

# Plans a parent sees: a draft is its author's business until it is issued.
SHOWN_STATUSES = (Plan.Status.ISSUED, Plan.Status.CLOSED)


@dataclass
class ChannelOutput:
    """What a child's reports say was produced in one channel (its unit)."""

    label: str
    output_unit: str
    actual: int = 0


@dataclass
class ChildFigures:
    """One plan's figures (:func:`plan_figures`)."""

    progress: Progress = field(default_factory=Progress)
    done_late: int = 0
    outputs: list[ChannelOutput] = field(default_factory=list)
    actual_cost: Decimal = Decimal(0)
    budget: Decimal = Decimal(0)
    par: ParAssessment | None = None

    @property
    def done_on_time(self) -> int:
        return self.progress.done - self.done_late

    @property
    def actual_output(self) -> int:
        return sum(output.actual for output in self.outputs)

    @property
    def completion(self) -> float | None:
        """Done of the tasks due so far, as a fraction (None before any is due)."""
        progress = self.progress
        return progress.done_due / progress.due if progress.due else None

    @property
    def spend_rate(self) -> float | None:
        """Actual cost against the budget, as a fraction (None without one)."""
        return float(self.actual_cost / self.budget) if self.budget else None

    @property
    def par_points(self) -> Decimal | None:
        return self.par.total_points if self.par is not None else None


@dataclass
class RollupRow:
    """A child and its plan of the year (None: "no plan yet")."""

    organisation: Organisation
    plan: Plan | None
    figures: ChildFigures
    # What it did of the activities the parent handed down (reports.handed).
    handed: HandedFigures = field(default_factory=HandedFigures)

    @property
    def has_plan(self) -> bool:
        return self.plan is not None


@dataclass
class Rollup:
    """Every active child of ``parent`` with its plan of ``year``, as of
    ``today``, and the children's totals."""

    parent: Organisation
    year: int
    today: dt.date
    rows: list[RollupRow]
    total: ChildFigures
    years: list[int]

    @property
    def with_plan(self) -> int:
        return sum(1 for row in self.rows if row.has_plan)

    @property
    def par_average(self) -> Decimal | None:
        """The children's PAR points on average (children with a plan)."""
        points = [row.figures.par_points for row in self.rows if row.has_plan]
        counted = [p for p in points if p is not None]
        if not counted:
            return None
        return (sum(counted, Decimal(0)) / len(counted)).quantize(Decimal("0.01"))

    @property
    def par_max(self) -> Decimal | None:
        return next(
            (row.figures.par.max_points for row in self.rows if row.figures.par),
            None,
        )


# --- which plan -----------------------------------------------------------------


def child_plans(children: Iterable[Organisation], year: int) -> dict[int, Plan]:
    """Each child's plan of ``year`` (issued or closed; one query): its own
    (issued in its name), else its first. Children without one are left out."""
    names = {child.pk: child.name for child in children}
    found: dict[int, Plan] = {}
    plans = Plan.objects.filter(
        organisation_id__in=list(names), year=year, status__in=SHOWN_STATUSES
    ).order_by("pk")
    for plan in plans:
        own = plan.issuer == names[plan.organisation_id]
        current = found.get(plan.organisation_id)
        if current is None or (own and current.issuer != names[plan.organisation_id]):
            found[plan.organisation_id] = plan
    return found


def child_get(parent: Organisation, child_id: int) -> Organisation | None:
    """``child_id`` if it is an active child of ``parent``, else None."""
    return children_of(parent).filter(pk=child_id).first()


# --- the figures ---------------------------------------------------------------


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _tally_rows(plan_ids: list[int], year: int, today: dt.date) -> list[dict]:
    """The counters by plan and channel: the dashboard's sums, and the year's
    live and done tasks for the PAR criterion."""
    in_year = Q(due_date__range=_year_range(year))
    return list(
        TaskTally.objects.filter(
            plan_id__in=plan_ids, dimension=TaskTally.Dimension.CHANNEL
        )
        .values("plan_id", "key_id")
        .annotate(
            **tally_sums(today),
            year_total=Sum("tasks", filter=LIVE & in_year, default=0),
            year_done=Sum("tasks", filter=tally_done() & in_year, default=0),
        )
        .order_by()
    )


def _done_late(plan_ids: list[int]) -> dict[int, int]:
    """Tasks counted done and completed after their due day, by plan."""
    completed_on = TruncDate("completed_at", tzinfo=timezone.get_default_timezone())
    return dict(
        Task.objects.filter(counts_as_done(), plan_id__in=plan_ids)
        .annotate(completed_on=completed_on)
        .filter(completed_on__gt=F("due_date"))
        .values_list("plan_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _has_evidence() -> ExpressionWrapper[Q]:
    """A report with a (non-blank) link or a file."""
    files = EvidenceFile.objects.filter(report=OuterRef("pk"))
    return ExpressionWrapper(
        Q(evidence_links__regex=EVIDENCE_LINK) | Q(Exists(files)),
        output_field=BooleanField(),
    )


def _report_rows(plan_ids: list[int], year: int, today: dt.date) -> list[dict]:
    """The reports that count (the yearly report's, as of ``today``) by plan
    and channel: output, cost, and the done tasks with evidence."""
    return list(
        ProgressReport.objects.filter(
            task__plan_id__in=plan_ids,
            task__due_date__range=_year_range(year),
            submitted_at__lt=end_of_day(today),
        )
        .exclude(task__status=Task.Status.CANCELLED)
        .annotate(counted=done_by(today, "task__"), evidenced=_has_evidence())
        .values("task__plan_id", "task__activity__channel_id")
        .annotate(
            actual=Sum("actual_output", default=0),
            cost=Sum("actual_cost", default=Decimal(0)),
            # Reports, not tasks: a task has one report in the ordinary course
            # (a returned one is corrected, not filed again); only whether
            # there is any scores, and counting distinct tasks sorted every row.
            with_evidence=Count("pk", filter=Q(counted=True, evidenced=True)),
        )
        .order_by()
    )


def _budgets(plan_ids: list[int]) -> dict[int, Decimal]:
    """The budget of each plan's activities that are not cancelled (VND)."""
    return dict(
        Activity.objects.filter(plan_id__in=plan_ids)
        .exclude(status=Activity.Status.CANCELLED)
        .values_list("plan_id")
        .annotate(budget=Sum("budget", default=Decimal(0)))
        .order_by()
    )


def _channels(channel_ids: set[int]) -> dict[int, Channel]:
    return {
        channel.pk: channel for channel in Channel.objects.filter(pk__in=channel_ids)
    }


def plan_figures(
    plans: Iterable[Plan], *, year: int, today: dt.date
) -> dict[int, ChildFigures]:
    """Every plan's figures by plan id, in five grouped queries whatever the
    number of plans. Run inside a scope that holds the plans' organisations."""
    plan_ids = [plan.pk for plan in plans]
    if not plan_ids:
        return {}
    tallies = _tally_rows(plan_ids, year, today)
    reports = _report_rows(plan_ids, year, today)
    late = _done_late(plan_ids)
    budgets = _budgets(plan_ids)
    channels = _channels(
        {row["key_id"] for row in tallies}
        | {row["task__activity__channel_id"] for row in reports}
    )
    by_plan_tallies: dict[int, list[dict]] = defaultdict(list)
    for row in tallies:
        by_plan_tallies[row["plan_id"]].append(row)
    by_plan_reports: dict[int, dict[int, dict]] = defaultdict(dict)
    for row in reports:
        by_plan_reports[row["task__plan_id"]][row["task__activity__channel_id"]] = row
    return {
        pk: _figures(
            by_plan_tallies[pk],
            by_plan_reports[pk],
            channels,
            done_late=late.get(pk, 0),
            budget=budgets.get(pk) or Decimal(0),
        )
        for pk in plan_ids
    }


def plan_figures_cached(
    plans: list[Plan], *, year: int, today: dt.date
) -> dict[int, ChildFigures]:
    """:func:`plan_figures`, each plan's from the cache while its revisions
    are unchanged (:mod:`reports.caching`); the plans missing are computed
    together. Two queries more: the plans' revisions and the catalogues."""
    if not plans or not caching.enabled():
        return plan_figures(plans, year=year, today=today)
    revisions = plans_revisions(plan.pk for plan in plans)
    catalogue = caching.catalogue_names()
    keys = {
        plan.pk: caching.rollup_key(
            plan.pk, revisions[plan.pk], year, today, catalogue=catalogue
        )
        for plan in plans
    }
    found = caching.cache_get_many(keys.values())
    figures = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [plan for plan in plans if plan.pk not in figures]
    if missing:
        computed = plan_figures(missing, year=year, today=today)
        caching.cache_set_many({keys[pk]: value for pk, value in computed.items()})
        figures.update(computed)
    return figures


def _figures(
    tallies: list[dict],
    reports: dict[int, dict],
    channels: dict[int, Channel],
    *,
    done_late: int,
    budget: Decimal,
) -> ChildFigures:
    """One plan's figures from its counters and reports by channel."""
    year_done = {row["key_id"]: row["year_done"] or 0 for row in tallies}
    year_total = sum(row["year_total"] or 0 for row in tallies)
    outputs, channel_rows = [], []
    ordered = sorted(
        (channels[pk] for pk in year_done.keys() | reports.keys()),
        key=lambda channel: (channel.order, channel.name),
    )
    for channel in ordered:
        report = reports.get(channel.pk)
        if report is not None:
            outputs.append(
                ChannelOutput(channel.name, channel.output_unit, report["actual"] or 0)
            )
        channel_rows.append(
            ChannelRow(
                key=channel.pk,
                label=channel.name,
                form=channel.form,
                tasks=TaskCounts(done_on_time=year_done.get(channel.pk, 0)),
                done_with_evidence=report["with_evidence"] if report else 0,
            )
        )
    done = sum(year_done.values())
    return ChildFigures(
        progress=progress_sum(tallies),
        done_late=done_late,
        outputs=outputs,
        actual_cost=vnd(
            sum((row["cost"] or Decimal(0) for row in reports.values()), Decimal(0))
        ),
        budget=vnd(budget),
        par=par_assessment(
            TaskCounts(done_on_time=done, in_term=year_total - done), channel_rows
        ),
    )


def _total(figures: Iterable[ChildFigures]) -> ChildFigures:
    """The children's figures added up; outputs by channel name (each child
    has its own catalogue of channels, most started from the same one)."""
    figures = list(figures)
    outputs: dict[tuple[str, str], ChannelOutput] = {}
    for child in figures:
        for output in child.outputs:
            key = (output.label, output.output_unit)
            summed = outputs.setdefault(key, ChannelOutput(*key))
            summed.actual += output.actual
    progress = progress_sum(
        {
            "total": child.progress.total,
            "done": child.progress.done,
            "due": child.progress.due,
            "done_due": child.progress.done_due,
            "overdue": child.progress.overdue,
            "awaiting_review": child.progress.awaiting_review,
        }
        for child in figures
    )
    return ChildFigures(
        progress=progress,
        done_late=sum(child.done_late for child in figures),
        outputs=sorted(outputs.values(), key=lambda o: fold(o.label)),
        actual_cost=sum((child.actual_cost for child in figures), Decimal(0)),
        budget=sum((child.budget for child in figures), Decimal(0)),
    )


def _years(children: list[int], year: int, today: dt.date) -> list[int]:
    """The years to choose from, newest first: those the children have a plan
    of, this year and ``year``."""
    shown = Plan.objects.filter(
        organisation_id__in=children, status__in=SHOWN_STATUSES
    ).order_by()
    return sorted(
        {*shown.values_list("year", flat=True).distinct(), today.year, year},
        reverse=True,
    )


def rollup_rows(
    children: list[Organisation], *, year: int, today: dt.date
) -> list[RollupRow]:
    """``children`` with their plan of ``year`` and its figures, in the
    children's scope (read-only), by name."""
    child_ids = [child.pk for child in children]
    with acting_in(child_ids):
        plans = child_plans(children, year)
        figures = plan_figures_cached(list(plans.values()), year=year, today=today)
        handed = (
            handed_figures(
                parent_id=children[0].parent_id,
                child_ids=child_ids,
                year=year,
                today=today,
            )
            if children and children[0].parent_id
            else {}
        )
    rows = []
    for child in children:
        plan = plans.get(child.pk)
        shown = figures[plan.pk] if plan is not None else ChildFigures()
        rows.append(
            RollupRow(
                organisation=child,
                plan=plan,
                figures=shown,
                handed=handed.get(child.pk) or HandedFigures(),
            )
        )
    return sorted(rows, key=row_by_name)


def rollup_build(*, parent: Organisation, year: int, today: dt.date) -> Rollup:
    """The roll-up of ``parent``'s active children for ``year``: nine queries
    however many children there are."""
    children = list(children_of(parent))
    rows = rollup_rows(children, year=year, today=today)
    with acting_in([child.pk for child in children]):
        years = _years([child.pk for child in children], year, today)
    return Rollup(
        parent=parent,
        year=year,
        today=today,
        rows=rows,
        total=_total(row.figures for row in rows if row.has_plan),
        years=years,
    )


def row_by_name(row: RollupRow) -> tuple[str, int]:
    """A child's row's place by name, as Vietnamese read it."""
    return fold(row.organisation.name), row.organisation.pk
