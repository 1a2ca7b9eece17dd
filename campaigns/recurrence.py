"""Activity schedules: RFC 5545 RRULE strings expanded with python-dateutil.

One validation for every path. :func:`validate_rule` is what the activity form,
``Activity.clean`` (so ``activity_save``), the recurrence preview and the
import call: it checks the rule's parts, expands it between the start and due
dates with a cap on occurrences, and raises a ``ValidationError`` with a
Vietnamese message (through gettext) for a rule that is malformed, fails to
expand, floods or produces nothing. :func:`expand_rule` is the same expansion
without the "no date" refusal; the task expansion uses it through
:func:`occurrence_dates`.

Our readings of the RFC, documented in ``docs/recurrence.md``:

* **Days 29–31 fall back to the month's last day.** The RFC skips a month that
  has no 31st (``FREQ=MONTHLY;BYMONTHDAY=31`` gives 7 dates a year); a plan
  means "every month, on the 31st or the last day of a shorter month". So a
  positive month day of 29, 30 or 31, written or taken from the start date
  (``FREQ=MONTHLY`` starting on 31/01), becomes the month's last day in a
  shorter month: 12 dates a year, 28/02 (or 29/02) included. ``BYMONTHDAY=-1``
  is the last day; ``BYMONTHDAY=0`` is refused (it is not a day).
* **Sub-daily rules are refused** (SECONDLY, MINUTELY, HOURLY): a task is a day.
* **At most** :data:`MAX_OCCURRENCES` **dates** (one a day for a leap year).
"""

from __future__ import annotations

import calendar
import datetime as dt

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .rrule_syntax import (
    FALLBACK_FROM_DAY,
    fallback_applies,
    invalid,
    normalise_rule,
    rule_parts,
    split_list,
    until_date,
)
from .workdays import moved_due_date

__all__ = [
    "FALLBACK_FROM_DAY",
    "MAX_OCCURRENCES",
    "expand_rule",
    "normalise_rule",
    "occurrence_dates",
    "parse_rule",
    "rule_parts",
    "validate_rule",
]

# Occurrences of one activity are tasks; sub-daily rules make no sense for a plan.
ALLOWED_FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}
# One date a day for a whole leap year: a rule asking for more floods the plan.
MAX_OCCURRENCES = 366


def parse_rule(rule: str, start: dt.date) -> rrule:
    """The dateutil rule for ``rule`` starting on ``start``.

    Raises ValidationError with a Vietnamese message on any malformed rule; it
    does not expand it (see :func:`validate_rule`).
    """
    parts = rule_parts(rule)
    try:
        parsed = rrulestr(
            _dateutil_text(parts),
            dtstart=dt.datetime.combine(start, dt.time()),
            forceset=False,
        )
    except Exception as exc:  # noqa: BLE001 — dateutil raises whatever it meets
        raise invalid(
            rule, _("dateutil cannot read it; check each part's value.")
        ) from exc
    if not isinstance(parsed, rrule) or parsed._freq not in ALLOWED_FREQUENCIES:  # type: ignore[attr-defined]
        raise ValidationError(
            _("A recurrence must be daily, weekly, monthly or yearly."),
            code="frequency",
        )
    return parsed


def _fallback_days(parts: dict[str, str], start: dt.date) -> list[int] | None:
    """The month days of a rule that needs the month-end fallback, else None.

    A monthly or yearly rule picking days of the month (written, or the start
    date's day when the rule names no day) where one of them is 29, 30 or 31.
    Rules that also pick weekdays, set positions, year days or week numbers
    keep the RFC's meaning.
    """
    if not fallback_applies(parts):
        return None
    if "BYMONTHDAY" in parts:
        days = [int(value) for value in split_list(parts["BYMONTHDAY"])]
    else:
        days = [start.day]
    if not any(day >= FALLBACK_FROM_DAY for day in days):
        return None
    return days


def _clamped_dates(
    parts: dict[str, str], days: list[int], start: dt.date, end: dt.date
) -> list[dt.date]:
    """Dates of a month-day rule with 29–31 falling back to a month's last day.

    The months come from dateutil (same FREQ, INTERVAL, BYMONTH, counted from
    the start's month); the days are placed in each month by hand; COUNT and
    UNTIL apply to the dates so placed.
    """
    first = start.replace(day=1)
    months_rule = rrule(
        MONTHLY if parts["FREQ"] == "MONTHLY" else YEARLY,
        dtstart=dt.datetime.combine(first, dt.time()),
        interval=int(parts.get("INTERVAL", "1")),
        bymonth=_months(parts, start),
        bymonthday=1,
        until=dt.datetime.combine(end, dt.time()),
    )
    until = until_date(parts)
    count = int(parts["COUNT"]) if "COUNT" in parts else None
    dates: list[dt.date] = []
    for month_start in months_rule:
        last = calendar.monthrange(month_start.year, month_start.month)[1]
        placed = sorted(
            {
                month_start.date().replace(
                    day=min(day, last) if day > 0 else last + 1 + day
                )
                for day in days
                if day > 0 or -day <= last
            }
        )
        for day in placed:
            if day < start or day > end or (until and day > until):
                continue
            dates.append(day)
            if count is not None and len(dates) >= count:
                return dates
            if len(dates) > MAX_OCCURRENCES:
                return dates
    return dates


def _months(parts: dict[str, str], start: dt.date) -> list[int] | None:
    """The months a month-day rule runs in (None: every month of its period).

    As dateutil reads the RFC: BYMONTH when given; a yearly rule naming days
    of the month but no month runs in every month; a yearly rule naming
    neither repeats the start's day and month.
    """
    if "BYMONTH" in parts:
        return [int(month) for month in split_list(parts["BYMONTH"])]
    if parts["FREQ"] == "YEARLY" and "BYMONTHDAY" not in parts:
        return [start.month]
    return None


def _dateutil_text(parts: dict[str, str]) -> str:
    """The rule as dateutil reads it, UNTIL reduced to its date."""
    items = dict(parts)
    if "UNTIL" in items:
        items["UNTIL"] = items["UNTIL"][:8]
    return ";".join(f"{key}={value}" for key, value in items.items())


def _too_many() -> ValidationError:
    return ValidationError(
        _("The rule produces more than %(max)s dates; choose a longer interval."),
        params={"max": MAX_OCCURRENCES},
        code="too_many",
    )


def expand_rule(rule: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The rule's own dates between ``start`` and ``end`` inclusive, sorted.

    An empty rule is a one-off activity, due on ``end``. The expansion is
    bounded by ``end`` (a rule that never matches stops there, not in year
    9999) and by :data:`MAX_OCCURRENCES`. Days 29–31 fall back to the month's
    last day (module docstring). Raises ValidationError (code ``invalid``,
    ``frequency``, ``too_many``…) for a rule that is malformed, fails to expand
    or floods; it may return an empty list.
    """
    if not normalise_rule(rule):
        return [end]
    parsed = parse_rule(rule, start)
    parts = rule_parts(rule)
    if _never_from(parts, start):
        return []
    try:
        days = _fallback_days(parts, start)
        if days is not None:
            dates = _clamped_dates(parts, days, start, end)
        elif _by_period(parts):
            dates = _period_dates(parsed, parts, start, end)
        else:
            dates = _dateutil_dates(parsed, end)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 — e.g. IndexError, OverflowError
        raise invalid(
            rule,
            _("it cannot be expanded between %(start)s and %(end)s.")
            % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
        ) from exc
    if len(dates) > MAX_OCCURRENCES:
        raise _too_many()
    return sorted(set(dates))


def _never_from(parts: dict[str, str], start: dt.date) -> bool:
    """A daily rule stepping whole weeks from a weekday BYDAY does not name.

    dateutil would search such a rule up to year 9999 before giving up.
    """
    interval = int(parts.get("INTERVAL", "1"))
    weekdays = {value[-2:] for value in split_list(parts.get("BYDAY", ""))}
    code = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[start.weekday()]
    return (
        parts["FREQ"] == "DAILY"
        and interval % 7 == 0
        and bool(weekdays)
        and code not in weekdays
    )


# Parts that choose days inside a month or year period.
_DAY_PARTS = {"BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"}
# An interval that takes dateutil past year 9999 after one period.
_ONE_PERIOD = {"MONTHLY": 12 * 10_000, "YEARLY": 10_000}


def _by_period(parts: dict[str, str]) -> bool:
    """Monthly and yearly rules choosing days: expanded one period at a time.

    Such a rule can match rarely or never (``BYDAY=2TU;BYMONTHDAY=31``), and
    dateutil stops only on a match after UNTIL or in year 9999: seconds of
    work for a rule that is simply empty. Period by period, the work ends with
    the due date.
    """
    return parts["FREQ"] in _ONE_PERIOD and bool(_DAY_PARTS & parts.keys())


def _period_dates(
    parsed: rrule, parts: dict[str, str], start: dt.date, end: dt.date
) -> list[dt.date]:
    """The rule's dates, each month or year of ``[start, end]`` asked of dateutil.

    Periods step by INTERVAL from the start's month or year, as dateutil's
    own iteration does; each period is expanded by the same rule (its day
    parts name the days, so nothing is taken from the period's first day)
    with an interval that ends the iteration after it. COUNT and UNTIL are
    applied to the dates in order.
    """
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    count = parsed._count  # type: ignore[attr-defined]  # rrule's parts are private
    until = until_date(parts)
    last = min(end, until) if until else end
    first = start.replace(day=1) if freq == "MONTHLY" else start.replace(month=1, day=1)
    periods = rrule(
        MONTHLY if freq == "MONTHLY" else YEARLY,
        dtstart=dt.datetime.combine(first, dt.time()),
        interval=interval,
        until=dt.datetime.combine(last, dt.time()),
    )
    dates: list[dt.date] = []
    for period in periods:
        one = parsed.replace(
            dtstart=period, interval=_ONE_PERIOD[freq], count=None, until=None
        )
        for occurrence in one:
            day = occurrence.date()
            if day < start or day > last:
                continue
            dates.append(day)
            if (count is not None and len(dates) >= count) or len(
                dates
            ) > MAX_OCCURRENCES:
                return dates
    return dates


def _dateutil_dates(parsed: rrule, end: dt.date) -> list[dt.date]:
    """dateutil's expansion, stopped at ``end`` (COUNT applied by hand)."""
    window_end = dt.datetime.combine(end, dt.time.max)
    # rrule keeps its parts private (no public accessor); the stubs omit them.
    count = parsed._count  # type: ignore[attr-defined]
    until = parsed._until  # type: ignore[attr-defined]
    bounded = parsed.replace(
        count=None, until=min(until, window_end) if until else window_end
    )
    dates: list[dt.date] = []
    for occurrence in bounded:
        dates.append(occurrence.date())
        if count is not None and len(dates) >= count:
            break
        if len(dates) > MAX_OCCURRENCES:
            break
    return dates


def validate_rule(rule: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """Validate ``rule`` by expanding it from ``start`` to ``end``; its dates.

    The one check every path uses (form, ``Activity.clean``, preview, import).
    Returns the rule's dates (before any shift off weekends and holidays).
    Raises ValidationError, in Vietnamese through gettext, when the due date is
    before the start, the rule is malformed or fails to expand
    (``FREQ=MONTHLY;BYDAY=9MO``, ``INTERVAL=-1``, ``BYMONTHDAY=0``, ``FREQ``),
    floods (sub-daily, more than :data:`MAX_OCCURRENCES` dates) or produces no
    date in the range.
    """
    if end < start:
        raise ValidationError(
            _("The due date cannot be before the start."), code="due_before_start"
        )
    dates = expand_rule(rule, start, end)
    if not dates:
        raise ValidationError(
            _("The rule produces no date between the start and due dates."),
            code="no_dates",
        )
    return dates


def occurrence_dates(
    *,
    rule: str,
    start: dt.date,
    end: dt.date,
    shift_off_days: bool = False,
) -> list[dt.date]:
    """The due dates an activity produces between ``start`` and ``end`` inclusive.

    An empty rule means a one-off activity, due on ``end``. With ``shift_off_days``
    a date on a weekend or public holiday (not a make-up working day) moves to
    the previous working day (the next one when that is before ``start``:
    ``campaigns.workdays.moved_due_date``), and dates that collapse
    onto one are kept once. Raises ValidationError like :func:`expand_rule`.
    """
    dates = expand_rule(rule, start, end)
    if shift_off_days:
        dates = [moved_due_date(day, start) for day in dates]
    return sorted(set(dates))
