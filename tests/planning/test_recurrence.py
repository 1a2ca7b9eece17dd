"""Recurrence presets, the rule in words and the flagged dates of the preview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from planning.recurrence import (
    Preset,
    PresetChoice,
    build_preview,
    describe_rule,
    preset_for_rule,
    rule_for_preset,
)

# The calendar reads the Government's decisions from the database.
pytestmark = pytest.mark.django_db

JAN_1 = dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("choice", "rule"),
    [
        (PresetChoice(Preset.ONCE), ""),
        (PresetChoice(Preset.WEEKLY, weekday="TH"), "FREQ=WEEKLY;BYDAY=TH"),
        (PresetChoice(Preset.MONTHLY, month_day=25), "FREQ=MONTHLY;BYMONTHDAY=25"),
        (PresetChoice(Preset.MONTHLY, month_day=-1), "FREQ=MONTHLY;BYMONTHDAY=-1"),
        (
            PresetChoice(Preset.QUARTERLY, month_day=20),
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20",
        ),
        (
            PresetChoice(Preset.CUSTOM, custom_rule="FREQ=YEARLY;BYMONTH=3"),
            "FREQ=YEARLY;BYMONTH=3",
        ),
    ],
)
def test_preset_becomes_its_rule_and_back(choice, rule) -> None:
    assert rule_for_preset(choice) == rule
    assert preset_for_rule(rule) == choice


def test_custom_rule_is_normalised() -> None:
    choice = PresetChoice(Preset.CUSTOM, custom_rule=" rrule:freq=yearly;bymonth=3 ")

    assert rule_for_preset(choice) == "FREQ=YEARLY;BYMONTH=3"


def test_unusual_rule_is_edited_as_custom() -> None:
    choice = preset_for_rule("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1")

    assert choice.preset == Preset.CUSTOM
    assert choice.custom_rule == "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1"


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("", "Một lần, vào ngày hạn hoàn thành"),
        ("FREQ=MONTHLY;BYMONTHDAY=25", "Hằng tháng, vào ngày 25"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "Hằng tháng, vào ngày cuối tháng"),
        (
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20",
            "Hằng quý (3 tháng một lần), vào ngày 20",
        ),
        ("FREQ=WEEKLY;BYDAY=MO", "Hằng tuần vào Thứ 2"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "2 tuần một lần vào Thứ 6"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "Hằng tháng, vào Thứ 2 đầu tiên"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=10;COUNT=4",
            "Hằng tháng, vào ngày 10, tổng cộng 4 lần",
        ),
    ],
)
def test_rule_is_described_in_plain_vietnamese(rule, sentence) -> None:
    with translation.override("vi"):
        assert describe_rule(rule, JAN_1) == sentence


def test_monthly_preview_lists_twelve_dates_and_flags_weekends() -> None:
    preview = build_preview(
        rule="FREQ=MONTHLY;BYMONTHDAY=25",
        start=JAN_1,
        end=dt.date(2024, 12, 31),
        shift_off_days=False,
    )

    assert preview.count == 12
    assert [d.due.month for d in preview.dates] == list(range(1, 13))
    weekends = [d.due for d in preview.dates if d.is_weekend]
    assert weekends == [
        dt.date(2024, 2, 25),
        dt.date(2024, 5, 25),
        dt.date(2024, 8, 25),
    ]
    assert preview.off_day_count == 3


def test_preview_names_the_lunar_new_year_holiday() -> None:
    preview = build_preview(
        rule="", start=JAN_1, end=dt.date(2024, 2, 12), shift_off_days=False
    )

    assert preview.dates[0].holiday is not None
    assert preview.dates[0].is_off_day


def test_shift_moves_tet_to_the_last_working_day_before_it() -> None:
    # 12/02/2024 is the third day of Tết (a Monday holiday): the working day
    # before the whole Tết break is Wednesday 07/02/2024.
    preview = build_preview(
        rule="", start=JAN_1, end=dt.date(2024, 2, 12), shift_off_days=True
    )

    assert preview.dates[0].due == dt.date(2024, 2, 7)
    assert preview.moved_count == 1


def test_preview_explains_a_rule_producing_no_date() -> None:
    with translation.override("vi"):
        preview = build_preview(
            rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
            start=JAN_1,
            end=dt.date(2024, 6, 30),
            shift_off_days=False,
        )

    assert preview.count == 0
    assert preview.error == (
        "Quy tắc này không tạo ra ngày nào trong khoảng từ ngày bắt đầu đến "
        "hạn hoàn thành."
    )


def test_preview_refuses_a_daily_rule_over_too_many_days() -> None:
    preview = build_preview(
        rule="FREQ=DAILY",
        start=JAN_1,
        end=dt.date(2025, 12, 31),
        shift_off_days=False,
    )

    assert "366" in preview.error
    assert preview.dates == []


# --- what the description says is what is created -------------------


YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _preview(rule: str, start: dt.date, end: dt.date, **kwargs):
    kwargs.setdefault("shift_off_days", False)
    kwargs.setdefault("today", dt.date(2025, 1, 1))
    with translation.override("vi"):
        return build_preview(rule=rule, start=start, end=end, **kwargs)


def test_day_31_is_described_with_its_fallback_and_twelve_times() -> None:
    preview = _preview("FREQ=MONTHLY;BYMONTHDAY=31", *YEAR_2025)

    assert preview.count == 12
    assert preview.sentence == (
        "Hằng tháng, vào ngày 31 (tháng ít ngày hơn thì vào ngày cuối tháng), "
        "tổng cộng 12 lần"
    )


def test_count_beyond_the_due_date_is_described_as_what_is_created() -> None:
    preview = _preview(
        "FREQ=MONTHLY;BYMONTHDAY=25;COUNT=12", dt.date(2025, 3, 1), YEAR_2025[1]
    )

    assert preview.count == 10
    assert preview.sentence.startswith("Hằng tháng, vào ngày 25, tổng cộng 10 lần")
    assert "quy tắc ghi 12 lần" in preview.sentence


def test_last_weekday_of_the_month_is_described_as_the_last_working_day() -> None:
    preview = _preview("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", *YEAR_2025)

    assert preview.sentence == (
        "Hằng tháng, vào ngày làm việc cuối cùng của tháng, tổng cộng 12 lần"
    )
    assert "Thứ 2 cuối cùng" not in preview.sentence


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", "Hằng tháng, vào Thứ 6 cuối cùng"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "Hằng tháng, vào Thứ 6 cuối cùng"),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
            "Hằng tháng, vào ngày làm việc đầu tiên của tháng",
        ),
        (
            "FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=-1",
            "Hằng tháng, vào ngày cuối tuần cuối cùng của tháng",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,WE;BYSETPOS=2",
            "Hằng tháng, vào ngày thứ hai trong các ngày Thứ 2, Thứ 4 của tháng",
        ),
        (
            "FREQ=MONTHLY;BYDAY=1MO,-1FR",
            "Hằng tháng, vào Thứ 2 đầu tiên, Thứ 6 cuối cùng",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=30",
            "Hằng tháng, vào ngày 30 (tháng ít ngày hơn thì vào ngày cuối tháng)",
        ),
    ],
)
def test_set_positions_and_numbered_weekdays_are_described_right(
    rule, sentence
) -> None:
    with translation.override("vi"):
        assert describe_rule(rule, JAN_1) == sentence


@pytest.mark.parametrize(
    "rule", ["FREQ=MONTHLY;BYDAY=9MO", "FREQ", "FREQ=MONTHLY;BYMONTHDAY=0"]
)
def test_a_rule_that_cannot_expand_is_shown_as_written(rule) -> None:
    with translation.override("vi"):
        assert describe_rule(rule, JAN_1) == f"Quy tắc riêng: {rule}"


def test_bymonthday_zero_preview_is_an_error_not_366_days() -> None:
    preview = _preview("FREQ=MONTHLY;BYMONTHDAY=0", *YEAR_2025)

    assert preview.dates == []
    assert "0 không phải là một ngày" in preview.error


def test_make_up_working_saturday_is_not_flagged_as_an_off_day() -> None:
    preview = _preview("", dt.date(2025, 4, 1), dt.date(2025, 4, 26))

    (item,) = preview.dates
    assert item.is_weekend
    assert item.is_makeup_workday
    assert not item.is_off_day
    assert preview.off_day_count == 0


# --- past dates are visible before saving ----------------------------


def test_monthly_2026_preview_on_30_november_counts_eleven_past_dates() -> None:
    preview = _preview(
        "FREQ=MONTHLY;BYMONTHDAY=25",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        today=dt.date(2026, 11, 30),
    )

    assert (preview.count, preview.past_count) == (12, 11)
    assert preview.can_start_today


def test_month_end_2026_preview_on_30_november_counts_ten_past_dates() -> None:
    # 30/11/2026 itself is today: due today is not past.
    preview = _preview(
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        today=dt.date(2026, 11, 30),
    )

    assert preview.past_count == 10


def test_starting_from_today_leaves_no_past_date() -> None:
    preview = _preview(
        "FREQ=MONTHLY;BYMONTHDAY=25",
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 31),
        today=dt.date(2026, 11, 30),
    )

    assert preview.past_count == 0
    assert preview.dates[0].due == dt.date(2026, 12, 25)


def test_start_from_today_is_not_offered_after_the_due_date() -> None:
    preview = _preview(
        "FREQ=MONTHLY;BYMONTHDAY=25",
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
        today=dt.date(2026, 11, 30),
    )

    assert preview.past_count == 6
    assert not preview.can_start_today
