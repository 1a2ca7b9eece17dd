"""Where a task stood on a given day: the one rule every figure of the report
follows (:func:`tracking_expression`), read from the task and, for a task changed
since, from its history (django-simple-history)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    Task,
    counts_as_done,
)


class Tracking(models.TextChoices):
    """Where a task stands for the task-tracking figures leaders expect."""

    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    IN_TERM = "in_term", _("Not done, still in term")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the site's time zone."""
    return timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min),
        timezone.get_default_timezone(),
    )


def _records_before(end: dt.datetime, prefix: str, *, depth: int = 1) -> QuerySet:
    """The task's history records saved before ``end``, newest first; the task
    is the one ``depth`` queries out (``prefix`` is the path to it there)."""
    task: Any = f"{prefix[:-2]}_id" if prefix else "pk"
    for _level in range(depth):
        task = OuterRef(task)
    return Task.history.model.objects.filter(id=task, history_date__lt=end).order_by(
        "-history_date", "-history_id"
    )


def _as_it_stood(
    as_of: dt.date, prefix: str, *, now: Q | Combinable, then: Any
) -> Case:
    """``now`` for a task not changed since ``as_of`` (or with no record before
    it, e.g. loaded later with past dates), else ``then``, read from its last
    history record of that day (django-simple-history keeps one per save)."""
    end = end_of_day(as_of)
    return Case(
        When(Q(**{f"{prefix}updated_at__lt": end}), then=now),
        When(~Exists(_records_before(end, prefix)), then=now),
        default=then,
    )


def _done_at(end: dt.datetime, prefix: str = "") -> Q:
    return counts_as_done(prefix) & (
        Q(**{f"{prefix}completed_at__isnull": True})
        | Q(**{f"{prefix}completed_at__lt": end})
    )


def done_by(as_of: dt.date, prefix: str = "") -> ExpressionWrapper[Case]:
    """Counted done on ``as_of``, as the task stood at the end of that day: done
    (:func:`campaigns.models.counts_as_done`: with review on, a planner had
    accepted its report) and completed by then (a done task without a
    completion time counts whatever the day). A task reopened, or accepted,
    after ``as_of`` is read from its history, so a past period's figures do not
    move. A boolean expression for ``filter()`` and ``When()``; ``prefix`` is the
    path to the task, e.g. ``"task__"``."""
    end = end_of_day(as_of)
    record = Task.history.model.objects.filter(
        history_id=Subquery(
            _records_before(end, prefix, depth=2).values("history_id")[:1]
        )
    )
    return ExpressionWrapper(
        _as_it_stood(
            as_of,
            prefix,
            now=ExpressionWrapper(_done_at(end, prefix), output_field=BooleanField()),
            then=Exists(record.filter(_done_at(end))),
        ),
        output_field=BooleanField(),
    )


def completed_at_on(as_of: dt.date) -> Case:
    """The task's completion time as it stood at the end of ``as_of``."""
    end = end_of_day(as_of)
    return _as_it_stood(
        as_of,
        "",
        now=F("completed_at"),
        then=Subquery(_records_before(end, "").values("completed_at")[:1]),
    )


def tracking_expression(as_of: dt.date) -> Case:
    """The category of a task as it stood on ``as_of``; the one rule every
    figure follows.

    - Cancelled: cancelled now, whenever that happened (a cancelled task is never
      work to carry out).
    - Done on time / late: counted done on ``as_of`` (:func:`done_by`: with
      review on, its report was accepted by then) and completed by the end of
      that day (local time), on or before the due date / after it. A task
      completed after ``as_of`` was still open on that day and counts as below.
    - Overdue: not counted done on ``as_of`` and due before it.
    - Not done, still in term: not counted done on ``as_of`` and due that day or
      later (a task waiting for review included).

    A task reopened after ``as_of`` counts as it stood then (its history).
    """
    completed_on = TruncDate(
        completed_at_on(as_of), tzinfo=timezone.get_default_timezone()
    )
    return Case(
        When(status=Task.Status.CANCELLED, then=Value(Tracking.CANCELLED.value)),
        When(
            done_by(as_of),
            then=Case(
                When(
                    LessThanOrEqual(completed_on, F("due_date")),
                    then=Value(Tracking.DONE_ON_TIME.value),
                ),
                When(
                    GreaterThan(completed_on, F("due_date")),
                    then=Value(Tracking.DONE_LATE.value),
                ),
                # Done without a completion time: on time.
                default=Value(Tracking.DONE_ON_TIME.value),
            ),
        ),
        When(due_date__lt=as_of, then=Value(Tracking.OVERDUE.value)),
        default=Value(Tracking.IN_TERM.value),
        output_field=models.CharField(),
    )
