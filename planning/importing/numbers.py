"""Numbers as Vietnamese write them: a comma is the decimal mark, a dot groups
thousands; "50 triệu", "1,2 tỷ" and "50.000.000đ" are amounts in đồng, which have
no fractional part; "12 chuyên mục" and "02 bài/tháng" are counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nuithanh_cchc.amounts import NUMBER, read_amount, read_number

from .tables import Cell
from .text import normalise

MAX_BUDGET = 10**14
MAX_COUNT = 10**6
_NUMBER = NUMBER
_PER_OCCURRENCE = re.compile(
    r"\b(?:moi|hang|mot) (?:thang|quy|tuan|lan|ky|so|buoi|dot)\b"
)


@dataclass(frozen=True)
class Amount:
    """A budget in đồng, or none with the words written instead (``note``)."""

    value: int | None
    note: str = ""
    scaled: bool = False  # a bare number read in the column's unit


@dataclass(frozen=True)
class Count:
    """A count read from "12 chuyên mục"; ``per_occurrence`` for "02 bài/tháng"."""

    value: int | None
    per_occurrence: bool = False
    words: str = ""


def _decimal(text: str, original: str) -> Decimal:
    """ "1.234,5" → 1234.5; "50.000.000" → 50000000; "12,5" → 12.5."""
    return read_number(text, original)


def _cell_problem(cell: Cell) -> None:
    if cell.kind == "bad_number":
        raise ValidationError(
            _("“%(value)s” is not a number.") % {"value": cell.text}, code="nan"
        )


_SCALES = (
    (re.compile(r"\b(?:ty|ti)\b"), 10**9, "tỷ đồng"),
    (re.compile(r"\b(?:trieu|tr)\b"), 10**6, "triệu đồng"),
    (re.compile(r"\b(?:nghin|ngan)\b|\b1 000 ?d"), 1000, "nghìn đồng"),
)
# A bare number scaled past this (1.000 tỷ đồng) was written in đồng already.
IMPLAUSIBLE = 10**12


@dataclass(frozen=True)
class Scale:
    """The unit a budget column's header names: "Kinh phí (triệu đồng)"."""

    factor: int = 1
    unit: str = ""


def header_scale(header: str) -> Scale:
    """The unit of the amounts under ``header`` (đồng when it names none)."""
    key = normalise(header)
    for pattern, factor, unit in _SCALES:
        if pattern.search(key):
            return Scale(factor, unit)
    return Scale()


def read_budget(cell: Cell, scale: Scale | None = None) -> Amount:
    """A budget in đồng; a bare number is in the column's unit (``scale``).
    Raises ValidationError for a fraction of a đồng."""
    scale = scale or Scale()
    unit_named = False
    _cell_problem(cell)
    original = " ".join(cell.text.split())
    if not original:
        return Amount(None)
    if original.startswith(("-", "−")) and any(ch.isdigit() for ch in original):
        raise ValidationError(
            _("“%(value)s” is not a budget in đồng (0 or more).") % {"value": original},
            code="budget",
        )
    if cell.kind == "number":
        value = _scaled(Decimal(cell.text), scale, original)
    else:
        match = _NUMBER.search(original)
        if match is None:
            # "Lồng ghép kinh phí thường xuyên", "Không": no amount, noted.
            return Amount(None, note=original)
        before = normalise(original[: match.start()])
        if before and before not in ("khoang", "du kien", "tong"):
            return Amount(None, note=original)
        # The same reader as every money field of the forms.
        reading = read_amount(original[match.start() :], bare_in_dong=scale.factor == 1)
        unit_named = reading.unit_named
        value = reading.value if unit_named else _scaled(reading.value, scale, original)
    scaled = scale.factor > 1 and (cell.kind == "number" or not unit_named)
    if value != value.to_integral_value():
        raise ValidationError(
            _(
                "“%(value)s”: a budget is in đồng, which have no fractional part. "
                "For millions write “%(value)s triệu”."
            )
            % {"value": original},
            code="budget_fraction",
        )
    if value < 0 or value >= MAX_BUDGET:
        raise ValidationError(
            _("“%(value)s” is not a budget in đồng (0 or more).") % {"value": original},
            code="budget",
        )
    return Amount(int(value), scaled=scaled)


def _scaled(value: Decimal, scale: Scale, original: str) -> Decimal:
    """A bare number in the column's unit, in đồng; refused when the result
    shows the number was in đồng already (the magnitude is never changed
    silently)."""
    if scale.factor == 1:
        return value
    if value * scale.factor >= IMPLAUSIBLE:
        raise ValidationError(
            _(
                "“%(value)s” in %(unit)s would be %(amount)s đồng: write the amount "
                "in %(unit)s, or with its unit (“%(value)s đồng”)."
            )
            % {
                "value": original,
                "unit": scale.unit,
                "amount": f"{value * scale.factor:,.0f}".replace(",", "."),
            },
            code="budget_scale",
        )
    return value * scale.factor


def read_count(cell: Cell) -> Count:
    """A whole count; words without a number give ``value=None``."""
    _cell_problem(cell)
    original = " ".join(cell.text.split())
    if not original:
        return Count(None)
    if original.startswith(("-", "−")):
        raise ValidationError(
            _("“%(value)s” must be a whole number, 0 or more.") % {"value": original},
            code="count",
        )
    if cell.kind == "number":
        value = Decimal(cell.text)
        words = ""
    else:
        match = _NUMBER.search(original)
        if match is None:
            return Count(None, words=original)
        value = _decimal(match[0], original)
        words = original[match.end() :].strip()
    if value != value.to_integral_value() or value < 0 or value >= MAX_COUNT:
        raise ValidationError(
            _("“%(value)s” must be a whole number, 0 or more.") % {"value": original},
            code="count",
        )
    per_occurrence = "/" in original or bool(
        _PER_OCCURRENCE.search(normalise(original))
    )
    return Count(int(value), per_occurrence=per_occurrence, words=words)
