"""Progress counters (:class:`campaigns.models.TaskTally`), kept with every write.

A write that may change what a task counts as (its status, acceptance, a report
waiting for review, its due date, unit, its activity's channel or audience
groups, its existence) runs inside :func:`tallies_kept` with a scope covering
the tasks it touches: the scope's counts are read before and after the write,
and the difference is added to the counters in the same transaction. Exact by
construction, whatever the write did, and cheap: a scope is one task or one
activity's tasks.

Every path goes through here: the writing services wrap their work; the model
hooks (``Task.save``/``delete``, ``ProgressReport.save``/``delete``,
``Activity.save``/``delete``) wrap any other save, e.g. the admin's or a
shell's; bulk writes outside them (the benchmark generator, the demo seeding)
end with :func:`tallies_rebuild`. Inside a block, the hooks stand down: the
outermost block's scope must cover every task written inside it.
"""

from __future__ import annotations

import contextvars
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

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
    Sum,
)

from .models import ProgressReport, Task, TaskTally

Dimension = TaskTally.Dimension

_kept: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tallies_kept", default=False
)

# The task fields a tally key is made of: a save that writes none of them
# (an assignee, a planned output) leaves the counters alone.
TASK_KEY_FIELDS = frozenset(
    {"status", "accepted_at", "due_date", "unit", "unit_id", "activity", "plan"}
)
REPORT_KEY_FIELDS = frozenset({"review_status", "task", "task_id"})


class TallyKey(NamedTuple):
    plan_id: int
    dimension: str
    key_id: int
    due_date: Any
    status: str
    accepted: bool
    awaiting_review: bool


def _awaiting() -> Exists:
    """A report of the task waits for review (as :func:`awaits_review`, but
    recorded whatever ``REPORT_REVIEW_REQUIRED`` says)."""
    return Exists(
        ProgressReport.objects.filter(
            task=OuterRef("pk"), review_status=ProgressReport.ReviewStatus.SUBMITTED
        )
    )


def _accepted() -> ExpressionWrapper:
    return ExpressionWrapper(Q(accepted_at__isnull=False), output_field=BooleanField())


def tally_snapshot(scope: Q) -> Counter[TallyKey]:
    """The counts the tasks matching ``scope`` contribute, read in one query
    (a row per task and audience group of its activity)."""
    rows = (
        Task.objects.filter(scope)
        .order_by()
        .annotate(accepted=_accepted(), awaiting=_awaiting())
        .values_list(
            "pk",
            "plan_id",
            "unit_id",
            "activity__channel_id",
            "due_date",
            "status",
            "accepted",
            "awaiting",
            "activity__audience_groups",
        )
    )
    counts: Counter[TallyKey] = Counter()
    seen: set[int] = set()
    for pk, plan, unit, channel, due, status, accepted, awaiting, group in rows:
        rest = (due, status, bool(accepted), bool(awaiting))
        if pk not in seen:
            seen.add(pk)
            counts[TallyKey(plan, Dimension.CHANNEL, channel, *rest)] += 1
            counts[TallyKey(plan, Dimension.UNIT, unit, *rest)] += 1
        if group is not None:
            counts[TallyKey(plan, Dimension.AUDIENCE, group, *rest)] += 1
    return counts


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


def tallies_add(changes: dict[TallyKey, int]) -> None:
    """Add ``changes`` (key -> number of tasks, negative to take away) to the
    counters with one upsert, then drop the rows left at zero."""
    changes = {key: n for key, n in changes.items() if n}
    if not changes:
        return
    table = connection.ops.quote_name(TaskTally._meta.db_table)
    conflict = ", ".join(
        f"{field}_id" if field == "plan" else field
        for field in TaskTally._meta.constraints[0].fields
    )
    row = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    values = ", ".join([row] * len(changes))
    params: list[Any] = []
    for key, n in changes.items():
        params.extend([*key, n])
    with connection.cursor() as cursor:
        # The same statement on SQLite (3.24+) and PostgreSQL.
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES {values} "  # noqa: S608 - fixed names
            f"ON CONFLICT ({conflict}) "
            f"DO UPDATE SET tasks = {table}.tasks + excluded.tasks",
            params,
        )
    plans = {key.plan_id for key in changes}
    TaskTally.objects.filter(plan_id__in=plans, tasks=0).delete()


def _difference(before: Counter[TallyKey], after: Counter[TallyKey]) -> dict:
    return {key: after[key] - before[key] for key in before.keys() | after.keys()}


def tallies_are_kept() -> bool:
    """Whether a :func:`tallies_kept` block is open (the model hooks then stand
    down)."""
    return _kept.get()


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
            before = tally_snapshot(scope() if callable(scope) else scope)
            yield
            after = tally_snapshot(scope() if callable(scope) else scope)
            tallies_add(_difference(before, after))
    finally:
        _kept.reset(token)


def activity_tasks_scope(activity: Any) -> Callable[[], Q]:
    """The tasks of an activity, also one being created (no id yet)."""
    return lambda: Q(activity_id=activity.pk) if activity.pk else Q(pk__in=[])


def tally_hook_needed(
    update_fields: Iterable[str] | None, key_fields: Iterable[str]
) -> bool:
    """Whether a model's save must keep the counters itself: no block is open
    and ``save(update_fields=...)`` may change a tally key."""
    if _kept.get():
        return False
    return update_fields is None or bool(set(key_fields).intersection(update_fields))


# --- recount -------------------------------------------------------------------

_DIMENSION_KEYS = {
    Dimension.CHANNEL: F("activity__channel_id"),
    Dimension.UNIT: F("unit_id"),
    Dimension.AUDIENCE: F("activity__audience_groups"),
}


def tally_recount(plan_ids: Iterable[int] | None = None) -> Counter[TallyKey]:
    """The counters as the tasks stand, by SQL aggregates (three queries): what
    :func:`tallies_rebuild` writes and the tests compare the kept ones with."""
    tasks = Task.objects.order_by()
    if plan_ids is not None:
        tasks = tasks.filter(plan_id__in=list(plan_ids))
    counts: Counter[TallyKey] = Counter()
    for dimension, key in _DIMENSION_KEYS.items():
        rows = (
            tasks.annotate(key=key, accepted=_accepted(), awaiting=_awaiting())
            .filter(key__isnull=False)
            .values_list("plan_id", "key", "due_date", "status", "accepted", "awaiting")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for plan, key_id, due, status, accepted, awaiting, n in rows.iterator():
            counts[
                TallyKey(
                    plan, dimension, key_id, due, status, bool(accepted), bool(awaiting)
                )
            ] = n
    return counts


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


@transaction.atomic
def tallies_rebuild(
    *, plan_ids: Iterable[int] | None = None, batch: int = 5_000
) -> int:
    """Recount the counters from the tasks (all plans, or ``plan_ids``).

    For data written around the services (bulk loads, a restored dump) and to
    repair drift. Returns the number of counter rows written.
    """
    plan_ids = None if plan_ids is None else list(plan_ids)
    stored = TaskTally.objects.all()
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
    return len(counts)


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
    on the recorded status, acceptance and waiting review."""
    live, done, is_open = LIVE, tally_done(), OPEN
    if settings.REPORT_REVIEW_REQUIRED:
        waiting = Q(awaiting_review=True)
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
