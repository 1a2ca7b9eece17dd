"""Progress counters (:class:`campaigns.models.TaskTally`), kept by the services.

A write that may change what a task counts as (its status, acceptance, a report
waiting for review, its due date, unit, its activity's channel or audience
groups, its existence) runs inside :func:`tallies_kept` with a scope covering
the tasks it touches: the scope's counts are read before and after the write,
and the difference is added in the same transaction (exact whatever the write
did; a scope is one task or one activity's tasks).

The services that write on one task only (a report, its status, a review)
move its counts in place instead (:mod:`campaigns.tally_moves`). The others
wrap their work (:func:`keeps_tallies` on a service,
:func:`tallies_kept` around a part of one); blocks nest, and the outermost
block's scope must cover every task written inside it. Nothing else keeps
them: ``save()`` does no I/O of its own, and an ``update()``, a shell's save or
a bulk load (benchmarks, the demo) write around them. Such writes end with
:func:`tallies_rebuild` (``manage.py rebuild_tallies``); ``rebuild_tallies
--check`` tells whether the counters still equal a recount, and every test of
the suite ends with that comparison.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple, TypeVar, cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    UniqueConstraint,
)
from django.db.models.functions import TruncMonth

from .activity_months import (
    activity_months_recount,
    activity_months_rewrite,
    activity_months_stored,
    month_row,
)
from .models import ActivityMonth, ProgressReport, Task, TaskTally

Dimension = TaskTally.Dimension
Service = TypeVar("Service", bound=Callable[..., Any])

_kept: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tallies_kept", default=False
)


class TallyKey(NamedTuple):
    plan_id: int
    dimension: str
    key_id: int
    due_date: Any
    status: str
    accepted: bool
    awaiting_review: bool


def report_awaiting() -> Exists:
    """An annotation: a report of the task waits for review (as
    :func:`awaits_review`, but recorded whatever ``REPORT_REVIEW_REQUIRED``
    says)."""
    return Exists(
        ProgressReport.objects.filter(
            task=OuterRef("pk"), review_status=ProgressReport.ReviewStatus.SUBMITTED
        )
    )


def _accepted() -> ExpressionWrapper[Q]:
    return ExpressionWrapper(Q(accepted_at__isnull=False), output_field=BooleanField())


class Snapshot(NamedTuple):
    counts: Counter[TallyKey]
    # (activity id, first day of the month, unit id, status, accepted, due
    # date): what an ActivityMonth row is made of; a month whose entries do
    # not change keeps its row.
    months: Counter[tuple[Any, ...]]

    def months_changed(self, other: Snapshot) -> set[tuple[int, dt.date]]:
        keys = self.months.keys() | other.months.keys()
        return {key[:2] for key in keys if self.months[key] != other.months[key]}


def tally_snapshot(scope: Q, *, lock: bool = False) -> Snapshot:
    """The counts the tasks matching ``scope`` contribute, and the activity
    months they fall in, read in one query (a row per task and audience group
    of its activity). ``lock`` locks the tasks' rows until the transaction
    ends (PostgreSQL), in a query of its own: a statement that waited for a
    lock reads the other tables (reports) as they were before it waited, so
    the counts are read after, by a new statement that sees the write it waited
    for (READ COMMITTED)."""
    tasks = Task.objects.filter(scope).order_by()
    if lock:
        list(tasks.select_for_update(of=("self",)).values_list("pk", flat=True))
    rows = tasks.annotate(accepted=_accepted(), awaiting=report_awaiting()).values_list(
        "pk",
        "plan_id",
        "unit_id",
        "activity_id",
        "activity__channel_id",
        "due_date",
        "status",
        "accepted",
        "awaiting",
        "activity__audience_groups",
    )
    counts: Counter[TallyKey] = Counter()
    months: Counter[tuple[Any, ...]] = Counter()
    seen: set[int] = set()
    for row in rows:
        pk, plan, unit, activity, channel, due, status, accepted, awaiting, group = row
        state = (status, bool(accepted), bool(awaiting))
        if pk not in seen:
            seen.add(pk)
            month = due.replace(day=1)
            months[(activity, month, unit, status, bool(accepted), due)] += 1
            counts[TallyKey(plan, Dimension.CHANNEL, channel, due, *state)] += 1
            counts[TallyKey(plan, Dimension.UNIT, unit, due, *state)] += 1
            counts[TallyKey(plan, Dimension.UNIT_MONTH, unit, month, *state)] += 1
        if group is not None:
            counts[TallyKey(plan, Dimension.AUDIENCE, group, due, *state)] += 1
    return Snapshot(counts, months)


_COLUMNS = (
    "plan_id",
    "dimension",
    "key_id",
    "due_date",
    "status",
    "accepted",
    "awaiting_review",
    "tasks",
)


# Rows a statement carries: the upsert's parameters stay under the 32,766 of
# SQLite's default build, the delete's OR chain under its expression depth
# (1,000).
UPSERT_BATCH = 1_000
DELETE_BATCH = 200


def tallies_add(changes: dict[TallyKey, int]) -> None:
    """Add ``changes`` (key -> number of tasks, negative to take away) to the
    counters, then drop the rows those changes left at zero, in batches (an
    activity with a task every day for 31 units changes some 11,000 keys)."""
    items = [(key, n) for key, n in changes.items() if n]
    for start in range(0, len(items), UPSERT_BATCH):
        _upsert(items[start : start + UPSERT_BATCH])
    emptied = [key for key, n in items if n < 0]
    for start in range(0, len(emptied), DELETE_BATCH):
        which = Q()
        for key in emptied[start : start + DELETE_BATCH]:
            which |= Q(**key._asdict())
        TaskTally.objects.filter(which, tasks=0).delete()


def tallies_forget_audience_groups(group_ids: Iterable[int]) -> None:
    """Drop the counters of audience groups being deleted: deleting a group
    unlinks it from its activities without a save of theirs."""
    TaskTally.objects.filter(
        dimension=Dimension.AUDIENCE, key_id__in=list(group_ids)
    ).delete()


def _upsert(items: list[tuple[TallyKey, int]]) -> None:
    table = connection.ops.quote_name(TaskTally._meta.db_table)
    conflict = ", ".join(
        f"{field}_id" if field == "plan" else field
        for field in cast(UniqueConstraint, TaskTally._meta.constraints[0]).fields
    )
    row = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    values = ", ".join([row] * len(items))
    params: list[Any] = []
    for key, n in items:
        params.extend([*key, n])
    with connection.cursor() as cursor:
        # The same statement on SQLite (3.24+) and PostgreSQL; built from the
        # model's own table and column names, every value a bound parameter.
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES {values} "  # noqa: S608  # nosec B608
            f"ON CONFLICT ({conflict}) "
            f"DO UPDATE SET tasks = {table}.tasks + excluded.tasks",
            params,
        )


def _difference(
    before: Counter[TallyKey], after: Counter[TallyKey]
) -> dict[TallyKey, int]:
    return {key: after[key] - before[key] for key in before.keys() | after.keys()}


@contextmanager
def tallies_kept(scope: Q | Callable[[], Q]) -> Iterator[None]:
    """Keep the counters of the tasks in ``scope`` through the block's writes.

    ``scope`` is a filter on :class:`Task` (or a function giving one, for a row
    that has no id yet). Nested blocks do nothing: the outermost counts.
    Runs in a transaction (the caller's if there is one).
    """
    if _kept.get():
        yield
        return
    token = _kept.set(True)
    try:
        with transaction.atomic():
            # Locked: a concurrent write of the same tasks waits until this one
            # commits, then counts from what it wrote (else both would take
            # the same "before" away).
            before = tally_snapshot(scope() if callable(scope) else scope, lock=True)
            yield
            after = tally_snapshot(scope() if callable(scope) else scope)
            tallies_add(_difference(before.counts, after.counts))
            activity_months_rewrite(before.months_changed(after))
    finally:
        _kept.reset(token)


def keeps_tallies(scope_of: Callable[..., Q]) -> Callable[[Service], Service]:
    """Run a service inside :func:`tallies_kept` of ``scope_of(**kwargs)`` (the
    service's keyword arguments): one count before and one after for all of
    its writes."""

    def decorate(service: Service) -> Service:
        @functools.wraps(service)
        def kept(*args: Any, **kwargs: Any) -> Any:
            with tallies_kept(lambda: scope_of(**kwargs)):
                return service(*args, **kwargs)

        return kept  # type: ignore[return-value]

    return decorate


def tallies_in_a_block() -> bool:
    """A :func:`tallies_kept` block is open: it counts the writes inside it."""
    return _kept.get()


def task_scope(*, task: Any, **_: Any) -> Q:
    """The scope of a service on one task (``task=``)."""
    return Q(pk=task.pk)


def report_task_scope(*, report: Any, **_: Any) -> Q:
    """The scope of a service on one report (``report=``): its task."""
    return Q(pk=report.task_id)


def activity_tasks_scope(activity: Any) -> Callable[[], Q]:
    """The tasks of an activity, also one being created (no id yet)."""
    return lambda: Q(activity_id=activity.pk) if activity.pk else Q(pk__in=[])


# --- recount -------------------------------------------------------------------

# Each dimension's key and day.
_DIMENSION_KEYS = {
    Dimension.CHANNEL: (F("activity__channel_id"), F("due_date")),
    Dimension.UNIT: (F("unit_id"), F("due_date")),
    Dimension.UNIT_MONTH: (F("unit_id"), TruncMonth("due_date")),
    Dimension.AUDIENCE: (F("activity__audience_groups"), F("due_date")),
}


def tally_recount(plan_ids: Iterable[int] | None = None) -> Counter[TallyKey]:
    """The counters as the tasks stand, by SQL aggregates (a query a
    dimension): what :func:`tallies_rebuild` writes and the tests compare the
    kept ones with."""
    tasks = _tasks_of(plan_ids)
    counts: Counter[TallyKey] = Counter()
    for dimension, (key, day) in _DIMENSION_KEYS.items():
        rows = (
            tasks.annotate(
                key=key, day=day, accepted=_accepted(), awaiting=report_awaiting()
            )
            .filter(key__isnull=False)
            .values_list("plan_id", "key", "day", "status", "accepted", "awaiting")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for plan, key_id, day_, status, accepted, awaiting, n in rows.iterator():
            key_ = TallyKey(
                plan, dimension, key_id, day_, status, bool(accepted), bool(awaiting)
            )
            counts[key_] = n
    return counts


def _tasks_of(plan_ids: Iterable[int] | None) -> QuerySet[Task]:
    tasks = Task.objects.order_by()
    if plan_ids is not None:
        tasks = tasks.filter(plan_id__in=list(plan_ids))
    return tasks


def tally_stored(plan_ids: Iterable[int] | None = None) -> Counter[TallyKey]:
    """The counters as stored."""
    rows = TaskTally.objects.all()
    if plan_ids is not None:
        rows = rows.filter(plan_id__in=list(plan_ids))
    return Counter(
        {
            TallyKey(plan, dimension, key_id, due, status, accepted, awaiting): n
            for plan, dimension, key_id, due, status, accepted, awaiting, n in (
                rows.values_list(*_COLUMNS).iterator()
            )
        }
    )


# --- rebuild -------------------------------------------------------------------


@transaction.atomic
def tallies_rebuild(
    *, plan_ids: Iterable[int] | None = None, batch: int = 5_000
) -> int:
    """Recount the counters and activity months from the tasks (all plans, or
    ``plan_ids``).

    For data written around the services (bulk loads, a restored dump) and to
    repair drift. Returns the number of counter rows written.
    """
    plan_ids = None if plan_ids is None else list(plan_ids)
    for model in (TaskTally, ActivityMonth):
        stored = model.objects.all()
        if plan_ids is not None:
            stored = stored.filter(plan_id__in=plan_ids)
        stored.delete()
    counts = tally_recount(plan_ids)
    TaskTally.objects.bulk_create(
        (
            TaskTally(**dict(zip(_COLUMNS, (*key, n), strict=True)))
            for key, n in counts.items()
        ),
        batch_size=batch,
    )
    ActivityMonth.objects.bulk_create(
        (month_row(key, row) for key, row in activity_months_recount(plan_ids).items()),
        batch_size=batch,
    )
    return len(counts)


def tallies_match_a_recount(plan_ids: Iterable[int] | None = None) -> list[str]:
    """What differs between the stored counters and activity months and a
    recount (at most five of each), for the tests and ``rebuild_tallies
    --check``; empty when they match."""
    plan_ids = None if plan_ids is None else list(plan_ids)
    found = []
    pairs: tuple[tuple[dict[Any, Any], dict[Any, Any]], ...] = (
        (tally_stored(plan_ids), tally_recount(plan_ids)),
        (activity_months_stored(plan_ids), activity_months_recount(plan_ids)),
    )
    for stored, recount in pairs:
        wrong = [
            f"{_key_text(key)}: {_key_text(stored.get(key))} -> "
            f"{_key_text(recount.get(key))}"
            for key in stored.keys() | recount.keys()
            if stored.get(key) != recount.get(key)
        ]
        found.extend(sorted(wrong)[:5])
    return found


def _key_text(key: Any) -> str:
    """A key or figures as plain values ("2 · unit · 5 · 2026-11-27 · todo ·
    False · False"), whether its dimension came from the model's choices or
    the database; "-" for none."""
    if key is None:
        return "-"
    if not isinstance(key, tuple):
        return str(key)
    return " · ".join(str(getattr(part, "value", part)) for part in key)


# --- reading -------------------------------------------------------------------


LIVE = ~Q(status=Task.Status.CANCELLED)
OPEN = Q(status__in=Task.OPEN_STATUSES)


def tally_done() -> Q:
    """:func:`campaigns.models.counts_as_done` on counter rows."""
    done = Q(status=Task.Status.DONE)
    if settings.REPORT_REVIEW_REQUIRED:
        done &= Q(accepted=True)
    return done


def tally_sums(today: Any) -> dict[str, Sum]:
    """The progress figures of :func:`planning.selectors.task_counts`, summed
    over counter rows: the same rules (``counts_as_done``, ``awaits_review``)
    on the recorded status and acceptance (:mod:`campaigns.figures`)."""
    live, done, is_open = LIVE, tally_done(), OPEN
    if settings.REPORT_REVIEW_REQUIRED:
        waiting = Q(status=Task.Status.DONE, accepted=False)
    else:
        waiting = Q(pk__in=[])
    return {
        "total": Sum("tasks", filter=live),
        "done": Sum("tasks", filter=done),
        "due": Sum("tasks", filter=live & Q(due_date__lte=today)),
        "done_due": Sum("tasks", filter=done & Q(due_date__lte=today)),
        "overdue": Sum("tasks", filter=is_open & Q(due_date__lt=today)),
        "awaiting_review": Sum("tasks", filter=waiting),
    }
