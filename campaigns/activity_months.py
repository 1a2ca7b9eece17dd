"""The activity months (:class:`campaigns.models.ActivityMonth`): one
activity's live tasks due in one month, kept with the progress counters
(:mod:`campaigns.tallies`, :mod:`campaigns.tally_moves`): rewritten from
their tasks, recounted, compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth

from .models import ActivityMonth, Task

_MONTH_FIELDS = (
    "plan_id",
    "first_due",
    "tasks",
    "units",
    "done_tasks",
    "accepted_tasks",
)


def _activity_months(
    tasks: QuerySet[Task],
) -> dict[tuple[int, dt.date], tuple[Any, ...]]:
    """(activity id, month) -> the :class:`ActivityMonth` figures of ``tasks``."""
    done = Q(status=Task.Status.DONE)
    rows = (
        tasks.filter(~Q(status=Task.Status.CANCELLED))
        .annotate(month=TruncMonth("due_date"))
        .values_list("activity_id", "month")
        .annotate(
            plan_of=Min("plan_id"),
            first_due=Min("due_date"),
            tasks=Count("pk"),
            units=Count("unit", distinct=True),
            done=Count("pk", filter=done),
            accepted=Count("pk", filter=done & Q(accepted_at__isnull=False)),
        )
        .order_by()
    )
    return {(row[0], row[1]): tuple(row[2:]) for row in rows.iterator()}


def activity_months_rewrite(months: set[tuple[int, dt.date]]) -> None:
    """Rewrite the :class:`ActivityMonth` rows of ``months`` (activity id,
    first day) from their tasks: three queries."""
    if not months:
        return
    which = Q()
    for activity_id, month in months:
        which |= Q(activity_id=activity_id, month=month)
    ActivityMonth.objects.filter(which).delete()
    activities = {activity_id for activity_id, _ in months}
    first = min(month for _, month in months)
    last = max(month for _, month in months)
    tasks = Task.objects.filter(
        activity_id__in=activities,
        due_date__gte=first,
        due_date__lt=(last + dt.timedelta(days=32)).replace(day=1),
    )
    figures = _activity_months(tasks)
    ActivityMonth.objects.bulk_create(
        month_row(key, row) for key, row in figures.items() if key in months
    )


def month_row(key: tuple[int, dt.date], row: tuple[Any, ...]) -> ActivityMonth:
    return ActivityMonth(
        activity_id=key[0], month=key[1], **dict(zip(_MONTH_FIELDS, row, strict=True))
    )


def activity_months_recount(
    plan_ids: Iterable[int] | None = None,
) -> dict[tuple[int, dt.date], tuple[Any, ...]]:
    """The activity months as the tasks stand."""
    tasks = Task.objects.order_by()
    if plan_ids is not None:
        tasks = tasks.filter(plan_id__in=list(plan_ids))
    return _activity_months(tasks)


def activity_months_stored(
    plan_ids: Iterable[int] | None = None,
) -> dict[tuple[int, dt.date], tuple[Any, ...]]:
    rows = ActivityMonth.objects.all()
    if plan_ids is not None:
        rows = rows.filter(plan_id__in=list(plan_ids))
    return {
        (activity_id, month): tuple(rest)
        for activity_id, month, *rest in rows.values_list(
            "activity_id", "month", *_MONTH_FIELDS
        ).iterator()
    }
