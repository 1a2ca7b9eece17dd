"""The time grammar (docs/import-time-grammar.md) as properties: phrasings
generated from the grammar, read for a 2026 plan, give the dates they say."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.importing.timewords import read_time

YEAR = 2026
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
EXAMPLES = settings(max_examples=150, deadline=None)


def _end(month: int) -> dt.date:
    return dt.date(YEAR, month, calendar.monthrange(YEAR, month)[1])


@st.composite
def period(draw: st.DrawFn) -> tuple[str, str, dt.date, dt.date]:
    """(noun, number as written, start, end) of one period of the grammar."""
    kind = draw(st.sampled_from(["month", "quarter", "first", "last", "year"]))
    if kind == "month":
        month = draw(st.integers(1, 12))
        number = draw(st.sampled_from([str(month), f"{month:02d}"]))
        return "tháng", number, dt.date(YEAR, month, 1), _end(month)
    if kind == "quarter":
        quarter = draw(st.integers(1, 4))
        number = draw(st.sampled_from([ROMAN[quarter], str(quarter)]))
        return "quý", number, dt.date(YEAR, quarter * 3 - 2, 1), _end(quarter * 3)
    if kind == "first":
        count = draw(st.sampled_from([6, 9]))
        words = draw(st.sampled_from([f"{count} tháng", f"{count} tháng đầu năm"]))
        return "", words, dt.date(YEAR, 1, 1), _end(count)
    if kind == "last":
        return "", "6 tháng cuối năm", dt.date(YEAR, 7, 1), _end(12)
    words = draw(st.sampled_from(["năm", "cả năm"]))
    return "", words, dt.date(YEAR, 1, 1), _end(12)


@st.composite
def period_list(draw: st.DrawFn) -> tuple[str, list[tuple[dt.date, dt.date]]]:
    """A list of periods as offices write it, and the periods it names."""
    items = draw(st.lists(period(), min_size=1, max_size=4))
    parts = []
    previous = None
    for noun, number, _start, _finish in items:
        if number == "năm" and not parts:
            number = "cả năm"  # a bare "Năm" alone is not read
        repeat = draw(st.booleans()) or previous != noun or not noun
        written = f"{noun} {number}".strip() if repeat else number
        if not parts:
            written = written[0].upper() + written[1:]
        parts.append(written)
        previous = noun
    joints = [
        draw(st.sampled_from([", ", " và ", "; "]))
        if i == len(parts) - 2
        else draw(st.sampled_from([", ", "; "]))
        for i in range(len(parts) - 1)
    ]
    text = parts[0] + "".join(j + p for j, p in zip(joints, parts[1:], strict=True))
    return text, [(start, end) for _n, _w, start, end in items]


@EXAMPLES
@given(period_list())
def test_a_list_of_periods_is_due_at_the_end_of_each(case):
    text, periods = case
    reading = read_time(text, year=YEAR)

    ends = sorted({end for _start, end in periods})
    assert reading.start == min(start for start, _end in periods), text
    assert reading.due == ends[-1], text
    if len(ends) == 1:
        assert reading.rule == "", text
    else:
        months = ",".join(str(end.month) for end in ends)
        assert reading.rule in (
            f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY=-1",
            "FREQ=MONTHLY;BYMONTHDAY=-1",
        ), text


@EXAMPLES
@given(
    st.integers(1, 12),
    st.integers(1, 12),
    st.sampled_from(["Hằng tháng", "Hàng tháng", "Định kỳ hằng tháng", "Mỗi tháng"]),
    st.sampled_from(
        ["{p} từ tháng {a} đến tháng {b}", "Từ tháng {a} đến tháng {b}, {p}"]
    ),
)
def test_a_periodic_word_with_a_window_recurs_within_it(first, last, word, form):
    first, last = min(first, last), max(first, last)
    text = form.format(
        p=word if form.startswith("{p}") else word.lower(), a=first, b=last
    )
    reading = read_time(text, year=YEAR)

    assert (reading.start, reading.due) == (dt.date(YEAR, first, 1), _end(last)), text
    assert reading.rule == "FREQ=MONTHLY;BYMONTHDAY=-1", text


@EXAMPLES
@given(st.sampled_from([6, 9]), st.sampled_from(["tháng", "quý"]))
def test_a_periodic_word_for_the_first_months(count, unit):
    reading = read_time(f"Hằng {unit} trong {count} tháng đầu năm", year=YEAR)

    assert (reading.start, reading.due) == (dt.date(YEAR, 1, 1), _end(count))
    assert reading.rule


@EXAMPLES
@given(st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)), st.booleans())
def test_a_day_in_every_year_is_that_day_of_the_plans_year(day, spelled):
    written = f"ngày {day.day} tháng {day.month}" if spelled else f"ngày {day:%d/%m}"
    reading = read_time(f"{written} hằng năm", year=YEAR)

    assert (reading.start, reading.due, reading.rule) == (day, day, "")


@EXAMPLES
@given(
    st.integers(2015, 2035),
    st.integers(0, 10),
    st.sampled_from(["Giai đoạn ", "", "Thường xuyên, giai đoạn "]),
)
def test_a_span_of_years_covers_the_plans_year_or_is_refused(first, length, head):
    last = first + length
    text = f"{head}{first}-{last}"
    if first <= YEAR <= last:
        reading = read_time(text, year=YEAR)
        assert (reading.start, reading.due) == (dt.date(YEAR, 1, 1), _end(12))
        assert reading.ongoing
    else:
        with pytest.raises(ValidationError):
            read_time(text, year=YEAR)


@EXAMPLES
@given(st.integers(2020, 2026), st.sampled_from(["và các năm tiếp theo", "trở đi"]))
def test_a_year_and_the_years_after_it_covers_the_plans_year(first, tail):
    reading = read_time(f"Năm {first} {tail}", year=YEAR)

    assert (reading.start, reading.due, reading.ongoing) == (
        dt.date(YEAR, 1, 1),
        _end(12),
        True,
    )


@EXAMPLES
@given(
    st.integers(1, 12),
    st.sampled_from(
        [
            "Từ tháng {m} đến hết năm",
            "Từ tháng {m} đến cuối năm",
            "Từ tháng {m}/2026",
            "Từ tháng {m} trở đi",
        ]
    ),
)
def test_a_partial_year_runs_from_its_month_to_the_years_end(month, form):
    reading = read_time(form.format(m=month), year=YEAR)

    assert (reading.start, reading.due, reading.rule) == (
        dt.date(YEAR, month, 1),
        _end(12),
        "",
    )


@EXAMPLES
@given(
    st.integers(1, 12),
    st.integers(1, 12),
    st.sampled_from(
        [
            "Tháng {a} - {b}",
            "Từ tháng {a} đến tháng {b}",
            "tháng {a} đến tháng {b}/2026",
        ]
    ),
)
def test_a_range_of_months_is_one_period(first, last, form):
    first, last = min(first, last), max(first, last)
    reading = read_time(form.format(a=first, b=last), year=YEAR)

    assert (reading.start, reading.due, reading.rule) == (
        dt.date(YEAR, first, 1),
        _end(last),
        "",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Khi có yêu cầu",
        "Cuối năm",
        "Đầu năm",
        "Theo chỉ đạo",
        "Tháng 13 và 14",
        "Quý V",
    ],
)
def test_a_phrase_outside_the_grammar_is_refused_not_guessed(text):
    with pytest.raises(ValidationError):
        read_time(text, year=YEAR)
