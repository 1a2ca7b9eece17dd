"""The settling part of an import's preview: the names no unit answers to
(each kept as a unit's other name, a new unit, or a name of no unit, so the
next file reads it), each row's missing choices, and the file's columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from audiences.models import AudienceGroup
from campaigns.models import Plan, Unit
from campaigns.services.units import (
    unit_alias_add,
    unit_create_named,
    unit_phrase_ignore,
)
from channels.models import Channel

from .. import importing
from ..forms.settling import NameChoice, column_options, place_choices
from ..importing.result import RowResult


def settle_names(request: AuthenticatedHttpRequest, choices: list[NameChoice]) -> bool:
    """Keep each choice through the unit services; True if any was kept."""
    kept = 0
    for choice in choices:
        try:
            if choice.ignore:
                unit_phrase_ignore(phrase=choice.name, user=request.user)
            elif choice.kind:
                unit_create_named(name=choice.name, kind=choice.kind, user=request.user)
            elif choice.unit is not None:
                unit = Unit.objects.filter(pk=choice.unit, is_active=True).first()
                if unit is None:
                    raise ValidationError(_("Choose one of the units."))
                unit_alias_add(unit=unit, alias=choice.name, user=request.user)
            else:
                continue
        except ValidationError as exc:
            messages.error(request, f"“{choice.name}”: {' '.join(exc.messages)}")
            continue
        except PermissionDenied:
            messages.error(request, _("You may not name units."))
            return bool(kept)
        kept += 1
    if kept:
        messages.success(
            request,
            _("%(count)s names kept: the next file reads them too.") % {"count": kept},
        )
    return bool(kept)


@dataclass
class Select:
    """One select of the page: its name, options and the chosen value(s)."""

    name: str
    label: str
    options: list[tuple[str, str]]
    chosen: set[str] = field(default_factory=set)
    multiple: bool = False
    text: bool = False  # a text box instead


def _row_fields(
    row: RowResult,
    options: importing.ImportOptions,
    catalogue: dict[str, list[tuple[str, str]]],
) -> list[Select]:
    fields = []
    number = row.number
    for what, label, chosen in (
        ("theme", _("Theme"), options.row_themes.get(number)),
        ("channel", _("Channel"), options.row_channels.get(number)),
    ):
        if what in row.needs or chosen:
            fields.append(
                Select(
                    f"row-{number}-{what}",
                    label,
                    [("", _("— choose —")), *catalogue[what]],
                    {str(chosen)} if chosen else set(),
                )
            )
    groups = options.row_audiences.get(number, [])
    if "audiences" in row.needs or groups:
        fields.append(
            Select(
                f"row-{number}-audiences",
                _("Audience"),
                catalogue["audiences"],
                {str(pk) for pk in groups},
                multiple=True,
            )
        )
    typed = options.row_times.get(number, "")
    if "time" in row.needs or typed:
        fields.append(Select(f"row-{number}-time", _("Time"), [], {typed}, text=True))
    return fields


def settle_context(plan: Plan, preview: importing.ImportPreview) -> dict[str, Any]:
    units = list(Unit.objects.filter(is_active=True))
    by_name = {unit.name: unit.pk for unit in units}
    places = place_choices(units)
    names = [
        {
            "index": index,
            "name": unknown.name,
            "rows": unknown.rows,
            "suggestion": unknown.suggestion,
            "initial": f"unit:{by_name[unknown.suggestion]}"
            if unknown.suggestion in by_name
            else "",
        }
        for index, unknown in enumerate(preview.unknown_names)
    ]
    catalogue = {
        "theme": [(str(t.pk), t.title) for t in plan.themes.all()],
        "channel": [
            (str(c.pk), c.name) for c in Channel.objects.filter(is_active=True)
        ],
        "audiences": [(str(a.pk), a.name) for a in AudienceGroup.objects.all()],
    }
    read = preview.read
    columns = [
        {
            "index": index,
            "text": cell.text,
            "chosen": next((k for k, i in read.mapping.items() if i == index), ""),
        }
        for index, cell in enumerate(read.header)
        if not cell.is_empty
    ]
    return {
        "unknown_names": names,
        "place_choices": places,
        "row_views": [
            (row, _row_fields(row, preview.options, catalogue)) for row in preview.rows
        ],
        "file_columns": columns,
        "column_options": column_options(),
    }
