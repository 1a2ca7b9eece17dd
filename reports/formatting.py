"""Numbers as the office reads them: 1.234 and 36,4% in Vietnamese."""

from __future__ import annotations

import functools
from decimal import Decimal

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language

DASH = "—"


def fmt_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Grouped by thousands in the active language (Django's vi format has no
    grouping, so intcomma prints 144479 where a Vietnamese reader expects 144.479).
    """
    if value is None:
        return DASH
    decimal_sep, thousand_sep = _separators(get_language())
    if type(value) is int and not decimals:
        # The common case, a report page's thousands of counts: Python's own
        # grouping, the same digits as numberformat's at a tenth of its cost.
        return f"{value:,}".replace(",", thousand_sep)
    return numberformat.format(
        value,
        decimal_sep,
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=thousand_sep,
        force_grouping=True,
    )


@functools.lru_cache(maxsize=16)
def _separators(language: str | None) -> tuple[str, str]:
    """The decimal and thousands separators of ``language``."""
    return (
        str(get_format("DECIMAL_SEPARATOR", language)),
        str(get_format("THOUSAND_SEPARATOR", language)),
    )


def fmt_percent(fraction: float | None) -> str:
    if fraction is None:
        return DASH
    percent = round(fraction * 100, 1)
    if percent == 100 and fraction < 1:
        percent = 99.9  # never print 100% for a plan not fully carried out
    return f"{fmt_number(percent, 1)}%"


def fmt_points(points: Decimal) -> str:
    return fmt_number(points, 2)
