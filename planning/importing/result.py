"""One row as checked: its cleaned values, errors, notes and what the planner
may still choose for it on the preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    # What the planner may choose for this row: "theme", "channel",
    # "audiences" (none named, or not one of the catalogue), "time" (unread).
    choices: set[str] = field(default_factory=set)
    # The choices whose lack makes the row invalid (a subset of the above).
    missing: set[str] = field(default_factory=set)
    # Unit names no unit answers to: (name as written, closest unit or "").
    unknown_units: list[tuple[str, str]] = field(default_factory=list)
    # The file's own words for a choice: ("channel", "Phát thanh lưu động").
    unplaced: list[tuple[str, str]] = field(default_factory=list)

    @property
    def needs(self) -> set[str]:
        """The choices that would make an invalid row valid."""
        return self.missing

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def task_count(self) -> int:
        return self.occurrences * (1 + len(self.cleaned.get("supporting_units", [])))
