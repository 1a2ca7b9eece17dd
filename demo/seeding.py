"""The demo: a city over its communes and wards, one of which carries the
Núi Thành plans (2024 as closed history, this year's in progress).

Since 1 July 2025 Quảng Nam's communes belong to Đà Nẵng city. The demo seeds
"UBND thành phố Đà Nẵng" (a province-level organisation) with its communes and
wards as children (:mod:`demo.province`); one of them, "UBND xã Núi Thành",
carries the district's 2024 plan as its history and this year's plan, with the
units and accounts the demo always had (``admin``, ``planner``, ``leader``,
``unithead``, ``canbo-tam-hiep``…). The city and every other child get their
own accounts, units, catalogues and a small plan of this year, so that the
city's roll-up has figures.

``demo_seed`` runs sequences of small seeding steps, each in the scope of the
organisation it seeds (``acting_in``): :data:`SEED_STEPS` for the commune that
carries the Núi Thành history, :data:`PROVINCE_STEPS` for the city and
:data:`CHILD_STEPS` for each other commune or ward. Each step takes the
organisation's :class:`DemoContext` and adds its part, so another area plugs in
its own step by appending to a list. The city runs last: issuing its plan hands
its "UBND các xã, phường" activities down into the children's plans of the
year, and the children's progress on them is drawn after it.

What a run does, and what a re-run does:

- organisations, accounts, units and catalogues are found by their natural keys
  (idempotent); the district an earlier demo made is renamed to the commune;
- the 2024 plan (``data.PLAN``, the source document's wording) is loaded
  once, every task done with a report (some with evidence files), and closed;
- this year's plan (the year of ``timezone.localdate()``) is copied from the
  2024 plan through the plan services (:mod:`campaigns.services.plans`), issued,
  and its progress is drawn as of the day of the run: done, in progress, overdue
  by days or weeks (never more than :data:`demo.progress.OVERDUE_AT_MOST_DAYS`),
  due this week and later; the city's and the other children's plans of the
  year likewise (from 2025 on).

The demo imports the domain only (services, models), never a page app.

A plan that already exists is left alone: a re-run on the same day or a later
day duplicates nothing and does not redraw progress (a demo that someone has
been clicking through keeps its state). In a new year, a re-run adds that
year's plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns import workdays
from campaigns.models import Activity, OfficialDay, ProgressReport, Task, Unit
from campaigns.official_days import official_days_seed
from campaigns.tallies import tallies_rebuild
from organisation.scoping import across_organisations, acting_in

from .context import DemoContext
from .directory import (
    seed_accounts,
    seed_catalogues,
    seed_organisation,
    seed_staff,
    seed_unit_aliases,
    seed_units,
)
from .plans import seed_current_plan, seed_history_plan
from .province import (
    seed_child_accounts,
    seed_child_plan,
    seed_child_units,
    seed_city_catalogues,
    seed_province,
    seed_province_accounts,
    seed_province_plan,
    seed_province_units,
    seed_received_progress,
)


@dataclass(frozen=True)
class SeedCounts:
    organisations: int
    units: int
    users: int
    plans: int
    activities: int
    tasks: int
    reports: int

    def __str__(self) -> str:
        return (
            f"organisations={self.organisations} units={self.units} "
            f"users={self.users} plans={self.plans} "
            f"activities={self.activities} tasks={self.tasks} reports={self.reports}"
        )


#: The steps of the commune that carries the Núi Thành history, after its
#: organisation's own, in order. Another area adds its own step here (e.g. unit
#: staff, unit aliases); a step must be idempotent.
SEED_STEPS: list[Callable[[DemoContext], None]] = [
    seed_accounts,
    seed_units,
    seed_unit_aliases,
    seed_catalogues,
    seed_history_plan,
    seed_current_plan,
    seed_staff,
]
#: The city's steps, after every child's (its plan hands activities down).
PROVINCE_STEPS: list[Callable[[DemoContext], None]] = [
    seed_province_accounts,
    seed_province_units,
    seed_city_catalogues,
    seed_province_plan,
]
#: The steps of each other commune or ward of the city, before the city's.
CHILD_STEPS: list[Callable[[DemoContext], None]] = [
    seed_child_accounts,
    seed_child_units,
    seed_city_catalogues,
    seed_child_plan,
]


@transaction.atomic
def demo_seed(*, password: str, today: dt.date | None = None) -> SeedCounts:
    """Run the steps of every organisation as of ``today`` (default: today).

    Idempotent; see the module's docstring for what a re-run does.
    """
    ctx = DemoContext(today=today or timezone.localdate(), password=password)
    # The commune first: on a fresh database it is the oldest organisation.
    with across_organisations():
        # The Government's decisions, also on a database a flush emptied.
        official_days_seed(OfficialDay)
        workdays.forget()
        seed_organisation(ctx)
        province, children = seed_province(ctx)
    # The children before the city: its plan, issued last, hands activities
    # down into their plans of the year; then their progress on them.
    runs = [(ctx, SEED_STEPS)]
    runs += [(child, CHILD_STEPS) for child in children]
    runs += [(province, PROVINCE_STEPS)]
    for run, steps in runs:
        with acting_in(run.organisation.pk):
            _seed_in_organisation(run, steps)
    if province.handed_down:
        for child in [ctx, *children]:
            with acting_in(child.organisation.pk):
                _seed_in_organisation(child, [seed_received_progress])
    with across_organisations():
        return _counts([run for run, _steps in runs])


def _seed_in_organisation(
    ctx: DemoContext, steps: list[Callable[[DemoContext], None]]
) -> None:
    for step in steps:
        step(ctx)
    # The steps draw progress with bulk writes, around the services.
    tallies_rebuild(plan_ids=[plan.pk for plan in ctx.plans.values()])


def _counts(runs: list[DemoContext]) -> SeedCounts:
    organisations = [run.organisation for run in runs]
    plans = [plan for run in runs for plan in run.plans.values()]
    return SeedCounts(
        organisations=len(organisations),
        units=Unit.objects.filter(organisation__in=organisations).count(),
        users=User.objects.count(),
        plans=len(plans),
        activities=Activity.objects.filter(plan__in=plans).count(),
        tasks=Task.objects.filter(activity__plan__in=plans).count(),
        reports=ProgressReport.objects.filter(task__activity__plan__in=plans).count(),
    )
