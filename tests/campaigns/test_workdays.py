"""Working days follow the holidays package and the Government's decisions, make-up
working days included."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.recurrence import occurrence_dates
from campaigns.workdays import (
    holiday_name,
    is_makeup_working_day,
    is_working_day,
    previous_working_day,
)

# The calendar reads the Government's decisions from the database.
pytestmark = pytest.mark.django_db

MAKE_UP_SATURDAY = dt.date(2025, 4, 26)  # worked for Friday 02/05/2025


def test_saturday_26_april_2025_is_a_make_up_working_day() -> None:
    assert is_working_day(MAKE_UP_SATURDAY)
    assert is_makeup_working_day(MAKE_UP_SATURDAY)


def test_the_friday_given_in_its_place_is_a_day_off() -> None:
    assert not is_working_day(dt.date(2025, 5, 2))
    assert holiday_name(dt.date(2025, 5, 2)) is not None


def test_an_ordinary_saturday_is_not_a_working_day() -> None:
    assert not is_working_day(dt.date(2025, 4, 19))
    assert not is_makeup_working_day(dt.date(2025, 4, 19))


def test_previous_working_day_stops_on_the_make_up_saturday() -> None:
    # Sunday 27/04/2025 → Saturday 26/04 is worked.
    assert previous_working_day(dt.date(2025, 4, 27)) == MAKE_UP_SATURDAY


def test_shift_keeps_a_date_on_the_make_up_saturday() -> None:
    dates = occurrence_dates(
        rule="",
        start=dt.date(2025, 4, 1),
        end=MAKE_UP_SATURDAY,
        shift_off_days=True,
    )

    assert dates == [MAKE_UP_SATURDAY]


def test_shift_moves_the_day_off_in_its_place_to_the_previous_working_day() -> None:
    # 02/05/2025 (off, for 26/04) and 01/05, 30/04 are holidays: 29/04 is worked.
    dates = occurrence_dates(
        rule="",
        start=dt.date(2025, 4, 1),
        end=dt.date(2025, 5, 2),
        shift_off_days=True,
    )

    assert dates == [dt.date(2025, 4, 29)]
