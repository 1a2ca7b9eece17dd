"""Working days in Vietnam, as the ``holidays`` package states them.

The package (pinned in requirements.txt) knows the public holidays, lunar ones
included, their observed days off ("nghỉ bù") and the make-up working days the
government sets when it moves a day off: Saturday 26/04/2025 is a working day,
because Friday 02/05/2025 was given off in its place. Nothing here is a hand
list: a working day is whatever ``holidays.VN(...).is_working_day`` says.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _calendar(year: int) -> holidays.HolidayBase:
    """Vietnam's holiday calendar of ``year`` with Vietnamese names."""
    return holidays.country_holidays("VN", years=year, language="vi")


def vietnam_holidays(year: int) -> dict[dt.date, str]:
    """Public holidays (and days off given in their place) of ``year`` by date."""
    return dict(_calendar(year))


def holiday_name(day: dt.date) -> str | None:
    """The Vietnamese name of the holiday on ``day``, or None."""
    return _calendar(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday unless a holiday, plus make-up working Saturdays/Sundays."""
    return _calendar(day.year).is_working_day(day)


def is_makeup_working_day(day: dt.date) -> bool:
    """A Saturday or Sunday worked in exchange for a day off (e.g. 26/04/2025)."""
    return day.weekday() >= 5 and is_working_day(day)


def makeup_working_days(year: int) -> list[dt.date]:
    """Weekend days of ``year`` worked in exchange for a day off, in order."""
    return sorted(day for day in _calendar(year).weekend_workdays if day.year == year)


def is_off_day(day: dt.date) -> bool:
    """A weekend day (not a make-up working day) or a public holiday."""
    return not is_working_day(day)


def previous_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the closest one before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
