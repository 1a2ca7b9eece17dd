"""Acting on many activities of a plan at once: shift their dates, cancel
them. Each activity goes through the one-activity service
(:func:`campaigns.services.activities.activity_move`,
:func:`~campaigns.services.activities.activity_cancel`), which checks the
policy and the plan's state; the lot runs in one transaction, so one refusal
leaves every activity as it was, and the refusal names the activity."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Activity
from . import activities

#: The most activities one batch takes (a page of the activity list is 25).
BATCH_MAX = 100


def _batch(activity_ids: Iterable[int]) -> list[Activity]:
    """The activities of ``activity_ids`` in id order (the order their rows
    are locked in); ``Activity.DoesNotExist`` if one is not the
    organisation's; ``ValidationError`` for none or too many."""
    ids = sorted(set(activity_ids))
    if not ids:
        raise ValidationError(_("Select at least one activity."), code="none_selected")
    if len(ids) > BATCH_MAX:
        raise ValidationError(
            _("Act on at most %(max)d activities at once.") % {"max": BATCH_MAX},
            code="too_many",
        )
    found = list(Activity.objects.filter(pk__in=ids).select_related("plan"))
    if len(found) != len(ids):
        raise Activity.DoesNotExist
    return sorted(found, key=lambda activity: activity.pk)


def refusal_named(exc: ValidationError, label: str) -> ValidationError:
    """``exc`` with ``label`` (what it refused) before each message, its code
    kept (one error: the error's code, e.g. ``plan_closed``)."""
    errors = exc.error_list if hasattr(exc, "error_list") else [exc]
    named = [
        ValidationError(f"{label}: {message}", code=error.code)
        for error in errors
        for message in error.messages
    ]
    return named[0] if len(named) == 1 else ValidationError(named)


def _each(batch: list[Activity], act: Callable[[Activity], object]) -> int:
    with transaction.atomic():
        for activity in batch:
            try:
                act(activity)
            except ValidationError as exc:
                raise refusal_named(exc, activity.title) from exc
    return len(batch)


def _in_month(day: dt.date, year: int, month: int) -> dt.date:
    """``day``'s day of the month in ``month`` of ``year``, or that month's
    last day (31 March to April: 30 April)."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def activities_shift(
    *,
    actor: User,
    activity_ids: Iterable[int],
    days: int | None = None,
    to_month: int | None = None,
) -> int:
    """Move each one-off activity by ``days`` (negative: earlier), or to
    ``to_month`` (1..12) of its plan's year, its tasks with it; returns how
    many moved. All or nothing: the refusals of ``activity_move`` (a
    recurring or cancelled activity, a day outside the plan's year, a task
    done or reported, a closed plan) stop the lot."""
    if (days is None) == (to_month is None):
        raise ValueError("give days or to_month")
    if to_month is not None and not 1 <= to_month <= 12:
        raise ValidationError(_("Choose a month from 1 to 12."), code="bad_month")

    def move(activity: Activity) -> None:
        if days is not None:
            try:
                start = activity.start_date + dt.timedelta(days=days)
            except OverflowError:
                start = dt.date.max
        else:
            start = _in_month(activity.start_date, activity.plan.year, to_month or 1)
        activities.activity_move(activity_id=activity.pk, to_start=start, user=actor)

    return _each(_batch(activity_ids), move)


def activities_cancel(*, actor: User, activity_ids: Iterable[int]) -> int:
    """Cancel each activity and its open tasks (``activity_cancel``); returns
    how many. All or nothing."""
    return _each(
        _batch(activity_ids),
        lambda activity: activities.activity_cancel(activity=activity, user=actor),
    )
