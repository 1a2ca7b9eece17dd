"""The demo: the 2024 plan as closed history and this year's plan in progress.

``demo_seed`` runs a sequence of small seeding steps (:data:`SEED_STEPS`); each
takes the :class:`DemoContext` and adds its part, so another area plugs in its
own step (staff, organisation profile, unit aliases…) by appending to the list.

What a run does, and what a re-run does:

- accounts, units and catalogues are found by their natural keys (idempotent);
- the 2024 plan (``data.PLAN``, the source document's wording) is loaded
  once, every task done with a report (some with evidence files), and closed;
- this year's plan (the year of ``timezone.localdate()``) is copied from the
  2024 plan through the plan services (:mod:`campaigns.services.plans`), issued,
  and its progress is drawn as of the day of the run: done, in progress, overdue
  by days or weeks (never more than :data:`demo.progress.OVERDUE_AT_MOST_DAYS`),
  due this week and later.

The demo imports the domain only (services, models), never a page app.

A plan that already exists is left alone: a re-run on the same day or a later
day duplicates nothing and does not redraw progress (a demo that someone has
been clicking through keeps its state). In a new year, a re-run adds that
year's plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.models import Activity, ProgressReport, Task, Unit
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


@dataclass(frozen=True)
class SeedCounts:
    units: int
    users: int
    plans: int
    activities: int
    tasks: int
    reports: int

    def __str__(self) -> str:
        return (
            f"units={self.units} users={self.users} plans={self.plans} "
            f"activities={self.activities} tasks={self.tasks} reports={self.reports}"
        )


#: The seeding steps after the organisation's own, in order. Another area adds
#: its own step here (e.g. unit staff, unit aliases); a step must be idempotent.
SEED_STEPS: list[Callable[[DemoContext], None]] = [
    seed_accounts,
    seed_units,
    seed_unit_aliases,
    seed_catalogues,
    seed_history_plan,
    seed_current_plan,
    seed_staff,
]


@transaction.atomic
def demo_seed(*, password: str, today: dt.date | None = None) -> SeedCounts:
    """Run every step of :data:`SEED_STEPS` as of ``today`` (default: today).

    Idempotent; see the module's docstring for what a re-run does.
    """
    ctx = DemoContext(today=today or timezone.localdate(), password=password)
    with across_organisations():
        seed_organisation(ctx)
    with acting_in(ctx.organisation.pk):
        return _seed_in_organisation(ctx)


def _seed_in_organisation(ctx: DemoContext) -> SeedCounts:
    for step in SEED_STEPS:
        step(ctx)
    plans = list(ctx.plans.values())
    # The steps draw progress with bulk writes, around the services.
    tallies_rebuild(plan_ids=[plan.pk for plan in plans])
    return SeedCounts(
        units=Unit.objects.count(),
        users=User.objects.count(),
        plans=len(plans),
        activities=Activity.objects.filter(plan__in=plans).count(),
        tasks=Task.objects.filter(activity__plan__in=plans).count(),
        reports=ProgressReport.objects.filter(task__activity__plan__in=plans).count(),
    )
