"""What a planner settles on an import's preview: the names the file gives
units no unit answers to, each row's missing theme, channel, audiences or time,
and which column of the file holds what. Read from the preview form's data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from campaigns.models import Unit

from ..importing.columns import COLUMNS

MAX_NAMES = 200
MAX_TIME = 120
IGNORE = "ignore"
_ROW_FIELD = re.compile(r"^row-(\d{1,6})-(theme|channel|time)$")
_ROW_GROUPS = re.compile(r"^row-(\d{1,6})-audiences$")
_COLUMN_FIELD = re.compile(r"^column-(\d{1,2})$")


@dataclass(frozen=True)
class NameChoice:
    """A name as written and what it stands for: ``unit`` (an id), ``kind``
    (a new unit of that kind) or neither (``ignore``: it names no unit)."""

    name: str
    unit: int | None = None
    kind: str = ""
    ignore: bool = False


def place_choices(units: list[Unit]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The select of one unknown name, as (group label or "", options): a
    unit, a new unit of a kind, or none."""
    kinds = [(f"new:{value}", str(label)) for value, label in Unit.Kind.choices]
    return [
        ("", [("", _("— choose —"))]),
        (_("Units"), [(f"unit:{unit.pk}", unit.name) for unit in units]),
        (_("A new unit with this name"), kinds),
        ("", [(IGNORE, _("Not a unit: leave it out"))]),
    ]


def name_choices(data: Any) -> list[NameChoice]:
    """The choices the page sent for its unknown names (``name-i``, ``place-i``)."""
    found = []
    for index in range(MAX_NAMES):
        name = str(data.get(f"name-{index}", "")).strip()
        if not name:
            break
        place = str(data.get(f"place-{index}", ""))
        if place == IGNORE:
            found.append(NameChoice(name, ignore=True))
        elif place.startswith("unit:") and place[5:].isdigit():
            found.append(NameChoice(name, unit=int(place[5:])))
        elif place.startswith("new:") and place[4:] in Unit.Kind.values:
            found.append(NameChoice(name, kind=place[4:]))
    return found


def row_choices(data: Any) -> dict[str, dict[int, Any]]:
    """Per-row choices: ``row-<n>-theme|channel`` (ids), ``row-<n>-audiences``
    (ids), ``row-<n>-time`` (a time phrase)."""
    chosen: dict[str, dict[int, Any]] = {
        "theme": {},
        "channel": {},
        "audiences": {},
        "time": {},
    }
    for key in data:
        if match := _ROW_FIELD.match(key):
            value = str(data.get(key, "")).strip()
            number, what = int(match[1]), match[2]
            if what == "time" and value:
                chosen["time"][number] = value[:MAX_TIME]
            elif value.isdigit():
                chosen[what][number] = int(value)
        elif match := _ROW_GROUPS.match(key):
            values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
            ids = [int(v) for v in values if str(v).isdigit()]
            if ids:
                chosen["audiences"][int(match[1])] = ids
    return chosen


def column_choices(data: Any) -> dict[str, int] | None:
    """The columns the page sent (``column-<index>`` = column key), or None
    when it sent none. A key chosen for two columns keeps the first."""
    keys = {column.key for column in COLUMNS}
    mapping: dict[str, int] = {}
    sent = False
    for key in sorted(data, key=lambda k: (len(k), k)):
        if match := _COLUMN_FIELD.match(key):
            sent = True
            value = str(data.get(key, ""))
            if value in keys and value not in mapping:
                mapping[value] = int(match[1])
    return mapping if sent else None


def column_options() -> list[tuple[str, str]]:
    return [("", _("(not read)"))] + [
        (column.key, str(column.label)) for column in COLUMNS
    ]
