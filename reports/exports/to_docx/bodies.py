"""How the document's header writes a body's name (Decree 30/2020/NĐ-CP,
Appendix I, II.2): in capitals; the governing body (cơ quan chủ quản) as the
profile spells it, abbreviations allowed; the issuing body in full, its
"ỦY BAN NHÂN DÂN" (or "HỘI ĐỒNG NHÂN DÂN") on a line of its own above the
place, and a place short enough for one line never broken inside."""

from __future__ import annotations

import re

# Abbreviations the decree allows only in the governing body's line.
_IN_FULL = (
    (re.compile(r"^UBND\b"), "ỦY BAN NHÂN DÂN"),
    (re.compile(r"^HĐND\b"), "HỘI ĐỒNG NHÂN DÂN"),
)
_BODY_KINDS = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
NO_BREAK_SPACE = "\u00a0"
# Advance of a capital and of a space of Times New Roman 13 pt bold, on
# average, in cm (0.70 and 0.25 em): what decides whether a line fits.
CAPITAL_CM = 0.32
SPACE_CM = 0.115
CELL_PADDING_CM = 0.4


def _fits(line: str, width_cm: float) -> bool:
    spaces = line.count(" ")
    width = (len(line) - spaces) * CAPITAL_CM + spaces * SPACE_CM
    return width <= width_cm - CELL_PADDING_CM


def _unbroken(line: str, width_cm: float) -> str:
    """The line with no-break spaces when it fits the cell, so a place name is
    never split ("NÚI / THÀNH"); a longer line keeps its spaces to wrap."""
    return line.replace(" ", NO_BREAK_SPACE) if _fits(line, width_cm) else line


def header_lines(name: str, width_cm: float, *, full: bool = True) -> list[str]:
    """The header lines of one body: ``full`` spells out "UBND" and "HĐND" and
    puts the kind of body on its own line.

    >>> header_lines("UBND xã Tam Xuân", 7.0)
    ['ỦY\\xa0BAN\\xa0NHÂN\\xa0DÂN', 'XÃ\\xa0TAM\\xa0XUÂN']
    >>> header_lines("UBND tỉnh Quảng Nam", 7.0, full=False)
    ['UBND\\xa0TỈNH\\xa0QUẢNG\\xa0NAM']
    """
    upper = " ".join(name.split()).upper()
    if not upper:
        return []
    if not full:
        return [_unbroken(upper, width_cm)]
    for pattern, spelled in _IN_FULL:
        upper = pattern.sub(spelled, upper)
    for kind in _BODY_KINDS:
        rest = upper.removeprefix(kind).strip()
        if upper.startswith(kind + " ") and rest:
            return [_unbroken(kind, width_cm), _unbroken(rest, width_cm)]
    return [_unbroken(upper, width_cm)]
