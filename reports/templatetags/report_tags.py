from __future__ import annotations

from decimal import Decimal

from django import template

from ..formatting import fmt_number, fmt_percent, fmt_points

register = template.Library()


@register.filter
def number(value: int | float | Decimal | None) -> str:
    return fmt_number(value)


@register.filter
def percent(fraction: float | None) -> str:
    return fmt_percent(fraction)


@register.filter
def points(value: Decimal) -> str:
    return fmt_points(value)
