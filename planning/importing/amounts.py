"""A row's output and budget, numbers as Vietnamese write them, amounts in the
unit its column's header names."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .context import CheckContext
from .layout import RawRow
from .numbers import header_scale, read_budget, read_count
from .result import RowResult
from .text import fold


def outputs(row: RawRow, result: RowResult) -> None:
    cleaned = result.cleaned
    cleaned["planned_output"] = 1
    per_time = row.cell("planned_output")
    total = row.cell("output_total")
    cell, spread = (per_time, False) if not per_time.is_empty else (total, True)
    if cell.is_empty:
        return
    try:
        count = read_count(cell)
    except ValidationError as exc:
        result.errors.extend(exc.messages)
        return
    if count.value is None:
        cleaned.setdefault("_description", []).append(
            _("Output: %(text)s") % {"text": count.words}
        )
        return
    occurrences = max(result.occurrences, 1)
    if spread and not count.per_occurrence and occurrences > 1:
        each = math.ceil(count.value / occurrences)
        cleaned["planned_output"] = each
        result.notes.append(
            _("Output: %(text)s for the year → %(each)s each time × %(n)s times")
            % {"text": fold(cell.text), "each": each, "n": occurrences}
        )
        cleaned.setdefault("_description", []).append(
            _("Output: %(text)s") % {"text": fold(cell.text)}
        )
    else:
        cleaned["planned_output"] = count.value
        if count.words:
            result.notes.append(
                _("Output: %(text)s → %(n)s each time")
                % {"text": fold(cell.text), "n": count.value}
            )


def budget(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    cleaned = result.cleaned
    cleaned["budget"] = None
    cell = row.cell("budget")
    if cell.is_empty:
        return
    scale = header_scale(ctx.headers.get("budget", ""))
    try:
        amount = read_budget(cell, scale)
    except ValidationError as exc:
        result.errors.extend(exc.messages)
        return
    cleaned["budget"] = amount.value
    if amount.note:
        result.notes.append(
            _("Budget: “%(text)s” → no amount recorded") % {"text": amount.note}
        )
        cleaned.setdefault("_description", []).append(
            _("Budget: %(text)s") % {"text": amount.note}
        )
    elif amount.scaled and amount.value is not None:
        text = fold(cell.text)
        result.notes.append(
            _("Budget: “%(text)s” in %(unit)s (column “%(header)s”) → %(value)s đồng")
            % {
                "text": text.replace(".", ",") if cell.kind == "number" else text,
                "unit": scale.unit,
                "header": ctx.headers.get("budget", ""),
                "value": f"{amount.value:,}".replace(",", "."),
            }
        )
    elif cell.kind != "number" and amount.value is not None:
        result.notes.append(
            _("Budget: “%(text)s” → %(value)s đồng")
            % {"text": fold(cell.text), "value": f"{amount.value:,}".replace(",", ".")}
        )
