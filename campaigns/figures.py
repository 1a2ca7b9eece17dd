"""The figures every page, export, e-mail and dashboard shows, defined once.

A task not cancelled is in exactly one :class:`Figure` on a day:

- **done on time / done late**: counted done
  (:func:`campaigns.models.counts_as_done`: with review on, a planner accepted
  its report), completed on or before its due date / after it;
- **done, awaiting review**: marked done by its unit, its report not yet
  accepted (:func:`campaigns.models.done_awaiting_review`); neither done nor
  overdue;
- **overdue**: still open (to do or in progress) and due before the day
  (:func:`campaigns.models.overdue_on`);
- **in term**: still open and due that day or later.

The live pages (dashboard, /my-tasks/, reminders, digests) read these rules on
the tasks as they stand (the ``Q`` rules of :mod:`campaigns.models.tasks`,
re-exported here); a report "as of" a day reads them as each task stood at the
end of that day (:func:`figure_expression`), from the task and, for a task
changed since, from its history (django-simple-history). What else a report
counts as of a day (reports' outputs, activities' budgets and titles, units'
names) is read the same way by :mod:`campaigns.as_of`.
"""

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
    done_awaiting_review,
    in_term_on,
    is_open,
    overdue_on,
)

__all__ = [
    "Figure",
    "Tracking",
    "cancelled_by",
    "completed_at_on",
    "counts_as_done",
    "done_awaiting_review",
    "done_by",
    "end_of_day",
    "figure_expression",
    "in_term_on",
    "is_open",
    "overdue_as_of",
    "overdue_on",
    "tracking_expression",
]


class Figure(models.TextChoices):
    """Where a task stands for the task-tracking figures leaders expect."""

    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    AWAITING_REVIEW = "awaiting_review", _("Done, awaiting review")
    IN_TERM = "in_term", _("Not done, still in term")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")


# The reports' name for the same categories.
Tracking = Figure


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the site's time zone."""
    return timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min),
        timezone.get_default_timezone(),
    )


def _records_before(end: dt.datetime, prefix: str, *, depth: int = 1) -> Any:
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


def _stood(as_of: dt.date, prefix: str, now: Q, then: Q) -> ExpressionWrapper[Case]:
    """Whether the task matched a condition at the end of ``as_of``: ``now``
    on the task (with ``prefix``), ``then`` on its last history record of that
    day. A boolean expression for ``filter()`` and ``When()``."""
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
            now=ExpressionWrapper(now, output_field=BooleanField()),
            then=Exists(record.filter(then)),
        ),
        output_field=BooleanField(),
    )


def _completed_before(end: dt.datetime, prefix: str = "") -> Q:
    # A done task without a completion time counts whatever the day.
    return Q(**{f"{prefix}completed_at__isnull": True}) | Q(
        **{f"{prefix}completed_at__lt": end}
    )


def _done_at(end: dt.datetime, prefix: str = "") -> Q:
    return counts_as_done(prefix) & _completed_before(end, prefix)


def done_by(as_of: dt.date, prefix: str = "") -> ExpressionWrapper[Case]:
    """Counted done on ``as_of``, as the task stood at the end of that day: done
    (:func:`counts_as_done`: with review on, a planner had accepted its report)
    and completed by then (a done task without a completion time counts
    whatever the day). A task reopened, or accepted, after ``as_of`` is read
    from its history, so a past period's figures do not move. ``prefix`` is
    the path to the task, e.g. ``"task__"``."""
    end = end_of_day(as_of)
    return _stood(as_of, prefix, _done_at(end, prefix), _done_at(end))


def cancelled_by(as_of: dt.date, prefix: str = "") -> ExpressionWrapper[Case]:
    """Cancelled at the end of ``as_of``: an activity cancelled later keeps its
    tasks of that day as they were (open, done, overdue)."""
    cancelled = Task.Status.CANCELLED
    return _stood(
        as_of, prefix, Q(**{f"{prefix}status": cancelled}), Q(status=cancelled)
    )


def _awaiting_by(as_of: dt.date) -> ExpressionWrapper[Case]:
    """Marked done by its unit, and completed, by the end of ``as_of`` (whether
    accepted or not: :func:`figure_expression` tests :func:`done_by` first)."""
    done = Q(status=Task.Status.DONE) & _completed_before(end_of_day(as_of))
    return _stood(as_of, "", done, done)


def completed_at_on(as_of: dt.date) -> Case:
    """The task's completion time as it stood at the end of ``as_of``."""
    end = end_of_day(as_of)
    return _as_it_stood(
        as_of,
        "",
        now=F("completed_at"),
        then=Subquery(_records_before(end, "").values("completed_at")[:1]),
    )


def figure_expression(as_of: dt.date) -> Case:
    """The :class:`Figure` of a task as it stood at the end of ``as_of``; the
    one rule every figure of a report follows.

    - Cancelled: cancelled then (an activity cancelled later does not take its
      past tasks out of the figures of that day).
    - Done on time / late: counted done then (:func:`done_by`) and completed
      by the end of that day (local time), on or before the due date / after
      it. A task completed after ``as_of`` was still open on that day.
    - Done, awaiting review: marked done by its unit then, not counted done.
    - Overdue: open then and due before ``as_of``.
    - Not done, still in term: open then and due that day or later.
    """
    completed_on = TruncDate(
        completed_at_on(as_of), tzinfo=timezone.get_default_timezone()
    )
    return Case(
        When(cancelled_by(as_of), then=Value(Figure.CANCELLED.value)),
        When(
            done_by(as_of),
            then=Case(
                When(
                    LessThanOrEqual(completed_on, F("due_date")),
                    then=Value(Figure.DONE_ON_TIME.value),
                ),
                When(
                    GreaterThan(completed_on, F("due_date")),
                    then=Value(Figure.DONE_LATE.value),
                ),
                # Done without a completion time: on time.
                default=Value(Figure.DONE_ON_TIME.value),
            ),
        ),
        When(_awaiting_by(as_of), then=Value(Figure.AWAITING_REVIEW.value)),
        When(due_date__lt=as_of, then=Value(Figure.OVERDUE.value)),
        default=Value(Figure.IN_TERM.value),
        output_field=models.CharField(),
    )


# The reports' name for the same rule.
tracking_expression = figure_expression


def overdue_as_of(tasks: QuerySet[Task], as_of: dt.date) -> QuerySet[Task]:
    """``tasks`` overdue at the end of ``as_of`` (:func:`figure_expression`):
    never a task done, awaiting review or cancelled then."""
    return tasks.alias(figure=figure_expression(as_of)).filter(
        figure=Figure.OVERDUE.value
    )
