"""The parts of an RFC 5545 RRULE, checked before anything expands it.

:func:`rule_parts` splits a rule into ``KEY=VALUE`` parts and refuses, with a
Vietnamese message (through gettext), whatever dateutil would choke on or
expand forever: missing or repeated parts, sub-daily frequencies, numbers out
of the RFC's ranges (``BYMONTHDAY=0``, ``INTERVAL=-1``, ``BYDAY=9MO`` in a
monthly rule), parts the RFC forbids with a frequency, and combinations no
calendar date can match (``BYMONTH=2;BYMONTHDAY=30`` in a daily rule,
``BYSETPOS=6`` over Mondays). ``campaigns.recurrence`` expands what passes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Month days from which a shorter month falls back to its last day.
FALLBACK_FROM_DAY = 29
FREQUENCY_NAMES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}

KNOWN_PARTS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYYEARDAY",
    "BYWEEKNO",
    "WKST",
}
_BYDAY_ITEM = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$", re.ASCII)
_INTEGER = re.compile(r"^[+-]?\d{1,4}$", re.ASCII)
# Largest ordinal a weekday can take inside a period (RFC 5545, 3.3.10).
_BYDAY_ORDINAL_MAX = {"MONTHLY": 5, "YEARLY": 53}
_UNTIL = re.compile(r"^(\d{8})(T\d{6}Z?)?$", re.ASCII)
_WEEKDAY_CODES = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
# Allowed ranges of the numeric list parts (RFC 5545, 3.3.10); 0 is never allowed.
_RANGES = {
    "BYMONTHDAY": (-31, 31),
    "BYMONTH": (1, 12),
    "BYSETPOS": (-366, 366),
    "BYYEARDAY": (-366, 366),
    "BYWEEKNO": (-53, 53),
}


def normalise_rule(rule: str) -> str:
    """The rule as stored: upper case, no ``RRULE:`` prefix, no spaces around."""
    text = (rule or "").strip().upper()
    return text.removeprefix("RRULE:").strip()


def invalid(rule: str, reason: str, code: str = "invalid") -> ValidationError:
    return ValidationError(
        _("“%(rule)s” is not a valid recurrence rule: %(reason)s"),
        params={"rule": rule, "reason": reason},
        code=code,
    )


def rule_parts(rule: str) -> dict[str, str]:
    """``KEY=VALUE`` parts of a rule, checked one by one and together.

    Raises ValidationError (Vietnamese through gettext) on an empty rule, a part
    without ``=``, an unknown or repeated part, a missing or sub-daily FREQ,
    numbers out of the RFC's ranges (``BYMONTHDAY=0``, ``INTERVAL=-1``,
    ``BYDAY=9MO`` in a monthly rule, ``COUNT=0``) and parts the RFC forbids
    with the frequency (``BYMONTHDAY`` in a weekly rule…).
    """
    parts = _split_parts(rule)
    _check_numbers(rule, parts)
    _check_weekdays(rule, parts)
    _check_combination(rule, parts)
    return parts


def _split_parts(rule: str) -> dict[str, str]:
    text = normalise_rule(rule)
    if not text:
        raise ValidationError(_("The recurrence rule is empty."), code="empty")
    parts: dict[str, str] = {}
    for item in text.split(";"):
        key, sep, value = (piece.strip() for piece in item.partition("="))
        if not key and not value:
            continue
        if key == "DTSTART":
            raise ValidationError(
                _("Do not put DTSTART in the rule: the start date is used."),
                code="dtstart",
            )
        if not sep or not value:
            raise invalid(
                rule, _("“%(part)s” needs a value, e.g. FREQ=MONTHLY.") % {"part": key}
            )
        if key not in KNOWN_PARTS:
            raise invalid(rule, _("“%(part)s” is not a rule part.") % {"part": key})
        if key in parts:
            raise invalid(rule, _("“%(part)s” is given twice.") % {"part": key})
        parts[key] = value
    freq = parts.get("FREQ")
    if freq is None:
        raise invalid(rule, _("FREQ (DAILY, WEEKLY, MONTHLY or YEARLY) is missing."))
    if freq in {"HOURLY", "MINUTELY", "SECONDLY"}:
        raise ValidationError(
            _("A recurrence must be daily, weekly, monthly or yearly."),
            code="frequency",
        )
    if freq not in FREQUENCY_NAMES:
        raise invalid(rule, _("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."))
    return parts


def _check_numbers(rule: str, parts: dict[str, str]) -> None:
    for key in ("INTERVAL", "COUNT"):
        value = parts.get(key)
        if value is not None and not (
            value.isascii() and value.isdigit() and 1 <= int(value) <= 999
        ):
            raise invalid(
                rule,
                _("%(part)s must be a whole number from 1 to 999.") % {"part": key},
            )
    if "COUNT" in parts and "UNTIL" in parts:
        raise invalid(rule, _("give COUNT or UNTIL, not both."))
    if "UNTIL" in parts and until_date(parts) is None:
        raise invalid(rule, _("UNTIL must be a date written YYYYMMDD, e.g. 20251231."))
    if "WKST" in parts and parts["WKST"] not in _WEEKDAY_CODES:
        raise invalid(rule, _("WKST must be a weekday (MO, TU, WE, TH, FR, SA, SU)."))
    for key, (low, high) in _RANGES.items():
        for value in split_list(parts.get(key, "")):
            number = int(value) if _INTEGER.match(value) else 0
            if number == 0 or not low <= number <= high:
                raise invalid(rule, _range_message(key, low, high))


def _check_weekdays(rule: str, parts: dict[str, str]) -> None:
    freq = parts["FREQ"]
    for value in split_list(parts.get("BYDAY", "")):
        match = _BYDAY_ITEM.match(value)
        if not match:
            raise invalid(
                rule,
                _("“%(value)s” is not a weekday (MO, TU, WE, TH, FR, SA, SU).")
                % {"value": value},
            )
        if match[1] is None:
            continue
        limit = _BYDAY_ORDINAL_MAX.get(freq)
        if limit is None or "BYWEEKNO" in parts:
            raise invalid(
                rule,
                _(
                    "“%(value)s”: a numbered weekday only makes sense in a monthly "
                    "or yearly rule."
                )
                % {"value": value},
            )
        if int(match[1]) == 0 or abs(int(match[1])) > limit:
            raise invalid(
                rule,
                _(
                    "“%(value)s”: a weekday's number must be from 1 to %(max)s "
                    "(or -1 to -%(max)s from the end)."
                )
                % {"value": value, "max": limit},
            )


# Parts the RFC allows with each frequency (3.3.10), BYSETPOS aside.
_ALLOWED_WITH = {
    "BYWEEKNO": {"YEARLY"},
    "BYYEARDAY": {"YEARLY"},
    "BYMONTHDAY": {"DAILY", "MONTHLY", "YEARLY"},
}
# Most dates one period can hold: a BYSETPOS beyond it never matches.
_PERIOD_SIZE = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
# Longest length of each month (February in a leap year).
_MONTH_MAX = {month: calendar.monthrange(2024, month)[1] for month in range(1, 13)}


def _check_combination(rule: str, parts: dict[str, str]) -> None:
    """Parts that cannot go together, or can never produce a date."""
    freq = parts["FREQ"]
    for key, frequencies in _ALLOWED_WITH.items():
        if key in parts and freq not in frequencies:
            raise invalid(
                rule,
                _("%(part)s cannot be used in a %(freq)s rule.")
                % {"part": key, "freq": freq},
            )
    if "BYSETPOS" in parts:
        by_parts = {"BYDAY", "BYMONTHDAY", "BYMONTH", "BYYEARDAY", "BYWEEKNO"}
        if freq not in _PERIOD_SIZE or not by_parts & parts.keys():
            raise invalid(
                rule,
                _(
                    "BYSETPOS picks among the dates of a week, month or year chosen "
                    "by BYDAY or BYMONTHDAY."
                ),
            )
        if all(
            abs(int(value)) > _set_size(parts)
            for value in split_list(parts["BYSETPOS"])
        ):
            raise _no_dates(rule)
    if "BYMONTH" in parts and "BYMONTHDAY" in parts:
        fallback = fallback_applies(parts)
        months = [int(value) for value in split_list(parts["BYMONTH"])]
        days = [int(value) for value in split_list(parts["BYMONTHDAY"])]
        if not any(
            (day > 0 and fallback) or abs(day) <= _MONTH_MAX[month]
            for month in months
            for day in days
        ):
            raise _no_dates(rule)


def _set_size(parts: dict[str, str]) -> int:
    """Most dates one period (week, month, year) of a rule can hold.

    A BYSETPOS beyond it can never match; dateutil would search for it up to
    year 9999, so such a rule is refused before it is expanded.
    """
    freq = parts["FREQ"]
    size = _PERIOD_SIZE[freq]
    months = len(set(split_list(parts.get("BYMONTH", "")))) or 12
    if freq == "YEARLY" and "BYMONTH" in parts:
        size = min(size, 31 * months)
    if "BYMONTHDAY" in parts:
        per_month = len(set(split_list(parts["BYMONTHDAY"])))
        size = min(size, per_month * (months if freq == "YEARLY" else 1))
    if "BYYEARDAY" in parts:
        size = min(size, len(set(split_list(parts["BYYEARDAY"]))))
    weekdays = split_list(parts.get("BYDAY", ""))
    if weekdays:
        numbered = [day for day in weekdays if day[:-2]]
        plain = {day for day in weekdays if not day[:-2]}
        per_period = {"WEEKLY": 1, "MONTHLY": 5, "YEARLY": 53}[freq]
        if freq == "YEARLY" and "BYMONTH" in parts:
            per_period = 5 * months
        weekday_count = len(plain) * per_period + len(numbered) * (
            months if freq == "YEARLY" and "BYMONTH" in parts else 1
        )
        size = min(size, weekday_count)
    return size


def _no_dates(rule: str) -> ValidationError:
    return invalid(rule, _("no calendar date can ever match it."), code="no_dates")


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",")] if value else []


def _range_message(key: str, low: int, high: int) -> str:
    if key == "BYMONTHDAY":
        return _(
            "BYMONTHDAY takes days 1 to 31, or -1 for the last day of the month "
            "(-2 the day before); 0 is not a day."
        )
    if key == "BYMONTH":
        return _("BYMONTH takes months 1 to 12.")
    return _("%(part)s takes numbers from %(low)s to %(high)s, without 0.") % {
        "part": key,
        "low": low,
        "high": high,
    }


def fallback_applies(parts: dict[str, str]) -> bool:
    """Whether a rule's days of the month follow the month-end fallback.

    Monthly and yearly rules that pick days of the month only: with weekdays,
    set positions, year days or week numbers the RFC's meaning is kept.
    """
    return parts["FREQ"] in {"MONTHLY", "YEARLY"} and not (
        {"BYDAY", "BYSETPOS", "BYYEARDAY", "BYWEEKNO"} & parts.keys()
    )


def until_date(parts: dict[str, str]) -> dt.date | None:
    """The UNTIL date (a time or ``Z`` after it is ignored: a task is a day)."""
    match = _UNTIL.match(parts.get("UNTIL", ""))
    if not match:
        return None
    try:
        return dt.date(int(match[1][:4]), int(match[1][4:6]), int(match[1][6:]))
    except ValueError:
        return None
