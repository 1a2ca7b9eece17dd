"""Row by row: each column of a row read into what the activity needs.

Each function fills ``result.cleaned`` and adds the row's errors and the notes
the preview shows (where a value came from, how a phrase or a number was read).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..recurrence import build_preview
from .columns import COLUMN_BY_KEY
from .context import CheckContext
from .inference import Found
from .layout import RawRow
from .numbers import read_budget, read_count
from .tables import EMPTY, Cell
from .text import fold, normalise
from .timewords import MONTHLY_LAST_DAY, QUARTER_ENDS, TimeReading, phrase, read_time
from .units import unknown_message

MAX_FLAGGED_DATES = 6


@dataclass
class RowResult:
    number: int
    title: str
    section: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)
    occurrences: int = 0
    time_text: str = ""
    time_read: str = ""
    lead_text: str = ""
    choices: set[str] = field(default_factory=set)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def task_count(self) -> int:
        return self.occurrences * (1 + len(self.cleaned.get("supporting_units", [])))


def _source_note(label: str, value: str, found: Found) -> str:
    sources = {
        "content": _("from the content's words"),
        "section": _("from the section heading"),
        "choice": _("chosen for all such rows"),
        "default": _("the plan's first; choose another below"),
    }
    return f"{label}: {value} ({sources[found.source]})"


def _lookup(text: str, table: dict[str, Any], message: str, errors: list[str]) -> Any:
    found = table.get(normalise(text))
    if found is None:
        close = difflib.get_close_matches(normalise(text), list(table), n=1, cutoff=0.6)
        hint = (
            " " + _("Did you mean “%(name)s”?") % {"name": table[close[0]]}
            if close
            else ""
        )
        errors.append(message % {"value": text} + hint)
    return found


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


def _theme(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    text = row.text("theme")
    if text:
        result.cleaned["theme"] = _lookup(
            text,
            ctx.themes,
            _("Unknown content theme “%(value)s” in this plan."),
            result.errors,
        )
        return
    found = ctx.inference.theme(row.text("title"), row.section)
    if found is None and ctx.chosen_theme is not None:
        source = "default" if ctx.theme_is_default else "choice"
        found = Found(ctx.chosen_theme, source)
        result.choices.add("theme")
    if found is None:
        result.errors.append(_("The plan has no content theme: add one first."))
        return
    result.cleaned["theme"] = found.value
    result.notes.append(_source_note(_("Theme"), found.value.title, found))


def _channel(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    text = row.text("channel")
    if text:
        result.cleaned["channel"] = _lookup(
            text, ctx.channels, _("Unknown channel “%(value)s”."), result.errors
        )
        return
    found = ctx.inference.channel(row.text("title"), row.section)
    if found is None and ctx.chosen_channel is not None:
        found = Found(ctx.chosen_channel, "choice")
    if found is None or found.source == "choice":
        result.choices.add("channel")
    if found is None:
        result.errors.append(
            _(
                "No channel: the row names none and its words say none. Choose a "
                "channel for such rows (below, or --channel)."
            )
        )
        return
    result.cleaned["channel"] = found.value
    result.notes.append(_source_note(_("Channel"), found.value.name, found))


def _audiences(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    text = row.text("audiences")
    if text:
        groups = []
        for part in text.replace(",", ";").replace("\n", ";").split(";"):
            if part.strip():
                group = ctx.audiences.get(normalise(part))
                if group is None:
                    # "Cán bộ, công chức, viên chức" holds commas of its own.
                    continue
                if group not in groups:
                    groups.append(group)
        whole = [
            ctx.audiences.get(normalise(p))
            for p in text.replace("\n", ";").split(";")
            if p.strip()
        ]
        known = [group for group in whole if group is not None]
        if len(known) == len(whole):
            groups = list(dict.fromkeys(known))
        if not groups:
            _lookup(
                text,
                ctx.audiences,
                _("Unknown audience group “%(value)s”."),
                result.errors,
            )
        result.cleaned["audiences"] = groups
        return
    found = ctx.inference.audiences_for(row.text("title"), row.section)
    if found is None and ctx.chosen_audiences:
        source = "default" if ctx.audiences_are_default else "choice"
        found = Found(ctx.chosen_audiences, source)
        result.choices.add("audiences")
    if found is None:
        result.errors.append(_("No audience group: add one in the catalogue."))
        return
    result.cleaned["audiences"] = found.value
    result.notes.append(
        _source_note(_("Audience"), "; ".join(g.name for g in found.value), found)
    )


def _units(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    lead_text = row.text("lead_unit")
    result.lead_text = lead_text
    lead = ctx.units.read(lead_text)
    for name, suggestion in lead.unknown:
        result.errors.append(unknown_message(name, suggestion))
    if lead.vague:
        result.errors.append(
            _("“%(value)s” does not say which unit leads: name the units.")
            % {"value": lead_text}
        )
    if not lead_text:
        result.errors.append(_("The lead unit is empty."))
    supporting = ctx.units.read(row.text("supporting_units"))
    for name, suggestion in supporting.unknown:
        result.errors.append(unknown_message(name, suggestion))
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
    _theme(row, result, ctx)
    _channel(row, result, ctx)
    _audiences(row, result, ctx)
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
    _outputs(row, result)
    _budget(row, result)
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


def _outputs(row: RawRow, result: RowResult) -> None:
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


def _budget(row: RawRow, result: RowResult) -> None:
    cleaned = result.cleaned
    cleaned["budget"] = None
    cell = row.cell("budget")
    if cell.is_empty:
        return
    try:
        amount = read_budget(cell)
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
    elif cell.kind != "number" and amount.value is not None:
        result.notes.append(
            _("Budget: “%(text)s” → %(value)s đồng")
            % {"text": fold(cell.text), "value": f"{amount.value:,}".replace(",", ".")}
        )
