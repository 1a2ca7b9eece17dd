"""Row by row: each column of a row read into what the activity needs.

Each function fills ``result.cleaned`` and adds the row's errors and the notes
the preview shows (where a value came from, how a phrase or a number was read).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..recurrence import build_preview
from .amounts import budget, outputs
from .catalogue import audiences, channel, theme
from .columns import COLUMN_BY_KEY
from .context import CheckContext
from .layout import RawRow
from .result import RowResult
from .tables import EMPTY, Cell
from .text import fold, normalise
from .timewords import MONTHLY_LAST_DAY, QUARTER_ENDS, TimeReading, phrase, read_time
from .units import unknown_message

__all__ = ["RowResult", "check_row"]

MAX_FLAGGED_DATES = 6


def _formula_errors(row: RawRow, errors: list[str]) -> RawRow:
    """Report formulas without a saved result; the row read without them."""
    values = dict(row.values)
    for key, cell in row.values.items():
        if cell.kind == "formula":
            values[key] = EMPTY
            errors.append(
                _(
                    "Column “%(column)s” holds a formula whose result was never "
                    "saved (%(formula)s): open the file in Excel, save it again "
                    "(mở và lưu lại tệp trong Excel) and upload it."
                )
                % {"column": COLUMN_BY_KEY[key].label, "formula": cell.text[:60]}
            )
    return RawRow(row.number, values, row.section)


def _units(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    lead_text = row.text("lead_unit")
    result.lead_text = lead_text
    lead = ctx.units.read(row.lines("lead_unit"))
    supporting = ctx.units.read(row.lines("supporting_units"))
    for key, found in (("lead_unit", lead), ("supporting_units", supporting)):
        column = ctx.headers.get(key, "")
        for name, suggestion in found.unknown:
            result.unknown_units.append((name, suggestion))
            message = unknown_message(name, suggestion)
            result.errors.append(f"“{column}”: {message}" if column else message)
        for written in found.empty:
            result.notes.append(
                _(
                    "“%(value)s” (column “%(column)s”) names no unit of the "
                    "organisation yet; left out."
                )
                % {"value": written, "column": column}
            )
    if lead.vague:
        result.errors.append(
            _("“%(value)s” does not say which unit leads: name the units.")
            % {"value": lead_text}
        )
    if not lead_text:
        result.errors.append(_("The lead unit is empty."))
    elif not lead.units and not lead.unknown and not lead.vague:
        result.errors.append(
            _("“%(value)s” (column “%(column)s”) names no unit of the organisation.")
            % {"value": lead_text, "column": ctx.headers.get("lead_unit", "")}
        )
    for written in supporting.vague:
        result.notes.append(
            _("Supporting units: “%(value)s” names no unit; left out.")
            % {"value": written}
        )
    for written, count in (*lead.groups, *supporting.groups):
        result.notes.append(
            ngettext(
                "“%(group)s” → %(count)s unit",
                "“%(group)s” → %(count)s units",
                count,
            )
            % {"group": written, "count": count}
        )
    if lead.units:
        first, *others = lead.units
        result.cleaned["lead_unit"] = first
        if others:
            result.notes.append(
                _(
                    "Lead: %(lead)s; the %(count)s other units named as leads "
                    "get the same task."
                )
                % {"lead": first.name, "count": len(others)}
            )
        units = [u for u in [*others, *supporting.units] if u != first]
        result.cleaned["supporting_units"] = list(dict.fromkeys(units))
    else:
        result.cleaned["supporting_units"] = list(dict.fromkeys(supporting.units))


_ONCE_WORDS = {
    "",
    "mot lan",
    "1 lan",
    "khong",
    "khong lap lai",
    "once",
    "hang nam",
    "moi nam",
}
_RECURRENCE_WORDS = {
    "hang tuan": "FREQ=WEEKLY;BYDAY=FR",
    "moi tuan": "FREQ=WEEKLY;BYDAY=FR",
    "hang thang": MONTHLY_LAST_DAY,
    "moi thang": MONTHLY_LAST_DAY,
    "hang quy": QUARTER_ENDS,
    "moi quy": QUARTER_ENDS,
}


def _recurrence(cell: Cell, year: int, result: RowResult) -> str | None:
    """The rule in the recurrence column: presets, time words or an RRULE."""
    text = fold(cell.text)
    key = normalise(text)
    if key in _ONCE_WORDS:
        return ""
    if key in _RECURRENCE_WORDS:
        return _RECURRENCE_WORDS[key]
    if "FREQ" in text.upper() or "=" in text:  # an RRULE: the validator says why
        return text.upper().removeprefix("RRULE:").replace(" ", "")
    try:
        reading = read_time(cell, year=year)
    except ValidationError:
        reading = None
    if reading is None or not reading.rule:
        result.errors.append(
            _(
                "Recurrence “%(value)s” is not understood: write Một lần, Hằng "
                "tuần, Hằng tháng, Hằng quý, Hằng năm or an RRULE."
            )
            % {"value": text}
        )
        return None
    return reading.rule


def _time(row: RawRow, result: RowResult, ctx: CheckContext) -> TimeReading | None:
    year = ctx.plan.year
    typed = ctx.options.row_times.get(row.number, "").strip()
    if typed:  # the planner wrote the time for this row on the preview
        result.time_text = typed
        try:
            reading = read_time(typed, year=year)
        except ValidationError as exc:
            result.errors.extend(exc.messages)
            result.missing.add("time")
            return None
        result.notes.append(
            _("Time written on the preview instead of “%(text)s”.")
            % {"text": row.text("period") or row.text("due") or row.text("start")}
        )
        return reading
    readings: dict[str, TimeReading] = {}
    texts = []
    for key in ("start", "due", "period"):
        cell = row.cell(key)
        if cell.is_empty:
            continue
        texts.append(
            fold(cell.text)
            if cell.kind != "date"
            else f"{dt.date.fromisoformat(cell.text):%d/%m/%Y}"
        )
        try:
            readings[key] = read_time(cell, year=year)
        except ValidationError as exc:
            result.errors.extend(exc.messages)
            result.missing.add("time")
    result.time_text = " – ".join(dict.fromkeys(texts))
    if len(readings) < len(texts):
        return None  # a cell was not understood: its error says why
    if not readings:
        if not texts:
            result.errors.append(_("The time is empty."))
        return None
    start_reading = (
        readings.get("start") or readings.get("period") or readings.get("due")
    )
    due_reading = readings.get("due") or readings.get("period") or readings.get("start")
    if start_reading is None or due_reading is None:  # pragma: no cover
        return None
    reading = TimeReading(
        start=start_reading.start,
        due=due_reading.due,
        rule=due_reading.rule or start_reading.rule,
        ongoing=due_reading.ongoing and start_reading.ongoing,
        form=due_reading.form,
    )
    if reading.due < reading.start:
        result.errors.append(_("The due date is before the start date."))
        return None
    return reading


def check_row(row: RawRow, ctx: CheckContext) -> RowResult:
    result = RowResult(row.number, row.text("title"), section=row.section)
    errors, cleaned = result.errors, result.cleaned
    row = _formula_errors(row, errors)
    title = result.title
    if not title:
        errors.append(_("The title is empty."))
    elif len(title) > 300:
        errors.append(_("The title is longer than 300 characters."))
    cleaned["title"] = title
    theme(row, result, ctx)
    channel(row, result, ctx)
    audiences(row, result, ctx)
    _units(row, result, ctx)
    reading = _time(row, result, ctx)
    rule: str | None = ""
    if not row.cell("recurrence").is_empty:
        rule = _recurrence(row.cell("recurrence"), ctx.plan.year, result)
    elif reading is not None:
        rule = reading.rule
    if reading is not None and rule is not None:
        cleaned.update(start=reading.start, due=reading.due, recurrence=rule)
        _schedule(result, reading, rule, ctx)
    outputs(row, result)
    budget(row, result, ctx)
    lines = cleaned.pop("_description", [])
    if note := row.text("note"):
        lines.append(_("Note: %(text)s") % {"text": note})
    cleaned["description"] = "\n".join(lines)
    return result


def _schedule(
    result: RowResult, reading: TimeReading, rule: str, ctx: CheckContext
) -> None:
    preview = build_preview(
        rule=rule,
        start=reading.start,
        end=reading.due,
        shift_off_days=ctx.options.shift_off_days,
    )
    if preview.error:
        result.errors.append(preview.error)
        return
    result.occurrences = preview.count
    span = phrase(reading)
    if rule:
        dates = sorted({item.due for item in preview.dates})
        result.time_read = ngettext(
            "%(span)s, %(sentence)s: %(count)s date (%(first)s … %(last)s)",
            "%(span)s, %(sentence)s: %(count)s dates (%(first)s … %(last)s)",
            preview.count,
        ) % {
            "span": span,
            "sentence": preview.sentence,
            "count": preview.count,
            "first": f"{dates[0]:%d/%m}",
            "last": f"{dates[-1]:%d/%m/%Y}",
        }
    elif reading.ongoing:
        result.time_read = _(
            "%(span)s, ongoing: one task for the year, due %(due)s"
        ) % {
            "span": span,
            "due": f"{reading.due:%d/%m/%Y}",
        }
    else:
        result.time_read = _("%(span)s, due %(due)s") % {
            "span": span,
            "due": f"{reading.due:%d/%m/%Y}",
        }
    for item in preview.dates:
        if len(result.flags) >= MAX_FLAGGED_DATES:
            break
        if item.moved:
            result.flags.append(
                _("%(day)s (%(why)s) moved to %(due)s")
                % {
                    "day": f"{item.scheduled:%d/%m/%Y}",
                    "why": item.holiday or _("weekend"),
                    "due": f"{item.due:%d/%m/%Y}",
                }
            )
        elif item.is_off_day:
            result.flags.append(
                _("%(day)s falls on %(why)s")
                % {
                    "day": f"{item.scheduled:%d/%m/%Y}",
                    "why": item.holiday or _("a weekend"),
                }
            )
