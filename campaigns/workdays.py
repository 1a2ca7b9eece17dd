"""Working days in Vietnam: the ``holidays`` package and the year's decisions.

The one place that says whether a day is worked, for the calendar page,
recurrence, the import, copying and issuing a plan, and the reminders. The
package (pinned in requirements.txt) knows the public holidays, lunar ones
included, their observed days off ("nghỉ bù") and the swaps its maintainers
recorded (Saturday 26/04/2025 worked for Friday 02/05/2025). Over it lie the
Government's yearly decisions (``OfficialDay``): the installation's rows, then
the acting organisation's own, each overruling the package for its date — so
Friday 02/01/2026 is off and Saturday 10/01/2026 worked, which the package
does not know.

Which organisation's rows apply follows the active scope
(``organisation.scoping``): inside ``acting_in(pk)``, the installation's and that
organisation's; without a scope, the installation's only. A year's calendar is
kept for ``CACHE_SECONDS`` per process; a write through
``campaigns.services.calendar`` clears this process's copy at once.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.db.models import Q

from organisation.scoping import active_organisation_ids

CACHE_SECONDS = 60.0
# Never look further than this for a working day (Tết with its weekends is 9).
SEARCH_DAYS = 31


@lru_cache(maxsize=32)
def _package(year: int) -> holidays.HolidayBase:
    """Vietnam's holiday calendar of ``year`` with Vietnamese names."""
    return holidays.country_holidays("VN", years=year, language="vi")


@dataclass(frozen=True)
class YearCalendar:
    """One year's days off (by date, with their names) and make-up working days."""

    year: int
    days_off: dict[dt.date, str] = field(default_factory=dict)
    working_days: dict[dt.date, str] = field(default_factory=dict)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5


def _load(year: int, organisation_ids: tuple[int, ...]) -> YearCalendar:
    from campaigns.models.calendar import OfficialDay

    package = _package(year)
    days_off = dict(package)
    working_days = {day: "" for day in package.weekend_workdays if day.year == year}
    rows = list(
        OfficialDay.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id__in=organisation_ids),
            date__year=year,
        )
    )
    # The installation's rows first, then an organisation's (which win).
    rows.sort(key=lambda row: row.organisation_id is not None)
    for row in rows:
        if row.kind == OfficialDay.Kind.DAY_OFF:
            working_days.pop(row.date, None)
            days_off[row.date] = row.name
        else:
            days_off.pop(row.date, None)
            working_days[row.date] = row.name
    return YearCalendar(year, days_off, working_days)


_cache: dict[tuple[int, tuple[int, ...]], tuple[float, YearCalendar]] = {}
_lock = threading.Lock()


def year_calendar(year: int) -> YearCalendar:
    """The calendar of ``year`` for the active scope's organisations."""
    key = (year, tuple(sorted(active_organisation_ids() or ())))
    now = time.monotonic()
    with _lock:
        found = _cache.get(key)
    if found is not None and now - found[0] < CACHE_SECONDS:
        return found[1]
    calendar = _load(year, key[1])
    with _lock:
        _cache[key] = (now, calendar)
    return calendar


def forget() -> None:
    """Drop this process's copies (after a decision is written)."""
    with _lock:
        _cache.clear()


def vietnam_holidays(year: int) -> dict[dt.date, str]:
    """Days off of ``year`` on weekdays or named (holidays, swaps) by date."""
    return dict(year_calendar(year).days_off)


def holiday_name(day: dt.date) -> str | None:
    """The Vietnamese name of the holiday or day off on ``day``, or None."""
    return year_calendar(day.year).days_off.get(day)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday unless a day off, plus make-up working Saturdays/Sundays."""
    return year_calendar(day.year).is_working_day(day)


def is_makeup_working_day(day: dt.date) -> bool:
    """A Saturday or Sunday worked in exchange for a day off (e.g. 10/01/2026)."""
    return day.weekday() >= 5 and is_working_day(day)


def makeup_working_days(year: int) -> list[dt.date]:
    """Weekend days of ``year`` worked in exchange for a day off, in order."""
    calendar = year_calendar(year)
    return sorted(day for day in calendar.working_days if day.weekday() >= 5)


def is_off_day(day: dt.date) -> bool:
    """A weekend day (not a make-up working day) or a day off."""
    return not is_working_day(day)


def previous_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the closest one before it."""
    for _step in range(SEARCH_DAYS):
        if is_working_day(day):
            return day
        day -= dt.timedelta(days=1)
    return day


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the closest one after it."""
    for _step in range(SEARCH_DAYS):
        if is_working_day(day):
            return day
        day += dt.timedelta(days=1)
    return day


def moved_due_date(day: dt.date, start: dt.date | None = None) -> dt.date:
    """Where a due date on a day off goes ("dời ngày nghỉ"): the previous
    working day (a due date is kept early rather than late), or the next one
    when the previous is before ``start``; ``day`` itself when it is worked."""
    moved = previous_working_day(day)
    if start is not None and moved < start:
        return next_working_day(day)
    return moved
