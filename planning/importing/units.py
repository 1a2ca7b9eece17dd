"""Units as written in an appendix: lists, group words, short names and aliases.

A cell may name several units ("Phòng Tư pháp, Phòng Văn hóa và Thông tin"),
a group ("UBND các xã, thị trấn" → every commune and the township; "Các phòng,
ban" → every department; "Các cơ quan, đơn vị" → every unit) or a unit by its
short name or one of its aliases (``Unit.aliases``, editable in the admin).
Matching ignores case, accents (NFC/NFD, "Hoà"/"Hòa") and spacing, and a trailing
"huyện" or "huyện <place>" (the organisation profile's place name, so no place is
named here); a name that matches nothing is reported with the closest known unit.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns.models import Unit
from organisation.selectors import scope_organisation

from .text import normalise

_PREFIXES = ("uy ban nhan dan", "ubnd", "phong", "thi tran", "xa", "tt")
_SUFFIXES = ("huyen",)
_SEPARATORS = re.compile(r"[,;\n|]+")
_AND = re.compile(r"\s+(?:và|va|&)\s+", re.IGNORECASE)

ALL = "all"
_GROUPS: list[tuple[tuple[str, ...], str]] = [
    (
        (
            "ubnd cac xa thi tran",
            "uy ban nhan dan cac xa thi tran",
            "cac xa thi tran",
            "ubnd cac xa va thi tran",
            "cac xa va thi tran",
            "ubnd xa thi tran",
            "cac xa thi tran tren dia ban huyen",
        ),
        "communes",
    ),
    (("ubnd cac xa", "cac xa", "uy ban nhan dan cac xa"), "communes_only"),
    (
        (
            "cac phong ban",
            "cac phong ban chuyen mon",
            "cac phong ban nganh",
            "cac phong chuyen mon",
            "cac phong ban thuoc huyen",
            "cac phong ban chuyen mon thuoc ubnd huyen",
            "cac phong ban don vi thuoc huyen",
        ),
        "departments",
    ),
    (
        (
            "cac co quan don vi",
            "cac don vi",
            "cac co quan don vi tren dia ban huyen",
            "cac co quan don vi thuoc huyen",
            "tat ca cac co quan don vi",
            "tat ca cac don vi",
            "cac co quan don vi dia phuong",
        ),
        ALL,
    ),
]
_VAGUE = (
    "cac co quan don vi lien quan",
    "cac don vi lien quan",
    "cac co quan lien quan",
)


def suffixes_for(place: str) -> tuple[str, ...]:
    """The trailing words a unit name may carry: "huyen", and "huyen <place>"
    for the organisation's place name (normalised), if it has one."""
    place = normalise(place)
    return (*_SUFFIXES, f"huyen {place}") if place else _SUFFIXES


def _strip(key: str, suffixes: tuple[str, ...] = _SUFFIXES) -> str:
    changed = True
    while changed and key:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix + " "):
                key, changed = key[len(prefix) + 1 :], True
        for suffix in suffixes:
            if key.endswith(" " + suffix):
                key, changed = key[: -len(suffix) - 1], True
    return key


def _acronym(key: str) -> str:
    words = [word for word in key.split() if word not in ("va",)]
    return "".join(word[0] for word in words) if len(words) >= 2 else ""


@dataclass
class UnitMatch:
    """Units found in one cell, in order, and the names matching none.

    ``unknown`` holds (name as written, closest known unit's name or "").
    ``groups`` holds the group words found with the number of units each gave.
    """

    units: list[Unit] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    groups: list[tuple[str, int]] = field(default_factory=list)
    vague: list[str] = field(default_factory=list)

    def add(self, units: Iterable[Unit]) -> None:
        for unit in units:
            if unit not in self.units:
                self.units.append(unit)


class UnitDirectory:
    """Every active unit under every key it may be written with (one query)."""

    def __init__(
        self, units: Iterable[Unit] | None = None, *, place: str | None = None
    ) -> None:
        self.units = list(
            units if units is not None else Unit.objects.filter(is_active=True)
        )
        if place is None:
            place = scope_organisation().place
        self.suffixes = suffixes_for(place)
        self.exact: dict[str, Unit] = {}
        loose: dict[str, set[Unit]] = {}
        for unit in self.units:
            for name in (unit.name, unit.short_name, *unit.alias_list):
                key = normalise(name)
                if not key:
                    continue
                self.exact.setdefault(key, unit)
                stripped = self._strip(key)
                for variant in (
                    stripped,
                    stripped.replace(" ", ""),
                    key.replace(" ", ""),
                ):
                    if len(variant) >= 3:
                        loose.setdefault(variant, set()).add(unit)
                acronym = _acronym(stripped)
                if unit.kind == Unit.Kind.DEPARTMENT and len(acronym) >= 3:
                    loose.setdefault(acronym, set()).add(unit)
        # A loose key naming two units decides nothing.
        self.loose = {
            key: next(iter(found)) for key, found in loose.items() if len(found) == 1
        }

    def _strip(self, key: str) -> str:
        return _strip(key, self.suffixes)

    def group(self, kind: str) -> list[Unit]:
        if kind == ALL:
            return list(self.units)
        if kind == "communes":
            kinds = {Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP}
        elif kind == "communes_only":
            kinds = {Unit.Kind.COMMUNE}
        else:
            kinds = {Unit.Kind.DEPARTMENT}
        return [unit for unit in self.units if unit.kind in kinds]

    def one(self, text: str) -> Unit | None:
        """The unit a single name stands for, or None."""
        key = normalise(text)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        stripped = self._strip(key)
        for variant in (stripped, stripped.replace(" ", ""), key.replace(" ", "")):
            if variant in self.loose:
                return self.loose[variant]
        return None

    def suggest(self, text: str) -> str:
        """The closest known unit's name (by difflib), or ""."""
        key = self._strip(normalise(text))
        names: dict[str, str] = {}
        for unit in self.units:
            for name in (unit.name, unit.short_name, *unit.alias_list):
                if name:
                    names.setdefault(self._strip(normalise(name)), unit.name)
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
        return names[close[0]] if close else ""

    def read(self, text: str) -> UnitMatch:
        """Every unit a cell names; see the module's docstring for the forms."""
        result = UnitMatch()
        pieces = [piece.strip(" .-–") for piece in _SEPARATORS.split(text or "")]
        pieces = [piece for piece in pieces if piece]
        index = 0
        while index < len(pieces):
            used = self._group_at(pieces, index, result)
            if used:
                index += used
                continue
            self._piece(pieces[index], result)
            index += 1
        return result

    def _group_at(self, pieces: list[str], index: int, result: UnitMatch) -> int:
        for size in (3, 2, 1):
            if index + size > len(pieces):
                continue
            written = ", ".join(pieces[index : index + size])
            key = normalise(written)
            if key in _VAGUE:
                result.vague.append(written)
                return size
            for words, kind in _GROUPS:
                if key in words:
                    units = self.group(kind)
                    result.add(units)
                    result.groups.append((written, len(units)))
                    return size
        return 0

    def _piece(self, piece: str, result: UnitMatch) -> None:
        found = self._split_and(piece)
        if found:
            result.add(found)
        else:
            result.unknown.append((piece, self.suggest(piece)))

    def _split_and(self, piece: str, depth: int = 0) -> list[Unit] | None:
        """Units named by ``piece``, split at a "và" only where both sides are
        units ("Phòng Tư pháp và Phòng Văn hóa và Thông tin")."""
        unit = self.one(piece)
        if unit is not None:
            return [unit]
        if depth > 4:
            return None
        for match in _AND.finditer(piece):
            left = self.one(piece[: match.start()])
            if left is None:
                continue
            rest = self._split_and(piece[match.end() :], depth + 1)
            if rest:
                return [left, *rest]
        return None


def unknown_message(name: str, suggestion: str) -> str:
    if suggestion:
        return _("Unknown unit “%(name)s”: did you mean “%(suggestion)s”?") % {
            "name": name,
            "suggestion": suggestion,
        }
    return _("Unknown unit “%(name)s”.") % {"name": name}
