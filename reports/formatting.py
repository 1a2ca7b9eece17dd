"""Numbers as the office reads them: 1.234 and 36,4% in Vietnamese."""

from __future__ import annotations

from decimal import Decimal

from django.utils import numberformat
from django.utils.formats import get_format

DASH = "—"


def fmt_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Grouped by thousands in the active language (Django's vi format has no
    grouping, so intcomma prints 144479 where a Vietnamese reader expects 144.479).
    """
    if value is None:
        return DASH
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
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
