"""Units as written in an appendix: lists, group phrases, short names and aliases.

A cell is read in two steps. First the organisation's known names (full, short
and other names, ``Unit.aliases``) and its group phrases (``UnitGroupPhrase``:
"UBND các xã, phường", "các sở, ban, ngành"…, which name every unit of some
kinds) are found in it, longest first, whatever punctuation they hold: "Sở Văn
hóa, Thể thao và Du lịch" or "Báo và Phát thanh, Truyền hình Đà Nẵng" is one
unit when a unit of that name exists. A name found must fill whole pieces of the
cell, the pieces being what commas, semicolons, line breaks, bullets and "và"
separate. Then what is left is read piece by piece, loosely (without "UBND",
"Phòng", a trailing "huyện"…, or as an acronym); a piece matching nothing is
reported once, glued to the pieces after it that cannot start a unit's name
("Sở Giáo dục và Đào tạo" stays whole), with the closest known unit.

Matching ignores case, accents (NFC/NFD, "Hoà"/"Hòa"), spacing, punctuation and
the common abbreviations (UBND, HĐND, MTTQ). :func:`unit_directory` is the one
place that says which units and phrases a file is read against.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils.translation import gettext as _

from campaigns.models import Unit, UnitGroupPhrase
from organisation.selectors import scope_organisation

from .text import normalise

_PREFIXES = ("uy ban nhan dan", "phong", "thi tran", "xa", "phuong", "tt")
_SUFFIXES = ("huyen", "tinh", "thanh pho")
# Separators between the pieces of a cell; a hyphen or bullet opens a line.
_SEPARATORS = re.compile(
    r"[,;\n|:]+|(?m:^\s*[-–+]\s+)|\s*[•·*]\s*|\s+(?:và|va)\s+", re.IGNORECASE
)
_AND = re.compile(r"\s+(?:và|va)\s+", re.IGNORECASE)
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "mttqvn": "mat tran to quoc viet nam",
}
# Words a unit's name starts with: an unknown piece starting otherwise belongs
# to the piece before it ("Sở Văn hóa, Thể thao và Du lịch").
_NAME_STARTS = (
    "so",
    "phong",
    "uy ban",
    "ban",
    "trung tam",
    "dai",
    "bao",
    "cong an",
    "van phong",
    "hoi",
    "doan",
    "chi cuc",
    "chi nhanh",
    "cuc",
    "vien",
    "truong",
    "benh vien",
    "hiep hoi",
    "lien doan",
    "thanh tra",
    "kho bac",
    "buu dien",
    "ngan hang",
    "mat tran",
    "quan su",
    "bo chi huy",
    "dang uy",
    "cac",
    "tat ca",
    "thon",
    "to dan pho",
    "xa",
    "phuong",
    "thi tran",
    "dac khu",
    "hoi dong",
)
_CONTEXT = re.compile(r"^(?:tren dia ban|thuoc|cua|tai|o|co lien quan|lien quan)\b")


def key_of(text: str) -> str:
    """The matching key: :func:`normalise` with the abbreviations spelled out."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in normalise(text).split())


def suffixes_for(place: str) -> tuple[str, ...]:
    """The trailing words a unit name may carry: "huyện", "tỉnh"… and "huyện
    <place>" for the organisation's place name, if it has one."""
    place = normalise(place)
    return (*_SUFFIXES, f"huyen {place}", place) if place else _SUFFIXES


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


def _starts_a_name(key: str) -> bool:
    return any(key == start or key.startswith(start + " ") for start in _NAME_STARTS)


@dataclass(frozen=True)
class Group:
    """A group phrase: the units of its kinds (none: the phrase names no unit)."""

    phrase: str
    units: tuple[Unit, ...]
    names_none: bool


@dataclass
class UnitMatch:
    """Units found in one cell, in order, and the names matching none.

    ``unknown`` holds (name as written, closest known unit's name or "");
    ``groups`` the group phrases found with the number of units each gave;
    ``vague`` the phrases that name no unit ("các đơn vị liên quan"), and
    ``empty`` the group phrases whose kinds no unit of the organisation has.
    """

    units: list[Unit] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    groups: list[tuple[str, int]] = field(default_factory=list)
    vague: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)

    def add(self, units: Iterable[Unit]) -> None:
        for unit in units:
            if unit not in self.units:
                self.units.append(unit)


@dataclass(frozen=True)
class _Piece:
    text: str  # as written
    key: str
    joined_by_and: bool  # "và" stands between it and the piece before


def _pieces(text: str) -> list[_Piece]:
    text = unicodedata.normalize("NFC", text or "")
    pieces: list[_Piece] = []
    position = 0
    joined = False
    for match in [*_SEPARATORS.finditer(text), None]:
        end = match.start() if match else len(text)
        written = text[position:end].strip(" .-–\t")
        if written and key_of(written):
            pieces.append(_Piece(written, key_of(written), joined))
        if match is None:
            break
        position = match.end()
        joined = bool(_AND.fullmatch(match[0]))
    return pieces


def _joined(pieces: list[_Piece]) -> str:
    text = pieces[0].text
    for piece in pieces[1:]:
        text += (" và " if piece.joined_by_and else ", ") + piece.text
    return text


class UnitDirectory:
    """Every candidate unit under every key it may be written with, and the
    group phrases (loaded once: two queries)."""

    def __init__(
        self,
        units: Iterable[Unit] | None = None,
        *,
        place: str | None = None,
        phrases: Iterable[UnitGroupPhrase] | None = None,
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
                key = key_of(name)
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
        if phrases is None:
            # The installation's phrases, then those of the organisation whose
            # units are read (which win).
            own = {unit.organisation_id for unit in self.units}
            phrases = UnitGroupPhrase.objects.filter(
                Q(organisation__isnull=True) | Q(organisation_id__in=own),
                is_active=True,
            ).order_by(F("organisation_id").asc(nulls_first=True), "phrase")
        self.groups: dict[str, Group] = {}
        for row in phrases:
            key = key_of(row.phrase)
            if key and key not in self.exact:  # a later (own) row replaces
                self.groups[key] = Group(
                    row.phrase, tuple(self._of_kinds(row)), not row.kind_list
                )

    def _of_kinds(self, row: UnitGroupPhrase) -> list[Unit]:
        if row.names_every_unit:
            return list(self.units)
        kinds = set(row.kind_list)
        return [unit for unit in self.units if unit.kind in kinds]

    def _strip(self, key: str) -> str:
        return _strip(key, self.suffixes)

    def one(self, text: str) -> Unit | None:
        """The unit a single name stands for, or None."""
        key = key_of(text)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        stripped = self._strip(key)
        for variant in (stripped, stripped.replace(" ", ""), key.replace(" ", "")):
            if variant in self.loose:
                return self.loose[variant]
        return None

    def group(self, text: str) -> Group | None:
        """The group a phrase names, also followed by a place ("… trên địa bàn
        tỉnh", "… thuộc UBND xã"), or None."""
        key = key_of(text)
        if key in self.groups:
            return self.groups[key]
        for phrase, found in self.groups.items():
            rest = key[len(phrase) + 1 :]
            if key.startswith(phrase + " ") and _CONTEXT.match(rest):
                return found
        return None

    def suggest(self, text: str) -> str:
        """The closest known unit's name (by difflib), or ""."""
        key = self._strip(key_of(text))
        names: dict[str, str] = {}
        for unit in self.units:
            for name in (unit.name, unit.short_name, *unit.alias_list):
                if name:
                    names.setdefault(self._strip(key_of(name)), unit.name)
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
        return names[close[0]] if close else ""

    def read(self, text: str) -> UnitMatch:
        """Every unit a cell names; see the module's docstring."""
        result = UnitMatch()
        pieces = _pieces(text)
        unknown: list[_Piece] = []
        index = 0
        while index < len(pieces):
            used = self._longest_at(pieces, index, result)
            if used:
                self._unknown(unknown, result)
                index += used
                continue
            piece = pieces[index]
            if unknown and not _starts_a_name(piece.key):
                unknown.append(piece)  # "Thể thao và Du lịch" after "Sở Văn hóa"
            else:
                self._unknown(unknown, result)
                unknown.append(piece)
            index += 1
        self._unknown(unknown, result)
        return result

    def _longest_at(self, pieces: list[_Piece], index: int, result: UnitMatch) -> int:
        """How many pieces from ``index`` the longest known name fills (0: none)."""
        for end in range(len(pieces), index, -1):
            written = _joined(pieces[index:end])
            unit = self.one(written)
            if unit is not None:
                result.add([unit])
                return end - index
            found = self.group(written)
            if found is not None:
                if found.names_none:
                    result.vague.append(written)
                elif not found.units:
                    result.empty.append(written)
                else:
                    result.add(found.units)
                    result.groups.append((written, len(found.units)))
                return end - index
        return 0

    def _unknown(self, pieces: list[_Piece], result: UnitMatch) -> None:
        if pieces:
            written = _joined(pieces)
            unit = self.one(written)
            if unit is not None:
                result.add([unit])
            else:
                result.unknown.append((written, self.suggest(written)))
            pieces.clear()


def unit_directory(units: Iterable[Unit] | None = None) -> UnitDirectory:
    """The units (by default every active unit) and the group phrases a file
    is read against: the one place to scope them, e.g. to an organisation."""
    return UnitDirectory(units)


def unknown_message(name: str, suggestion: str) -> str:
    if suggestion:
        return _("Unknown unit “%(name)s”: did you mean “%(suggestion)s”?") % {
            "name": name,
            "suggestion": suggestion,
        }
    return _("Unknown unit “%(name)s”.") % {"name": name}
