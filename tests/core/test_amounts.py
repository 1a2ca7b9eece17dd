"""Amounts in đồng as Vietnamese write them: one reader for every money field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from nuithanh_cchc.amounts import MAX_AMOUNT, format_amount, parse_amount
from nuithanh_cchc.fields import AmountField

amounts = st.integers(min_value=0, max_value=MAX_AMOUNT - 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("250.000", 250_000),
        ("1.200.000", 1_200_000),
        ("1,5 triệu", 1_500_000),
        ("2 tỷ", 2_000_000_000),
        ("250000", 250_000),
        ("250.000 đ", 250_000),
        ("250.000đ", 250_000),
        ("1.200.000 VNĐ", 1_200_000),
        ("1.200.000 đồng", 1_200_000),
        ("500 nghìn", 500_000),
        ("2.5 triệu", 2_500_000),
        ("250 000", 250_000),
        ("250,000", 250_000),
        ("  3 tr ", 3_000_000),
        ("0", 0),
    ],
)
def test_amount_written_the_vietnamese_way_is_read(text: str, value: int) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text", ["abc", "12 quả", "1.2.3", "1,5", "-250.000", "1.234,5", "10^20"]
)
def test_unreadable_amount_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount(text)
    message = " ".join(caught.value.messages)
    assert text.strip() in message or "250.000" in message


@given(amounts)
def test_any_amount_formatted_the_vietnamese_way_reads_back_equal(value: int) -> None:
    assert parse_amount(format_amount(value)) == value


@given(amounts)
def test_any_amount_with_its_currency_reads_back_equal(value: int) -> None:
    assert parse_amount(f"{format_amount(value)} đ") == value
    assert parse_amount(f"{format_amount(value)}VNĐ") == value


@given(st.integers(min_value=0, max_value=10**5 - 1))
def test_millions_with_a_decimal_comma_read_back_equal(thousands: int) -> None:
    written = f"{thousands // 1000},{thousands % 1000:03d} triệu"
    assert parse_amount(written) == thousands * 1000


def test_amount_is_formatted_with_dots() -> None:
    assert format_amount(1_200_000) == "1.200.000"
    assert format_amount(Decimal("250000")) == "250.000"


def test_field_cleans_to_a_decimal_and_shows_it_back_with_dots() -> None:
    field = AmountField(required=False)
    assert field.clean("1.200.000") == Decimal(1_200_000)
    assert field.clean("") is None
    assert field.prepare_value(Decimal(1_200_000)) == "1.200.000"
    assert field.prepare_value("250000") == "250.000"
    assert field.prepare_value("nhiều") == "nhiều"


def test_field_never_shows_djangos_decimal_places_message() -> None:
    field = AmountField(max_digits=15, decimal_places=0, required=False)
    with pytest.raises(ValidationError) as caught:
        field.clean("1,5")
    assert "chữ số thập phân" not in " ".join(caught.value.messages)
