"""A row's theme, channel and audience groups: the row's own cell, the words
of its content or section, the planner's choice for the row or for all rows."""

from __future__ import annotations

import difflib
from typing import Any

from django.utils.translation import gettext as _

from .context import CheckContext
from .inference import Found
from .layout import RawRow
from .result import RowResult
from .text import normalise


def _source_note(label: str, value: str, found: Found) -> str:
    sources = {
        "content": _("from the content's words"),
        "section": _("from the section heading"),
        "choice": _("chosen for all such rows"),
        "row": _("chosen for this row"),
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


def theme(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    if (chosen := ctx.row_themes.get(row.number)) is not None:
        result.cleaned["theme"] = chosen
        result.notes.append(
            _source_note(_("Theme"), chosen.title, Found(chosen, "row"))
        )
        return
    text = row.text("theme")
    if text:
        named = ctx.themes.get(normalise(text))
        if named is None and (quoted := ctx.inference.theme(text, "")) is not None:
            named = quoted.value
        if named is None:
            result.choices.add("theme")
            result.missing.add("theme")
            result.unplaced.append(("theme", text))
            _lookup(
                text,
                ctx.themes,
                _("Unknown content theme “%(value)s” in this plan."),
                result.errors,
            )
            return
        result.cleaned["theme"] = named
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


def channel(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    if (chosen := ctx.row_channels.get(row.number)) is not None:
        result.cleaned["channel"] = chosen
        result.notes.append(
            _source_note(_("Channel"), chosen.name, Found(chosen, "row"))
        )
        return
    text = row.text("channel")
    found = None
    if text:
        if (named := ctx.channels.get(normalise(text))) is not None:
            result.cleaned["channel"] = named
            return
        # "Pa nô, áp phích" for "Pa-nô, áp phích, băng rôn": by its words.
        found = ctx.inference.channel(text, "")
        if found is None:
            result.unplaced.append(("channel", text))
    found = found or ctx.inference.channel(row.text("title"), row.section)
    if found is None and ctx.chosen_channel is not None:
        found = Found(ctx.chosen_channel, "choice")
    if found is None or found.source == "choice":
        result.choices.add("channel")
    if found is None:
        if text:
            message = _(
                "“%(value)s” (column “%(column)s”) is no channel of the catalogue: "
                "choose a channel for this row or for all such rows."
            ) % {"value": text, "column": ctx.headers.get("channel", "")}
        else:
            message = _(
                "No channel: the row names none and its words say none. Choose a "
                "channel for this row or for all such rows."
            )
        result.errors.append(message)
        result.missing.add("channel")
        return
    result.cleaned["channel"] = found.value
    result.notes.append(_source_note(_("Channel"), found.value.name, found))


def audiences(row: RawRow, result: RowResult, ctx: CheckContext) -> None:
    if chosen := ctx.row_audiences.get(row.number):
        result.cleaned["audiences"] = chosen
        names = "; ".join(group.name for group in chosen)
        result.notes.append(_source_note(_("Audience"), names, Found(chosen, "row")))
        return
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
            result.missing.add("audiences")
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
