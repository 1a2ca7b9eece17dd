"""Each form of docs/import-time-grammar.md, read for a 2025 plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from planning.importing.tables import Cell
from planning.importing.timewords import read_time

D = dt.date
YEAR = 2025
WHOLE_YEAR = (D(2025, 1, 1), D(2025, 12, 31))


def _span(text: str | Cell) -> tuple[dt.date, dt.date, str]:
    reading = read_time(text, year=YEAR)
    return reading.start, reading.due, reading.rule


@pytest.mark.parametrize(
    "text",
    ["15/03/2025", "15/3", "15-03-2025", "15.03.2025", "2025-03-15", "Ngày 15/3/2025"],
)
def test_a_date_in_any_usual_writing(text):
    assert _span(text) == (D(2025, 3, 15), D(2025, 3, 15), "")


def test_an_excel_date_cell():
    assert _span(Cell("2025-03-15", "date")) == (D(2025, 3, 15), D(2025, 3, 15), "")


@pytest.mark.parametrize("cell", [Cell("45731", "number"), "45731"])
def test_a_date_serial(cell):
    assert _span(cell) == (D(2025, 3, 15), D(2025, 3, 15), "")


@pytest.mark.parametrize(
    "text", ["Tháng 3", "Tháng 3/2025", "tháng 03 năm 2025", "Trong tháng 3"]
)
def test_a_month(text):
    assert _span(text) == (D(2025, 3, 1), D(2025, 3, 31), "")


def test_months_listed_give_one_occurrence_each():
    assert _span("Tháng 3, 6, 9 và 12") == (
        D(2025, 3, 1),
        D(2025, 12, 31),
        "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
    )


@pytest.mark.parametrize("text", ["Từ tháng 3 đến tháng 5", "Tháng 3 - 5"])
def test_a_month_range(text):
    assert _span(text) == (D(2025, 3, 1), D(2025, 5, 31), "")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Quý I", (D(2025, 1, 1), D(2025, 3, 31))),
        ("Quý II/2025", (D(2025, 4, 1), D(2025, 6, 30))),
        ("Quý 3 năm 2025", (D(2025, 7, 1), D(2025, 9, 30))),
        ("quý iv", (D(2025, 10, 1), D(2025, 12, 31))),
    ],
)
def test_a_quarter(text, span):
    assert _span(text) == (*span, "")


@pytest.mark.parametrize("text", ["Quý I, III", "Quý I và III"])
def test_quarters_listed_give_one_occurrence_each(text):
    assert _span(text) == (
        D(2025, 1, 1),
        D(2025, 9, 30),
        "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=-1",
    )


def test_a_quarter_range():
    assert _span("Quý I - III") == (D(2025, 1, 1), D(2025, 9, 30), "")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("6 tháng đầu năm", (D(2025, 1, 1), D(2025, 6, 30))),
        ("9 tháng đầu năm 2025", (D(2025, 1, 1), D(2025, 9, 30))),
        ("6 tháng cuối năm", (D(2025, 7, 1), D(2025, 12, 31))),
    ],
)
def test_first_and_last_months(text, span):
    assert _span(text) == (*span, "")


@pytest.mark.parametrize(
    "text",
    [
        "Cả năm",
        "Năm 2025",
        "Trong năm",
        "Thường xuyên",
        "Thường xuyên, liên tục",
        "Suốt năm",
        "Quanh năm",
        "Hằng năm",
    ],
)
def test_the_whole_year_is_one_ongoing_task(text):
    reading = read_time(text, year=YEAR)
    assert (reading.start, reading.due, reading.rule, reading.ongoing) == (
        *WHOLE_YEAR,
        "",
        True,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Trước 30/6/2025",
        "Trước ngày 30/6",
        "Chậm nhất ngày 30/6",
        "Hạn chót 30/6",
        "Hoàn thành trước 30/6",
    ],
)
def test_a_deadline_runs_from_the_plans_start(text):
    assert _span(text) == (D(2025, 1, 1), D(2025, 6, 30), "")


@pytest.mark.parametrize(
    "text",
    ["Từ 01/3 đến 30/4", "Từ ngày 01/3/2025 đến ngày 30/4/2025", "01/3 - 30/4/2025"],
)
def test_a_date_range(text):
    assert _span(text) == (D(2025, 3, 1), D(2025, 4, 30), "")


@pytest.mark.parametrize(
    "text", ["Hằng tháng", "Hàng tháng", "Mỗi tháng", "Định kỳ hằng tháng"]
)
def test_every_month_is_due_on_each_months_last_day(text):
    assert _span(text) == (*WHOLE_YEAR, "FREQ=MONTHLY;BYMONTHDAY=-1")


@pytest.mark.parametrize("text", ["Ngày 25 hằng tháng", "Hằng tháng, ngày 25"])
def test_every_month_on_a_day(text):
    assert _span(text) == (*WHOLE_YEAR, "FREQ=MONTHLY;BYMONTHDAY=25")


@pytest.mark.parametrize("text", ["Hằng quý", "Hàng quý", "Mỗi quý"])
def test_every_quarter_is_due_on_each_quarters_last_day(text):
    assert _span(text) == (*WHOLE_YEAR, "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Hằng tuần", "FREQ=WEEKLY;BYDAY=FR"),
        ("Thứ Hai hằng tuần", "FREQ=WEEKLY;BYDAY=MO"),
    ],
)
def test_every_week(text, rule):
    assert _span(text) == (*WHOLE_YEAR, rule)


def test_accents_decomposed_and_case_do_not_matter():
    import unicodedata

    assert _span(unicodedata.normalize("NFD", "QUÝ II/2025")) == (
        D(2025, 4, 1),
        D(2025, 6, 30),
        "",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Quý II/2024", "“Quý II/2024” nằm ngoài năm của kế hoạch (2025)."),
        ("Tháng 3/2026", "“Tháng 3/2026” nằm ngoài năm của kế hoạch (2025)."),
        ("31/02/2025", "“31/02/2025” có ngày không tồn tại."),
        ("Tháng 13", "“Tháng 13”: không có tháng 13."),
        ("Từ 30/4 đến 01/3", "“Từ 30/4 đến 01/3” kết thúc trước khi bắt đầu."),
        ("12", "“12” là một số, không phải ngày."),
    ],
)
def test_a_time_that_cannot_be_right_is_a_clear_row_error(text, message):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        read_time(text, year=YEAR)

    assert error.value.messages == [message]


def test_words_not_in_the_grammar_are_refused_not_guessed():
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        read_time("Khi có chỉ đạo", year=YEAR)

    assert error.value.messages[0].startswith("Không hiểu thời gian “Khi có chỉ đạo”")
