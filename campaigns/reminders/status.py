"""Whether the sweep runs: the last sweep for the planner's dashboard, stale
when the scheduler seems down."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone

from ..models import ReminderSweep

#: The dashboard warns when no sweep started within this many hours (beat down).
SWEEP_STALE_AFTER = dt.timedelta(hours=26)


@dataclass(frozen=True)
class SweepStatus:
    """The last sweep for the planner's dashboard; stale when beat seems down."""

    last: ReminderSweep | None
    is_stale: bool
    stale_after_hours: int = int(SWEEP_STALE_AFTER.total_seconds() // 3600)

    @property
    def failed(self) -> bool:
        return self.last is not None and bool(self.last.error)


def installed_at() -> dt.datetime | None:
    """When this database was set up: its first migration (None if unknown)."""
    from django.db.migrations.recorder import MigrationRecorder

    first: dt.datetime | None = MigrationRecorder.Migration.objects.aggregate(
        at=Min("applied")
    )["at"]
    return first


def reminder_sweep_status(*, now: dt.datetime | None = None) -> SweepStatus:
    """The last sweep, stale when older than SWEEP_STALE_AFTER.

    Before any sweep, a fresh install is not stale: the first sweep may be a day
    away (07:30, or the hourly catch-up in office hours), so only an install older
    than SWEEP_STALE_AFTER without a sweep warns. One query when a sweep exists,
    two otherwise.
    """
    now = now or timezone.now()
    last = ReminderSweep.objects.order_by("-started_at", "-pk").first()
    since = last.started_at if last is not None else installed_at()
    stale = since is None or since < now - SWEEP_STALE_AFTER
    return SweepStatus(last=last, is_stale=stale)
