"""Amounts in đồng as Vietnamese write them, read and written back.

A dot groups thousands and a comma marks decimals: ``250.000``, ``1.200.000``,
``1,5 triệu``, ``2 tỷ``, ``250000``, ``250.000 đ``, ``1.200.000 VNĐ``. One reader
for every money field of the forms (:func:`parse_amount`) and for the plan
import (``planning.importing.numbers``), one writer (:func:`format_amount`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Amounts stop below this (the models hold 15 digits).
MAX_AMOUNT = 10**14
NUMBER = re.compile(r"\d[\d.,  ]*\d|\d")
MULTIPLIERS = {
    "nghin": 1000,
    "ngan": 1000,
    "k": 1000,
    "trieu": 10**6,
    "tr": 10**6,
    "ty": 10**9,
    "ti": 10**9,
}
# The currency as written after an amount, in the form :func:`word_key` gives.
CURRENCY = {"d", "dong", "vnd", "dong vn", "dong viet nam"}


def word_key(text: str) -> str:
    """Lower case, no diacritics, punctuation as spaces: "VNĐ." → "vnd"."""
    value = text.replace("đ", "d").replace("Đ", "D")
    value = unicodedata.normalize("NFD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = "".join(ch if ch.isalnum() else " " for ch in value.lower())
    return " ".join(value.split())


def unclear(original: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(value)s” is not a number as written in Vietnamese: a comma marks "
            "the decimals and dots group the thousands (1.500.000 or 12,5)."
        )
        % {"value": original},
        code="number",
    )


def _grouped(groups: list[str]) -> bool:
    return all(len(group) == 3 for group in groups[1:])


def read_number(
    text: str, original: str, *, whole: bool = False, dot_decimal: bool = False
) -> Decimal:
    """ "1.234,5" → 1234.5; "50.000.000" → 50000000; "12,5" → 12.5.

    ``whole``: the number cannot have decimals (đồng), so "250,000" is read as
    grouped thousands rather than 250. ``dot_decimal``: a unit follows ("2.5
    triệu"), so one dot not followed by three digits is a decimal point.
    Raises ValidationError (code ``number``) when the reading is unclear.
    """
    digits = text.replace(" ", "").replace("\u00a0", "")
    if "," in digits and "." in digits:
        digits = digits.replace(".", "").replace(",", ".")
    elif "," in digits:
        groups = digits.split(",")
        if len(groups) > 2 or (whole and _grouped(groups)):
            if not _grouped(groups):
                raise unclear(original)
            digits = "".join(groups)
        else:
            digits = digits.replace(",", ".")
    elif "." in digits:
        groups = digits.split(".")
        if not _grouped(groups):
            if not (dot_decimal and len(groups) == 2):
                raise unclear(original)
        else:
            digits = "".join(groups)
    try:
        return Decimal(digits)
    except InvalidOperation as exc:
        raise unclear(original) from exc


@dataclass(frozen=True)
class AmountReading:
    """What an amount's text says: ``value`` in đồng when ``unit_named`` (a
    multiplier or the currency follows the number), else a bare number."""

    value: Decimal
    unit_named: bool


def not_an_amount(original: str) -> ValidationError:
    return ValidationError(
        _("“%(value)s” is not an amount in đồng.") % {"value": original},
        code="budget",
    )


def read_amount(text: str, *, bare_in_dong: bool = True) -> AmountReading:
    """The number at the start of ``text`` and the unit words after it.

    ``bare_in_dong``: a number without a unit is in đồng (a form's field),
    rather than in the unit of a column ("Kinh phí (triệu đồng)"), so it has
    no decimals. Raises ValidationError when the words after the number are
    not a multiplier and the currency, or the number is unclear.
    """
    original = " ".join(text.split())
    match = NUMBER.match(original)
    if match is None:
        raise not_an_amount(original)
    words = word_key(original[match.end() :])
    multiplier = 0
    first_word = words.split(" ")[0] if words else ""
    if first_word in MULTIPLIERS:
        multiplier = MULTIPLIERS[first_word]
        words = words[len(first_word) :].strip()
    if words and words not in CURRENCY:
        raise not_an_amount(original)
    if words and not multiplier:
        multiplier = 1  # "50.000.000đ": in đồng
    value = read_number(
        match[0],
        original,
        whole=not multiplier and bare_in_dong or multiplier == 1,
        dot_decimal=multiplier > 1,
    )
    return AmountReading(value * (multiplier or 1), unit_named=bool(multiplier))


def parse_amount(text: str) -> int:
    """A form's amount in đồng: "1,5 triệu" → 1500000. Raises ValidationError
    with a message that says how to write it."""
    original = " ".join(text.split())
    if original.startswith(("-", "−")):
        raise ValidationError(
            _("“%(value)s”: an amount cannot be negative.") % {"value": original},
            code="negative",
        )
    try:
        value = read_amount(original).value
    except ValidationError as exc:
        raise ValidationError(
            _(
                "“%(value)s” is not an amount: write it in đồng as 250.000, "
                "1.200.000 or 1,5 triệu."
            )
            % {"value": original},
            code="amount",
        ) from exc
    if value != value.to_integral_value():
        raise ValidationError(
            _(
                "“%(value)s” is %(amount)s đồng: an amount in đồng has no "
                "fractional part."
            )
            % {"value": original, "amount": str(value).replace(".", ",")},
            code="amount_fraction",
        )
    if value >= MAX_AMOUNT:
        raise ValidationError(
            _("“%(value)s” is more than any plan spends: check the zeros.")
            % {"value": original},
            code="amount_too_big",
        )
    return int(value)


def format_amount(value: int | Decimal) -> str:
    """1200000 → "1.200.000", whatever the interface language."""
    return f"{int(value):,}".replace(",", ".")
