"""Activity schedules: RFC 5545 RRULE strings expanded with python-dateutil."""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .workdays import previous_working_day

# Occurrences of one activity are tasks; sub-daily rules make no sense for a plan.
ALLOWED_FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}
MAX_OCCURRENCES = 400


def _normalise(rule: str) -> str:
    rule = rule.strip()
    return rule.removeprefix("RRULE:").strip()


def parse_rule(rule: str, start: dt.date) -> rrule:
    """Return the dateutil rule for ``rule`` starting on ``start``.

    Raises ValidationError with a readable message on any malformed rule.
    """
    text = _normalise(rule)
    if not text:
        raise ValidationError(_("The recurrence rule is empty."), code="empty")
    if "DTSTART" in text.upper():
        raise ValidationError(
            _("Do not put DTSTART in the rule: the start date is used."),
            code="dtstart",
        )
    try:
        parsed = rrulestr(
            text, dtstart=dt.datetime.combine(start, dt.time()), forceset=False
        )
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            _("“%(rule)s” is not a valid recurrence rule (RFC 5545 RRULE): %(error)s"),
            params={"rule": rule, "error": exc},
            code="invalid",
        ) from exc
    if not isinstance(parsed, rrule) or parsed._freq not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _("A recurrence must be daily, weekly, monthly or yearly."),
            code="frequency",
        )
    return parsed


def occurrence_dates(
    *,
    rule: str,
    start: dt.date,
    end: dt.date,
    shift_off_days: bool = False,
) -> list[dt.date]:
    """The due dates an activity produces between ``start`` and ``end`` inclusive.

    An empty rule means a one-off activity, due on ``end``. With ``shift_off_days``
    a date on a weekend or public holiday moves to the previous working day (never
    before ``start``), and dates that collapse onto one are kept once.
    """
    if not _normalise(rule):
        dates = [end]
    else:
        parsed = parse_rule(rule, start)
        window_end = dt.datetime.combine(end, dt.time.max)
        dates = []
        for occurrence in parsed:
            if occurrence > window_end:
                break
            dates.append(occurrence.date())
            if len(dates) > MAX_OCCURRENCES:
                raise ValidationError(
                    _(
                        "The rule produces more than %(max)s dates; choose a longer "
                        "interval."
                    ),
                    params={"max": MAX_OCCURRENCES},
                    code="too_many",
                )
    if shift_off_days:
        dates = [max(previous_working_day(day), start) for day in dates]
    return sorted(set(dates))
