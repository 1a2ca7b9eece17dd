"""The report's breakdowns, folded from the cubes (:mod:`reports.cubes`).

The activities of the period are folded once into the summary counts and into
the channel, theme, audience group and objective figures; each breakdown is then
a list of rows in its own order. An activity addressing several audience groups
(or serving several objectives) counts whole in each of them. Money is in VND,
rounded to whole dong in the rows.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from audiences.models import AudienceGroup
from campaigns.as_of import value_on
from campaigns.models import Activity, ContentTheme, Objective, Plan, Unit
from channels.models import Channel

from .cubes import OutputCube, PlanActivity, TaskCube
from .figures import (
    ActivityCounts,
    ActivityRow,
    ChannelRow,
    Output,
    Row,
    TaskCounts,
    UnitRow,
    rank_units,
)
from .periods import ROMAN, Period


def vnd(amount: Decimal) -> Decimal:
    """Whole VND, half up (shares of a budget can have fractions)."""
    return Decimal(amount).quantize(Decimal(1), ROUND_HALF_UP)


def quarter_label(quarter: int) -> str:
    """'Quý II': quarters in Roman numerals, as documents name them."""
    return str(_("Quarter %(roman)s") % {"roman": ROMAN[quarter]})


@dataclass
class Tally:
    """One dimension's figures by key (a channel, theme, audience group or
    objective id): tasks, output, activities not cancelled and their planned
    spend (VND, unrounded). Missing keys read as zero."""

    tasks: defaultdict[int, TaskCounts] = field(
        default_factory=lambda: defaultdict(TaskCounts)
    )
    output: defaultdict[int, Output] = field(
        default_factory=lambda: defaultdict(Output)
    )
    activities: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    budget: defaultdict[int, Decimal] = field(
        default_factory=lambda: defaultdict(Decimal)
    )

    def merge(self, other: Tally) -> None:
        for key, counts in other.tasks.items():
            self.tasks[key].merge(counts)
        for key, output in other.output.items():
            self.output[key].merge(output)
        for key, n in other.activities.items():
            self.activities[key] += n
        for key, amount in other.budget.items():
            self.budget[key] += amount

    def __getstate__(self) -> dict[str, object]:
        # The default factories are lambdas: stored as plain dicts.
        return {name: dict(value) for name, value in self.__dict__.items()}

    def __setstate__(self, state: dict[str, dict]) -> None:
        fresh = Tally()
        for name, value in state.items():
            getattr(fresh, name).update(value)
        self.__dict__.update(fresh.__dict__)


@dataclass
class Folded:
    """The activities of the period (``in_period``, ids) folded: the summary
    counts and task totals, each dimension's tally, and the tasks done with
    evidence per channel."""

    in_period: set[int]
    counts: ActivityCounts = field(default_factory=ActivityCounts)
    total: TaskCounts = field(default_factory=TaskCounts)
    channel: Tally = field(default_factory=Tally)
    theme: Tally = field(default_factory=Tally)
    audience: Tally = field(default_factory=Tally)
    objective: Tally = field(default_factory=Tally)
    evidence_channel: defaultdict[int, int] = field(
        default_factory=lambda: defaultdict(int)
    )

    def merge(self, other: Folded) -> None:
        """Add ``other``'s activities (others than these) to these."""
        self.in_period |= other.in_period
        for name in ACTIVITY_COUNTED:
            setattr(
                self.counts,
                name,
                getattr(self.counts, name) + getattr(other.counts, name),
            )
        self.total.merge(other.total)
        for mine, theirs in (
            (self.channel, other.channel),
            (self.theme, other.theme),
            (self.audience, other.audience),
            (self.objective, other.objective),
        ):
            mine.merge(theirs)
        for key, n in other.evidence_channel.items():
            self.evidence_channel[key] += n

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["evidence_channel"] = dict(self.evidence_channel)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.evidence_channel = defaultdict(int, self.evidence_channel)


ACTIVITY_COUNTED = tuple(ActivityCounts.__dataclass_fields__)


def _count_activity(
    counts: ActivityCounts, tasks: TaskCounts, *, cancelled: bool, budget: Decimal
) -> None:
    """Count an activity once, in the first line it matches."""
    counts.planned += 1
    if cancelled:
        counts.cancelled += 1
        return
    if tasks.overdue:
        counts.with_overdue += 1
    elif tasks.total and tasks.done == tasks.total:
        counts.completed += 1
    else:
        counts.in_progress += 1
    counts.budget += budget


def fold_activities(
    activities: dict[int, PlanActivity],
    tasks: TaskCube,
    outputs: OutputCube,
    *,
    period: Period,
    evidence: dict[int, int],
    audiences: dict[int, list[int]],
    objectives: dict[int, list[int]],
    rounded: bool = True,
) -> Folded:
    """Fold the activities of ``period``: those with a task due in it, and those
    without any live task whose due date falls in it. ``evidence``, ``audiences``
    and ``objectives`` are by activity id (:mod:`reports.cubes`). The summary
    budget comes out rounded to whole VND (unless not ``rounded``: the folds
    of parts of the plan are added up before)."""
    folded = Folded(
        in_period={
            pk
            for pk, activity in activities.items()
            if pk in tasks.per_activity
            or (not activity.live_tasks and period.contains(activity.due_date))
        }
    )
    for pk in sorted(folded.in_period):
        activity = activities[pk]
        counts, output = tasks.per_activity[pk], outputs.per_activity[pk]
        cancelled = activity.status == Activity.Status.CANCELLED
        folded.total.merge(counts)
        folded.evidence_channel[activity.channel_id] += evidence.get(pk, 0)
        for tally, keys in (
            (folded.channel, (activity.channel_id,)),
            (folded.theme, (activity.theme_id,)),
            (folded.audience, audiences[pk]),
            (folded.objective, objectives[pk]),
        ):
            for key in keys:
                tally.tasks[key].merge(counts)
                tally.output[key].merge(output)
                if not cancelled:
                    tally.activities[key] += 1
                    tally.budget[key] += tasks.cost_activity[pk]
        _count_activity(
            folded.counts,
            counts,
            cancelled=cancelled,
            budget=tasks.cost_activity[pk],
        )
    if rounded:
        folded.counts.budget = vnd(folded.counts.budget)
    return folded


def period_channels(
    activities: dict[int, PlanActivity], folded: Folded
) -> dict[int, Channel]:
    """The channels of the period's activities, by id (one query)."""
    return {
        channel.pk: channel
        for channel in Channel.objects.filter(
            pk__in={activities[pk].channel_id for pk in folded.in_period}
        )
    }


def channel_rows(folded: Folded, channels: dict[int, Channel]) -> list[ChannelRow]:
    """A row per channel of the period, in the channels' order."""
    tally = folded.channel
    return [
        ChannelRow(
            key=channel.pk,
            label=channel.name,
            output_unit=channel.output_unit,
            form=channel.form,
            color=channel.color,
            tasks=tally.tasks[channel.pk],
            output=tally.output[channel.pk],
            activities=tally.activities[channel.pk],
            budget=vnd(tally.budget[channel.pk]),
            done_with_evidence=folded.evidence_channel[channel.pk],
        )
        for channel in sorted(channels.values(), key=lambda c: (c.order, c.name))
    ]


def unit_rows(tasks: TaskCube, outputs: OutputCube, as_of: dt.date) -> list[UnitRow]:
    """A row per unit with a task of the period, named as on ``as_of``,
    ranked (one query)."""
    units = Unit.objects.filter(pk__in=set(tasks.per_unit)).annotate(
        name_then=value_on(Unit, "name", as_of)
    )
    return rank_units(
        UnitRow(
            key=unit.pk,
            label=unit.name_then,
            tasks=tasks.per_unit[unit.pk],
            output=outputs.per_unit[unit.pk],
            budget=vnd(tasks.cost_unit[unit.pk]),
        )
        for unit in units
    )


def quarter_rows(period: Period, tasks: TaskCube, outputs: OutputCube) -> list[Row]:
    """A row per quarter of the period."""
    return [
        Row(
            key=quarter,
            label=quarter_label(quarter),
            tasks=tasks.per_quarter[quarter],
            output=outputs.per_quarter[quarter],
            budget=vnd(tasks.cost_quarter[quarter]),
        )
        for quarter in period.quarters
    ]


def _tally_rows(
    tally: Tally, keyed: Iterable[tuple[int, str]], *, money: bool = True
) -> list[Row]:
    """A row per (key, label) of ``keyed``; without ``money``, tasks and
    activities only."""
    return [
        Row(
            key=key,
            label=label,
            tasks=tally.tasks[key],
            activities=tally.activities[key],
            output=tally.output[key] if money else Output(),
            budget=vnd(tally.budget[key]) if money else Decimal(0),
        )
        for key, label in keyed
    ]


def theme_rows(plan: Plan | None, tally: Tally) -> list[Row]:
    """A row per content theme of the plan (one query)."""
    themes = ContentTheme.objects.filter(plan=plan) if plan else []
    return _tally_rows(tally, ((theme.pk, theme.title) for theme in themes))


def audience_rows(plan: Plan | None, tally: Tally) -> list[Row]:
    """A row per audience group, every group whatever the plan (one query; none
    without a plan)."""
    groups = AudienceGroup.objects.all() if plan else []
    return _tally_rows(tally, ((group.pk, group.name) for group in groups))


def objective_rows(plan: Plan | None, tally: Tally) -> list[Row]:
    """A row per objective of the plan, tasks and activities only (one query)."""
    objectives = Objective.objects.filter(plan=plan) if plan else []
    return _tally_rows(
        tally,
        ((objective.pk, objective.description) for objective in objectives),
        money=False,
    )


def activity_rows(
    activities: dict[int, PlanActivity],
    folded: Folded,
    channels: dict[int, Channel],
    tasks: TaskCube,
    outputs: OutputCube,
    as_of: dt.date,
    limit: int | None = None,
) -> list[ActivityRow]:
    """A row per activity of the period, by title (as on ``as_of``), the first
    ``limit`` if given (one query, the lead units named as on ``as_of``)."""
    in_period: Iterable[int] = folded.in_period
    if limit is not None:
        in_period = heapq.nsmallest(
            limit, in_period, key=lambda pk: (activities[pk].title, pk)
        )
    lead_units = dict(
        Unit.objects.filter(pk__in={activities[pk].unit_id for pk in in_period})
        .annotate(name_then=value_on(Unit, "name", as_of))
        .values_list("pk", "name_then")
    )
    return [
        ActivityRow(
            key=pk,
            label=activities[pk].title,
            tasks=tasks.per_activity[pk],
            output=outputs.per_activity[pk],
            budget=vnd(tasks.cost_activity[pk]),
            channel=channels[activities[pk].channel_id].name,
            output_unit=channels[activities[pk].channel_id].output_unit,
            unit=lead_units.get(activities[pk].unit_id, ""),
            cancelled=activities[pk].status == Activity.Status.CANCELLED,
        )
        for pk in sorted(in_period, key=lambda pk: (activities[pk].title, pk))
    ]
