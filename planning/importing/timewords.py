""" "Thời gian thực hiện" as offices write it, read into dates and a rule.

The grammar is documented, form by form, in ``docs/import-time-grammar.md``;
each form has a test in ``tests/planning/test_import_timewords.py``. A missing
year is the plan's year; a year other than the plan's is an error. Recurring
forms end on the last day of each period ("Hằng tháng" is due on each month's
last day), as the appendix means "by the end of the month".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from . import timelists
from .tables import Cell

MONTHLY_LAST_DAY = timelists.MONTHLY_LAST_DAY
QUARTER_ENDS = timelists.QUARTER_ENDS
WEEKDAY_CODES = {
    "hai": "MO",
    "2": "MO",
    "ba": "TU",
    "3": "TU",
    "tu": "WE",
    "4": "WE",
    "nam": "TH",
    "5": "TH",
    "sau": "FR",
    "6": "FR",
    "bay": "SA",
    "7": "SA",
}
ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Excel serials for 01/01/2000 … 31/12/2100: a bare number there is a date.
SERIAL_RANGE = (36526, 73415)


@dataclass(frozen=True)
class TimeReading:
    """What a phrase means: the activity's start and due dates and its rule.

    ``rule`` is an RFC 5545 RRULE ("" for once); ``ongoing`` marks a year-long
    task ("Thường xuyên", "Cả năm"); ``form`` names the grammar form used.
    """

    start: dt.date
    due: dt.date
    rule: str = ""
    ongoing: bool = False
    form: str = ""


def _clean(text: str) -> str:
    """Lower case without diacritics; keeps digits, / - . , as written."""
    value = text.replace("đ", "d").replace("Đ", "D")
    value = unicodedata.normalize("NFD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    value = re.sub(r"[–—−]", "-", value)
    value = re.sub(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", r"\3/\2/\1", value)
    value = re.sub(r"\b(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b", r"\1/\2/\3", value)
    value = re.sub(r"[;\n]", " , ", value)
    value = re.sub(r"[()\[\]:]", " ", value)
    # "ngày 15 tháng 12 năm 2026" -> "ngay 15/12/2026"
    value = re.sub(
        r"\bngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?",
        lambda m: f"ngay {m[1]}/{m[2]}" + (f"/{m[3]}" if m[3] else ""),
        value,
    )
    value = re.sub(r"\s*([/\-,])\s*", r" \1 ", value)
    value = re.sub(r"\s+/\s+", "/", value)
    return " ".join(value.split()).strip(" .,")


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class _Reader:
    def __init__(self, year: int, original: str) -> None:
        self.year = year
        self.original = original

    def error(self, message: str) -> ValidationError:
        return ValidationError(message, code="time")

    def year_of(self, text: str | None) -> int:
        if not text:
            return self.year
        year = int(text)
        if year != self.year:
            raise self.error(
                _("“%(value)s” is outside the plan's year (%(year)s).")
                % {"value": self.original, "year": self.year}
            )
        return year

    def date(self, day: str, month: str, year: str | None) -> dt.date:
        try:
            return dt.date(self.year_of(year), int(month), int(day))
        except ValueError as exc:
            raise self.error(
                _("“%(value)s” holds a day that does not exist.")
                % {"value": self.original}
            ) from exc

    def month(self, text: str) -> int:
        month = int(text)
        if not 1 <= month <= 12:
            raise self.error(
                _("“%(value)s”: there is no month %(month)s.")
                % {"value": self.original, "month": month}
            )
        return month

    def quarter(self, text: str) -> int:
        return ROMAN_QUARTERS[text]


_DATE = r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?"
_DAY = rf"(?:ngay )?{_DATE}"
_YEAR = r"(?:(?:/| nam )(?P<year>\d{4}))?"
_QUARTER = r"(iv|iii|ii|i|[1-4])"
_YEAR_LONG = (
    r"(?:ca nam|suot nam|quanh nam|trong nam|hang nam|thuong xuyen"
    r"(?: , lien tuc| lien tuc)?|lien tuc|nam)(?: (\d{4}))?"
)

_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(rf"{_DAY}")),
    (
        "before",
        re.compile(
            rf"(?:truoc|cham nhat|han chot|han|den|hoan thanh truoc)"
            rf"(?: ngay)? {_DATE}"
        ),
    ),
    ("range", re.compile(rf"(?:tu )?{_DAY} (?:-|den) {_DAY}")),
    (
        "month_range",
        re.compile(r"(?:tu )?thang (\d{1,2}) (?:-|den) (?:thang )?(\d{1,2})" + _YEAR),
    ),
    ("month", re.compile(r"(?:trong )?thang (\d{1,2})" + _YEAR)),
    (
        "months",
        re.compile(r"(?:cac )?thang ((?:\d{1,2} (?:,|va) )+\d{1,2})" + _YEAR),
    ),
    ("quarter", re.compile(rf"(?:trong )?quy {_QUARTER}" + _YEAR)),
    (
        "quarters",
        re.compile(rf"(?:cac )?quy ((?:{_QUARTER} (?:,|va|-) )+{_QUARTER})" + _YEAR),
    ),
    ("first_months", re.compile(r"(\d{1,2}) thang dau nam(?:[ /](\d{4}))?")),
    ("last_months", re.compile(r"(\d{1,2}) thang cuoi nam(?:[ /](\d{4}))?")),
    ("monthly", re.compile(r"(?:dinh ky )?(?:hang|moi) thang")),
    ("monthly_day", re.compile(r"(?:vao )?ngay (\d{1,2}) (?:hang|moi) thang")),
    (
        "monthly_on",
        re.compile(r"(?:dinh ky )?(?:hang|moi) thang(?: ,)? (?:vao )?ngay (\d{1,2})"),
    ),
    ("quarterly", re.compile(r"(?:dinh ky )?(?:hang|moi) quy")),
    ("weekly", re.compile(r"(?:dinh ky )?(?:hang|moi) tuan")),
    (
        "weekly_day",
        re.compile(r"(?:vao )?thu (hai|ba|tu|nam|sau|bay|[2-7]) (?:hang|moi) tuan"),
    ),
    ("year", re.compile(_YEAR_LONG)),
]


def read_time(cell: Cell | str, *, year: int) -> TimeReading:
    """Read one time cell. Raises ValidationError (in the user's language)."""
    if isinstance(cell, str):
        cell = Cell(cell)
    original = " ".join(cell.text.split())
    reader = _Reader(year, original)
    if cell.kind == "date":
        day = dt.date.fromisoformat(cell.text)
        reader.year_of(str(day.year))
        return TimeReading(day, day, form="date")
    if cell.kind == "number" or re.fullmatch(r"\d+", original):
        return _serial(reader, original)
    if cell.kind in ("formula", "bad_number"):
        raise reader.error(_("“%(value)s” is not a time.") % {"value": original})
    text = _clean(cell.text)
    if not text:
        raise reader.error(_("The time is empty."))
    found = _read_text(reader, text)
    if found is not None:
        return found
    raise reader.error(
        _(
            "“%(value)s” is not a time this import understands (e.g. 15/03/2025, "
            "Tháng 3, Quý II, Hằng tháng, Trước 30/6, Từ 01/3 đến 30/4, Cả năm)."
        )
        % {"value": original}
    )


def _read_text(reader: _Reader, text: str) -> TimeReading | None:
    """A simple form (the table of ``_FORMS``), else a compound one
    (:mod:`.timelists`); None when neither reads the text."""
    for form, pattern in _FORMS:
        match = pattern.fullmatch(text)
        if match:
            return _READERS[form](reader, match)

    def read(part: str) -> TimeReading | None:
        try:
            return _read_text(reader, part.strip(" ,"))
        except ValidationError:
            return None

    return (
        timelists.multi_year(reader, text)
        or timelists.partial_year(reader, text)
        or timelists.periodic_window(reader, text, read)
        or timelists.period_list(reader, text)
        or timelists.every_year(reader, text, read)
    )


def _serial(reader: _Reader, text: str) -> TimeReading:
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not (SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]) or not number.is_integer():
        raise reader.error(
            _("“%(value)s” is a number, not a date.") % {"value": reader.original}
        )
    day = from_excel(number).date()
    reader.year_of(str(day.year))
    return TimeReading(day, day, form="serial")


def _year_bounds(reader: _Reader) -> tuple[dt.date, dt.date]:
    return dt.date(reader.year, 1, 1), dt.date(reader.year, 12, 31)


def _date(reader: _Reader, m: re.Match[str]) -> TimeReading:
    day = reader.date(m[1], m[2], m[3])
    return TimeReading(day, day, form="date")


def _before(reader: _Reader, m: re.Match[str]) -> TimeReading:
    due = reader.date(m[1], m[2], m[3])
    return TimeReading(_year_bounds(reader)[0], due, form="before")


def _range(reader: _Reader, m: re.Match[str]) -> TimeReading:
    due = reader.date(m[4], m[5], m[6])
    start = reader.date(m[1], m[2], m[3] or m[6])
    if due < start:
        raise reader.error(
            _("“%(value)s” ends before it starts.") % {"value": reader.original}
        )
    return TimeReading(start, due, form="range")


def _month_range(reader: _Reader, m: re.Match[str]) -> TimeReading:
    year = reader.year_of(m[3])
    first, last = reader.month(m[1]), reader.month(m[2])
    if last < first:
        raise reader.error(
            _("“%(value)s” ends before it starts.") % {"value": reader.original}
        )
    return TimeReading(
        dt.date(year, first, 1), _last_day(year, last), form="month_range"
    )


def _month(reader: _Reader, m: re.Match[str]) -> TimeReading:
    year, month = reader.year_of(m[2]), reader.month(m[1])
    return TimeReading(dt.date(year, month, 1), _last_day(year, month), form="month")


def _month_list(
    reader: _Reader, months: list[int], form: str, span: int = 1
) -> TimeReading:
    """One occurrence due on the last day of each month listed; ``span`` is how
    many months each covers (3 for quarters), so the first starts in time."""
    months = sorted(set(months))
    first = dt.date(reader.year, months[0] - span + 1, 1)
    if len(months) == 1:
        return TimeReading(first, _last_day(reader.year, months[0]), form=form)
    rule = f"FREQ=YEARLY;BYMONTH={','.join(str(n) for n in months)};BYMONTHDAY=-1"
    return TimeReading(
        first,
        _last_day(reader.year, months[-1]),
        rule=rule,
        form=form,
    )


def _months(reader: _Reader, m: re.Match[str]) -> TimeReading:
    reader.year_of(m[2])
    numbers = [reader.month(n) for n in re.findall(r"\d{1,2}", m[1])]
    return _month_list(reader, numbers, "months")


def _quarter(reader: _Reader, m: re.Match[str]) -> TimeReading:
    year, quarter = reader.year_of(m[2]), reader.quarter(m[1])
    return TimeReading(
        dt.date(year, quarter * 3 - 2, 1),
        _last_day(year, quarter * 3),
        form="quarter",
    )


def _quarters(reader: _Reader, m: re.Match[str]) -> TimeReading:
    reader.year_of(m["year"])
    words = re.findall(r"iv|iii|ii|i|[1-4]|-", m[1])
    quarters: list[int] = []
    pending_range = False
    for word in words:
        if word == "-":
            pending_range = True
            continue
        number = reader.quarter(word)
        if pending_range and quarters:
            quarters.extend(range(quarters[-1] + 1, number + 1))
        else:
            quarters.append(number)
        pending_range = False
    quarters = sorted(set(quarters))
    if quarters == list(range(quarters[0], quarters[-1] + 1)) and "-" in words:
        return TimeReading(
            dt.date(reader.year, quarters[0] * 3 - 2, 1),
            _last_day(reader.year, quarters[-1] * 3),
            form="quarters",
        )
    return _month_list(reader, [q * 3 for q in quarters], "quarters", span=3)


def _first_months(reader: _Reader, m: re.Match[str]) -> TimeReading:
    year, count = reader.year_of(m[2]), reader.month(m[1])
    return TimeReading(dt.date(year, 1, 1), _last_day(year, count), form="first_months")


def _last_months(reader: _Reader, m: re.Match[str]) -> TimeReading:
    year, count = reader.year_of(m[2]), reader.month(m[1])
    return TimeReading(
        dt.date(year, 13 - count, 1), dt.date(year, 12, 31), form="last_months"
    )


def _recurring(reader: _Reader, rule: str, form: str) -> TimeReading:
    start, end = _year_bounds(reader)
    return TimeReading(start, end, rule=rule, form=form)


def _monthly(reader: _Reader, m: re.Match[str]) -> TimeReading:
    return _recurring(reader, MONTHLY_LAST_DAY, "monthly")


def _monthly_day(reader: _Reader, m: re.Match[str]) -> TimeReading:
    day = int(m[1])
    if not 1 <= day <= 31:
        raise reader.error(
            _("“%(value)s” holds a day that does not exist.")
            % {"value": reader.original}
        )
    return _recurring(reader, f"FREQ=MONTHLY;BYMONTHDAY={day}", "monthly")


def _quarterly(reader: _Reader, m: re.Match[str]) -> TimeReading:
    return _recurring(reader, QUARTER_ENDS, "quarterly")


def _weekly(reader: _Reader, m: re.Match[str]) -> TimeReading:
    return _recurring(reader, "FREQ=WEEKLY;BYDAY=FR", "weekly")


def _weekly_day(reader: _Reader, m: re.Match[str]) -> TimeReading:
    return _recurring(reader, f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[m[1]]}", "weekly")


def _year(reader: _Reader, m: re.Match[str]) -> TimeReading:
    if m[0].startswith("nam") and not m[1]:
        raise reader.error(
            _("“%(value)s” is not a time this import understands.")
            % {"value": reader.original}
        )
    reader.year_of(m[1])
    start, end = _year_bounds(reader)
    return TimeReading(start, end, ongoing=True, form="year")


_READERS = {
    "date": _date,
    "before": _before,
    "range": _range,
    "month_range": _month_range,
    "month": _month,
    "months": _months,
    "quarter": _quarter,
    "quarters": _quarters,
    "first_months": _first_months,
    "last_months": _last_months,
    "monthly": _monthly,
    "monthly_day": _monthly_day,
    "monthly_on": _monthly_day,
    "quarterly": _quarterly,
    "weekly": _weekly,
    "weekly_day": _weekly_day,
    "year": _year,
}


def phrase(reading: TimeReading) -> str:
    """The dates a reading covers, e.g. ``01/04–30/06/2025``."""
    if reading.start == reading.due:
        return f"{reading.due:%d/%m/%Y}"
    return f"{reading.start:%d/%m}–{reading.due:%d/%m/%Y}"
