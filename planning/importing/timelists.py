"""The compound time phrases: lists of periods, periodic words with a window,
a day in every year, and multi-year or open-ended phrases.

``docs/import-time-grammar.md`` states the grammar. Every function takes the
cleaned text (lower case, no accents, "/", "-", "," spaced as tokens) and returns
a reading, or None when the phrase is not of its form; the caller reports an
unread phrase to the planner, nothing is guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .timewords import TimeReading, _Reader

Read = Callable[[str], "TimeReading | None"]

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
MONTHLY_LAST_DAY = "FREQ=MONTHLY;BYMONTHDAY=-1"
QUARTER_ENDS = "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
_YEAR_TAIL = re.compile(r"^(.*?)(?: ?/ ?| nam )(\d{4})$")
_SEPARATOR = re.compile(r" (?:, va|,|va|;) ")
_PERIODIC = r"(?:dinh ky )?(?:hang|moi) (thang|quy)"
_EVERY_YEAR = re.compile(
    r"^(?:vao )?(.+?) (?:hang|moi) nam$|^(?:hang|moi) nam (?:vao )?(.+)$"
)
_ONWARD = r"(?:va (?:cac|nhung) nam (?:tiep theo|sau|ke tiep)|tro di|tro ve sau)"
_FROM = re.compile(
    r"^tu (?:(?:thang (?P<month>\d{1,2}))|(?:quy (?P<quarter>iv|iii|ii|i|[1-4]))|"
    r"(?:(?:ngay )?(?P<day>\d{1,2})/(?P<dmonth>\d{1,2})))"
    r"(?:(?: ?/ ?| nam )(?P<year>\d{4}))?"
    r"(?: (?:den (?:het|cuoi) nam|tro di|tro ve sau|den nay|den het nam \d{4}))?$"
)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class _Period:
    def __init__(self, start: dt.date, end: dt.date, ends: list[dt.date]) -> None:
        self.start, self.end, self.ends = start, end, ends


def _item(reader: _Reader, text: str, noun: str) -> tuple[_Period, str] | None:
    """One item of a list: a month, quarter, first or last months, the year or
    a periodic word, with its noun or the one before it; a range of two."""
    year = reader.year
    text = text.strip()
    if match := _YEAR_TAIL.match(text):
        text, year = match[1], reader.year_of(match[2])
    if text.startswith("tu ") and (" den " in text or " - " in text):
        text = text[3:]
    for joint in (" - ", " den "):
        if joint in text:
            left, right = text.split(joint, 1)
            first = _item(reader, left, noun)
            if first is None:
                return None
            last = _item(reader, right, first[1])
            if last is None or last[0].end < first[0].start:
                return None
            return _Period(first[0].start, last[0].end, [last[0].end]), last[1]
    if match := re.fullmatch(r"(?:ca |trong )?nam (\d{4})", text):
        text, year = "nam", reader.year_of(match[1])
    if text in ("nam", "ca nam", "trong nam", "nam nay"):
        end = dt.date(year, 12, 31)
        return _Period(dt.date(year, 1, 1), end, [end]), noun
    if match := re.fullmatch(r"(6|9|sau|chin) thang(?: (dau|cuoi) nam)?", text):
        count = {"sau": 6, "chin": 9}.get(match[1]) or int(match[1])
        if match[2] == "cuoi":
            start, end = dt.date(year, 13 - count, 1), dt.date(year, 12, 31)
        else:
            start, end = dt.date(year, 1, 1), _last_day(year, count)
        return _Period(start, end, [end]), noun
    if match := re.fullmatch(_PERIODIC, text):
        months = range(1, 13) if match[1] == "thang" else (3, 6, 9, 12)
        ends = [_last_day(year, month) for month in months]
        return _Period(dt.date(year, 1, 1), ends[-1], ends), noun
    if match := re.fullmatch(
        r"(?:(?:trong |cac )?(thang|quy) )?(iv|iii|ii|i|\d{1,2})", text
    ):
        noun = match[1] or noun or ("quy" if match[2] in ROMAN else "")
        number = ROMAN.get(match[2]) or int(match[2])
        if noun == "thang" and 1 <= number <= 12:
            end = _last_day(year, number)
            return _Period(dt.date(year, number, 1), end, [end]), noun
        if noun == "quy" and 1 <= number <= 4:
            end = _last_day(year, number * 3)
            return _Period(dt.date(year, number * 3 - 2, 1), end, [end]), noun
    return None


def period_list(reader: _Reader, text: str) -> TimeReading | None:
    """ "Quý I, II và III", "tháng 3 và tháng 9", "6 tháng, năm", "Quý I – III":
    one occurrence due at the end of each period listed; one period, once."""
    from .timewords import TimeReading

    year_tail = _YEAR_TAIL.match(text)
    if year_tail and not _SEPARATOR.search(year_tail[1].split(" - ")[-1]):
        reader.year_of(year_tail[2])  # "Tháng 3, 6/2026": the year of them all
    parts = _SEPARATOR.split(text)
    periods: list[_Period] = []
    noun = ""
    for part in parts:
        found = _item(reader, part, noun)
        if found is None:
            return None
        period, noun = found
        periods.append(period)
    start = min(period.start for period in periods)
    ends = sorted({end for period in periods for end in period.ends})
    if len(ends) == 1:
        return TimeReading(start, ends[0], form="period")
    months = ",".join(str(end.month) for end in ends)
    rule = f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY=-1"
    if len(ends) == 12:
        rule = MONTHLY_LAST_DAY
    return TimeReading(start, ends[-1], rule=rule, form="periods")


def periodic_window(reader: _Reader, text: str, read: Read) -> TimeReading | None:
    """ "Hằng tháng trong 6 tháng", "định kỳ hằng quý từ quý II", "từ tháng 4,
    hằng tháng": the periodic rule within the window the rest names."""
    from .timewords import TimeReading

    day = r"(?: (?:vao )?ngay (\d{1,2}))?"
    # "ngày 25 hằng tháng …" is "hằng tháng ngày 25 …"
    text = re.sub(rf"^(?:vao )?ngay (\d{{1,2}}) ({_PERIODIC})", r"\2 ngay \1", text)
    if match := re.fullmatch(rf"{_PERIODIC}{day}(?: ,)? (trong|tu|vao) (.+)", text):
        unit, on_day = match[1], match[2]
        window_text = ("tu " if match[3] == "tu" else "") + match[4]
    elif match := re.fullmatch(rf"(.+?)(?: ,)? {_PERIODIC}{day}", text):
        window_text, unit, on_day = match[1], match[2], match[3]
    else:
        return None
    if window_text in ("nam", "ca nam", "nam nay"):
        window_text = "nam"
        window = period_list(reader, window_text)
    else:
        window = read(window_text)
    if window is None or window.rule:
        return None
    if unit == "quy":
        rule = QUARTER_ENDS
    elif on_day:
        if not 1 <= int(on_day) <= 31:
            return None
        rule = f"FREQ=MONTHLY;BYMONTHDAY={int(on_day)}"
    else:
        rule = MONTHLY_LAST_DAY
    return TimeReading(window.start, window.due, rule=rule, form="periodic_window")


def every_year(reader: _Reader, text: str, read: Read) -> TimeReading | None:
    """ "Ngày 15/12 hằng năm", "Quý I hằng năm": that time in the plan's year."""
    match = _EVERY_YEAR.fullmatch(text)
    if not match:
        return None
    inner = read(match[1] or match[2])
    if inner is None or inner.rule or inner.form in ("year", "years"):
        return None
    return inner


def _years(text: str) -> tuple[int, int] | None:
    """The first and last years a multi-year phrase covers (9999: open)."""
    if match := re.fullmatch(rf"(?:tu )?(?:nam )?(\d{{4}}) {_ONWARD}", text):
        return int(match[1]), 9999
    if match := re.fullmatch(
        r"(?:giai doan |nam |tu nam |tu )?(\d{4}) (?:-|den) (?:nam )?(\d{4})", text
    ):
        return int(match[1]), int(match[2])
    if match := re.fullmatch(r"tu nam (\d{4})", text):
        return int(match[1]), 9999
    if match := re.fullmatch(r"den (?:nam )?(\d{4})", text):
        return 0, int(match[1])
    return None


def multi_year(reader: _Reader, text: str) -> TimeReading | None:
    """ "Năm 2026 và các năm tiếp theo", "Giai đoạn 2026-2030", "Thường xuyên
    (2026 – 2030)": the plan's whole year, when the years include it."""
    from .timewords import TimeReading

    for head in ("", "thuong xuyen ", "hang nam ", "ca nam ", "trong "):
        if not text.startswith(head):
            continue
        years = _years(text[len(head) :].removeprefix(", "))
        if years is None:
            continue
        if not years[0] <= reader.year <= years[1]:
            raise reader.error(
                _("“%(value)s” is outside the plan's year (%(year)s).")
                % {"value": reader.original, "year": reader.year}
            )
        start, end = dt.date(reader.year, 1, 1), dt.date(reader.year, 12, 31)
        return TimeReading(start, end, ongoing=True, form="years")
    return None


def partial_year(reader: _Reader, text: str) -> TimeReading | None:
    """ "Từ tháng 7 đến hết năm", "Từ tháng 4/2026", "Từ quý II", "Từ 01/7":
    from then to the year's end, once."""
    from .timewords import TimeReading

    match = _FROM.fullmatch(text)
    if not match:
        return None
    year = reader.year_of(match["year"])
    if match["month"]:
        start = dt.date(year, reader.month(match["month"]), 1)
    elif match["quarter"]:
        quarter = ROMAN.get(match["quarter"]) or int(match["quarter"])
        start = dt.date(year, quarter * 3 - 2, 1)
    else:
        start = reader.date(match["day"], match["dmonth"], match["year"])
    return TimeReading(start, dt.date(year, 12, 31), form="from_month")
