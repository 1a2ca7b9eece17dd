"""One validation for every recurrence rule: expand within the range, capped.

Cases from the import case file ``09_rrule_edges.xlsx`` and the
rules that broke pages and the import.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.recurrence import (
    MAX_OCCURRENCES,
    expand_rule,
    occurrence_dates,
    validate_rule,
)

# The calendar reads the Government's decisions from the database.
pytestmark = pytest.mark.django_db

JAN_1 = dt.date(2025, 1, 1)
DEC_31 = dt.date(2025, 12, 31)


def month_ends(year: int) -> list[dt.date]:
    return [
        (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        for month in range(1, 13)
    ]


def test_day_31_gives_every_month_on_its_last_day() -> None:
    dates = validate_rule("FREQ=MONTHLY;BYMONTHDAY=31", JAN_1, DEC_31)

    assert dates == month_ends(2025)


def test_day_30_includes_february_on_the_28th() -> None:
    dates = validate_rule("FREQ=MONTHLY;BYMONTHDAY=30", JAN_1, DEC_31)

    assert len(dates) == 12
    assert dt.date(2025, 2, 28) in dates
    assert dt.date(2025, 3, 30) in dates


def test_day_30_in_a_leap_year_falls_on_29_february() -> None:
    dates = validate_rule(
        "FREQ=MONTHLY;BYMONTHDAY=30", dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    )

    assert dt.date(2024, 2, 29) in dates
    assert len(dates) == 12


def test_monthly_rule_from_the_31st_keeps_every_month() -> None:
    # 09_rrule_edges.xlsx row "Chuyên mục hằng tháng từ 31/01": FREQ=MONTHLY alone
    dates = validate_rule("FREQ=MONTHLY", dt.date(2025, 1, 31), DEC_31)

    assert dates == month_ends(2025)


def test_quarterly_day_31_falls_back_in_30_day_months() -> None:
    dates = validate_rule("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=31", JAN_1, DEC_31)

    assert dates == [
        dt.date(2025, 1, 31),
        dt.date(2025, 4, 30),
        dt.date(2025, 7, 31),
        dt.date(2025, 10, 31),
    ]


def test_two_days_falling_back_onto_one_date_make_one_date() -> None:
    dates = validate_rule("FREQ=MONTHLY;BYMONTHDAY=30,31", JAN_1, DEC_31)

    assert [day for day in dates if day.month == 2] == [dt.date(2025, 2, 28)]
    assert [day for day in dates if day.month == 1] == [
        dt.date(2025, 1, 30),
        dt.date(2025, 1, 31),
    ]


def test_count_stops_at_the_due_date() -> None:
    # 09_rrule_edges.xlsx: BYMONTHDAY=25;COUNT=12 from 01/03 makes 10 in the year
    dates = validate_rule(
        "FREQ=MONTHLY;BYMONTHDAY=25;COUNT=12", dt.date(2025, 3, 1), DEC_31
    )

    assert dates[0] == dt.date(2025, 3, 25)
    assert len(dates) == 10


def test_count_applies_to_fallback_dates() -> None:
    dates = validate_rule("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", JAN_1, DEC_31)

    assert dates == [dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 31)]


def test_until_with_a_utc_time_is_read_as_its_date() -> None:
    dates = validate_rule("FREQ=MONTHLY;UNTIL=20250630T000000Z", JAN_1, DEC_31)

    assert dates[-1] == dt.date(2025, 6, 1)
    assert len(dates) == 6


def test_last_weekday_of_each_month() -> None:
    dates = validate_rule(
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", JAN_1, DEC_31
    )

    assert len(dates) == 12
    assert dt.date(2025, 5, 30) in dates  # 31/05/2025 is a Saturday
    assert all(day.weekday() < 5 for day in dates)


def test_minus_one_is_the_last_day() -> None:
    assert validate_rule("FREQ=MONTHLY;BYMONTHDAY=-1", JAN_1, DEC_31) == month_ends(
        2025
    )


def test_empty_rule_is_one_date_on_the_due_date() -> None:
    assert validate_rule("", JAN_1, dt.date(2025, 3, 15)) == [dt.date(2025, 3, 15)]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=9MO",
        "FREQ=YEARLY;BYDAY=60MO",
        "FREQ=MONTHLY;BYDAY=+9MO;BYSETPOS=1",
        "FREQ=MONTHLY;INTERVAL=-1",
        "FREQ=MONTHLY;INTERVAL=0",
        "FREQ",
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO",
        "FREQ=MONTHLY;COUNT=-1",
        "FREQ=MONTHLY;BYMONTH=13",
        "FREQ=MONTHLY;FOO=1",
        "FREQ=MONTHLY;BYDAY=MO;BYDAY=TU",
        "FREQ=WEEKLY;BYDAY=1MO",
        "FREQ=WEEKLY;BYMONTHDAY=3",
        "FREQ=MONTHLY;WKST=XX",
        "FREQ=MONTHLY;UNTIL=2025-12-31",
        "FREQ=MONTHLY;COUNT=3;UNTIL=20251231",
        "BYMONTHDAY=25",
        "FREQ=SOMETIMES",
        "DTSTART=20250101;FREQ=DAILY",
        "FREQ=MONTHLY;BYMONTHDAY=²",
    ],
)
def test_rule_that_fails_to_expand_is_a_vietnamese_validation_error(rule) -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_rule(rule, JAN_1, DEC_31)

    message = " ".join(caught.value.messages)
    assert "unpack" not in message
    assert "list index" not in message
    assert "quy tắc" in message.lower() or "chu kỳ" in message.lower()


def test_bymonthday_zero_is_refused_not_read_as_last_day() -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_rule("FREQ=MONTHLY;BYMONTHDAY=0", JAN_1, DEC_31)

    assert "0 không phải là một ngày" in caught.value.messages[0]


@pytest.mark.parametrize("freq", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_sub_daily_rules_are_refused(freq) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_rule(f"FREQ={freq}", JAN_1, DEC_31)

    assert caught.value.code == "frequency"


def test_a_rule_over_the_cap_floods_and_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_rule("FREQ=DAILY", JAN_1, dt.date(2026, 6, 30))

    assert caught.value.code == "too_many"
    assert str(MAX_OCCURRENCES) in caught.value.messages[0]


def test_a_daily_rule_over_a_leap_year_fits_the_cap() -> None:
    dates = validate_rule("FREQ=DAILY", dt.date(2024, 1, 1), dt.date(2024, 12, 31))

    assert len(dates) == 366 == MAX_OCCURRENCES


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-30",
        "FREQ=DAILY;INTERVAL=7;BYDAY=TU",  # 01/01/2025 is a Wednesday
    ],
)
def test_rule_no_date_can_match_is_refused_at_once(rule) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_rule(rule, JAN_1, DEC_31)

    assert caught.value.code == "no_dates"


def test_rule_with_no_date_in_range_is_refused_by_validation_only() -> None:
    rule = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"
    end = dt.date(2025, 6, 30)

    with pytest.raises(ValidationError):
        validate_rule(rule, JAN_1, end)
    assert expand_rule(rule, JAN_1, end) == []


def test_due_before_start_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_rule("FREQ=MONTHLY;BYMONTHDAY=5", DEC_31, JAN_1)


def test_occurrence_dates_raise_the_same_error_as_validation() -> None:
    with pytest.raises(ValidationError):
        occurrence_dates(rule="FREQ=MONTHLY;BYDAY=9MO", start=JAN_1, end=DEC_31)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYDAY=+2TU;BYMONTHDAY=31",  # a second Tuesday is never the 31st
        "FREQ=YEARLY;BYYEARDAY=-1;BYWEEKNO=12",
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;BYMONTH=2;INTERVAL=12",
    ],
)
def test_a_rule_that_never_matches_ends_with_the_due_date(rule) -> None:
    # dateutil alone searches such rules up to year 9999 (seconds of work).
    started = time.perf_counter()

    with pytest.raises(ValidationError) as caught:
        validate_rule(rule, JAN_1, DEC_31)

    assert caught.value.code == "no_dates"
    assert time.perf_counter() - started < 1.0


def test_monthly_weekday_rules_expand_as_dateutil_does() -> None:
    # Period by period, the same dates as dateutil's own iteration.
    rule = "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=4"
    expected = [
        occurrence.date()
        for occurrence in rrulestr(
            rule, dtstart=dt.datetime.combine(dt.date(2025, 3, 20), dt.time())
        )
    ]

    assert validate_rule(rule, dt.date(2025, 3, 20), DEC_31) == expected
