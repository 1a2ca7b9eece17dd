"""Section rows at any depth, and total rows.

Appendices number their sections "A", "I", "1", "1.1", "a)" and their tasks
with the next level down, or with "-" and nothing. A row with a Roman numeral or
a capital letter, or whose other cells are only its first ones (no unit, time
or channel), heads the rows under it. A row numbered like a task ("1", "1.1",
"a") without unit and time is a heading only when the row after it is numbered
one level deeper ("1. Trên báo chí…" above "1.1 …", "a)" or "-"); otherwise it
is a task whose missing cells the preview reports. The heading of a row is its
innermost section, followed by the ones above it.
"""

from __future__ import annotations

import re

from .columns import TIME_KEYS
from .tables import EMPTY, Cell
from .text import fold, is_roman, is_section_letter, normalise

DEFINITE, MAYBE = "definite", "maybe"
_DOTTED = re.compile(r"^(\d+(?:\.\d+)*)\.?[)]?$")
_LETTER = re.compile(r"^[a-zđ][.)]?$")
_BULLET = re.compile(r"^[-–+•*]$")
_TOTALS = {
    "tong cong",
    "tong",
    "cong",
    "tong so",
    "tong kinh phi",
    "tong cong kinh phi",
}
DETAIL_KEYS = ("lead_unit", "supporting_units", *TIME_KEYS, "channel")


def depth(number: str) -> int:
    """How deep a row's number sits: A 0, I 1, 1 2, 1.1 3, 1.1.1 4, a 6, - 7,
    none 8."""
    text = number.strip()
    if not text:
        return 8
    if is_section_letter(text):
        return 0
    if is_roman(text):
        return 1
    if match := _DOTTED.match(text):
        return 1 + len(match[1].split("."))
    if _LETTER.match(text):
        return 6
    if _BULLET.match(text):
        return 7
    return 8


def heading_kind(
    values: dict[str, Cell], cells: list[Cell], columns: dict[str, int]
) -> str | None:
    """DEFINITE for a section row, MAYBE for a numbered row without details
    (decided by the row after it), None for a task."""
    number = values.get("number", EMPTY).text.strip()
    number_index = columns.get("number")
    others = [
        fold(cell.text)
        for index, cell in enumerate(cells)
        if index != number_index and not cell.is_empty
    ]
    if not others:
        return DEFINITE if number and not _DOTTED.match(number) else None
    if number and depth(number) < 2:
        return DEFINITE
    if len(others) >= 2 and len(set(others)) == 1:
        return DEFINITE  # merged across the row
    if any(not values.get(key, EMPTY).is_empty for key in DETAIL_KEYS):
        return None
    return MAYBE if number else DEFINITE


def heading_text(
    values: dict[str, Cell], cells: list[Cell], columns: dict[str, int]
) -> str:
    number_index = columns.get("number")
    others = [
        fold(cell.text)
        for index, cell in enumerate(cells)
        if index != number_index and not cell.is_empty
    ]
    number = fold(values.get("number", EMPTY).text)
    return " ".join(dict.fromkeys(others)) or number


def is_total(values: dict[str, Cell]) -> bool:
    """A "Tổng cộng" row: a total of the column, not a task."""
    title = normalise(values.get("title", EMPTY).text)
    return title in _TOTALS and all(
        values.get(key, EMPTY).is_empty for key in DETAIL_KEYS
    )


class Outline:
    """The headings above the current row, innermost last."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    def enter(self, level: int, text: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, text))

    def leave(self, level: int) -> None:
        """A task numbered at ``level`` ends the headings at its level or deeper."""
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()

    @property
    def section(self) -> str:
        return " — ".join(text for _level, text in reversed(self.stack))
