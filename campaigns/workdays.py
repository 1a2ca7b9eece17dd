"""Working days in Vietnam: weekends and public holidays (lunar ones included)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def vietnam_holidays(year: int) -> dict[dt.date, str]:
    """Public holidays of ``year`` by date, named in Vietnamese."""
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def holiday_name(day: dt.date) -> str | None:
    return vietnam_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def previous_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the closest one before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
