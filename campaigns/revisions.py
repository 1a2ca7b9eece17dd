"""A plan's revisions: what a cache of figures derived from the plan's data
names in its key (:class:`campaigns.models.PlanRevision`).

Every service that changes data a plan's figures read calls :func:`plan_touch`
once, inside its transaction; the bump itself runs after the commit, in a
statement of its own, so a write never waits on another write's revision row
and a transaction rolled back bumps nothing. A reader reads the revisions
*before* the data: a view that reads the revision a moment before the bump
computes from data at least as new as the key it stores under, and the next
view, after the bump, recomputes.

A plan's activities are split into :data:`PARTS` parts by id: a write to one
activity's tasks bumps one part, and a cache keyed by part recomputes a
sixty-fourth of the year. A change that reaches every figure (a unit renamed,
a catalogue edited) touches every part.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F

from campaigns.models import Activity, Plan, PlanRevision, Task

logger = logging.getLogger(__name__)

PARTS = 64
ALL_PARTS = tuple(range(PARTS))


def part_of(activity_id: int) -> int:
    """The part an activity's figures fall in."""
    return activity_id % PARTS


def plan_revisions(plan_id: int) -> tuple[int, ...]:
    """The revision of each part of the plan, part 0 first (one query)."""
    revisions = [0] * PARTS
    for part, revision in PlanRevision.objects.filter(plan_id=plan_id).values_list(
        "part", "revision"
    ):
        if part < PARTS:
            revisions[part] = revision
    return tuple(revisions)


def plans_revisions(plan_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """:func:`plan_revisions` of several plans (one query)."""
    revisions = {pk: [0] * PARTS for pk in plan_ids}
    rows = PlanRevision.objects.filter(plan_id__in=list(revisions)).values_list(
        "plan_id", "part", "revision"
    )
    for plan_id, part, revision in rows:
        if part < PARTS:
            revisions[plan_id][part] = revision
    return {pk: tuple(values) for pk, values in revisions.items()}


def _bump(plan_id: int, parts: tuple[int, ...]) -> None:
    """Add one to the parts' revisions, creating the rows that are missing."""
    rows = PlanRevision.objects.filter(plan_id=plan_id, part__in=parts)
    if rows.update(revision=F("revision") + 1) == len(parts):
        return
    if not Plan.objects.filter(pk=plan_id).exists():
        # Deleted, or written by a transaction rolled back: nothing to key. Read
        # first: PostgreSQL checks the foreign key only at the commit, which
        # inside a caller's transaction (a test's) is not this statement's.
        return
    try:
        # A savepoint: run inside a caller's transaction (a test's), a failed
        # insert must not break it.
        with transaction.atomic():
            PlanRevision.objects.bulk_create(
                [
                    PlanRevision(plan_id=plan_id, part=part, revision=1)
                    for part in parts
                ],
                ignore_conflicts=True,
            )
    except IntegrityError:  # the plan was deleted since: nothing to key
        return
    # A row another writer created between the two statements kept its value:
    # bump every part once more (revisions only need to change, not to count).
    rows.update(revision=F("revision") + 1)


# Parts to bump once this thread's transaction commits: plan id -> parts. One
# import saves thousands of activities; their parts are bumped once each.
_pending = threading.local()


def _pending_parts() -> dict[int, set[int]]:
    if not hasattr(_pending, "parts"):
        _pending.parts = {}
    parts: dict[int, set[int]] = _pending.parts
    return parts


def _flush() -> None:
    """Bump every pending part. Each touch registers this; the first to run
    after a commit does the work. Parts left by a rolled-back transaction are
    bumped at the next commit: a revision bumped once too often is harmless,
    one never bumped would serve stale figures."""
    pending = _pending_parts()
    while pending:
        plan_id, parts = pending.popitem()
        _bump(plan_id, tuple(sorted(parts)))


def plan_touch(
    plan_id: int | None, *, activity_ids: Iterable[int] | None = None
) -> None:
    """After the current transaction commits, bump the revisions of the parts
    of ``activity_ids`` of the plan, of every part without them."""
    if plan_id is None:
        return
    parts = ALL_PARTS if activity_ids is None else {part_of(pk) for pk in activity_ids}
    if not parts:
        return
    _pending_parts().setdefault(plan_id, set()).update(parts)
    transaction.on_commit(_flush, robust=True)


def organisation_plans_touch(organisation_id: int | None) -> None:
    """Touch every part of each of the organisation's plans: a change every
    figure may show (a unit's or a catalogue's name)."""
    if organisation_id is None:
        return
    plans = Plan.objects.filter(organisation_id=organisation_id)
    for plan_id in plans.values_list("pk", flat=True):
        plan_touch(plan_id)


def task_touch(task: Task) -> None:
    """Touch the part of the plan a task's figures fall in."""
    plan_touch(task.plan_id, activity_ids=(task.activity_id,))


def activity_touch(activity: Activity) -> None:
    """Touch the part of the plan an activity's figures fall in."""
    plan_touch(activity.plan_id, activity_ids=(activity.pk,))
