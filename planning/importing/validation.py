"""Check every row against the plan and the catalogues; nothing is written.

Each row gets its cleaned values, its errors and the notes the preview shows:
how its time was read ("Quý II/2025 → 01/04–30/06/2025"), where its channel,
theme and audience came from, the budget or output words read, and the dates
falling on a weekend or a holiday.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns.models import Plan

from .context import CheckContext, ImportOptions
from .layout import ReadResult, Skip
from .rows import RowResult, check_row
from .text import normalise


@dataclass
class UnknownName:
    """A name the file gives a unit that no unit answers to."""

    name: str
    suggestion: str
    rows: list[int] = field(default_factory=list)


@dataclass
class ImportPreview:
    """Every row checked; the counts the page and the command state."""

    rows: list[RowResult]
    read: ReadResult
    options: ImportOptions
    uses_choice: set[str] = field(default_factory=set)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def valid_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.is_valid]

    @property
    def is_valid(self) -> bool:
        """Something can be saved: every row valid, or the invalid ones skipped."""
        if not self.valid_rows:
            return False
        return not self.error_rows or self.options.skip_invalid

    @property
    def skipped(self) -> list[Skip]:
        skips = list(self.read.skipped)
        if self.options.skip_invalid:
            skips += [
                Skip(
                    row.number,
                    _("not imported: %(errors)s") % {"errors": " ".join(row.errors)},
                )
                for row in self.error_rows
            ]
        return sorted(skips, key=lambda skip: skip.number)

    @property
    def unknown_names(self) -> list[UnknownName]:
        """Each unit name no unit answers to, once, with the rows naming it."""
        found: dict[str, UnknownName] = {}
        for row in self.rows:
            for name, suggestion in row.unknown_units:
                key = normalise(name)
                if key not in found:
                    found[key] = UnknownName(name, suggestion)
                if row.number not in found[key].rows:
                    found[key].rows.append(row.number)
        return list(found.values())

    @property
    def rows_to_choose(self) -> list[RowResult]:
        """The rows a choice on the page would make valid."""
        return [row for row in self.rows if row.needs]

    @property
    def rows_read(self) -> int:
        return self.read.rows_read

    @property
    def imported_count(self) -> int:
        return len(self.valid_rows) if self.is_valid else 0

    @property
    def task_count(self) -> int:
        return sum(row.task_count for row in self.valid_rows)

    @property
    def activity_count(self) -> int:
        return len(self.valid_rows)


def validate_rows(
    *, plan: Plan, read: ReadResult, options: ImportOptions | None = None
) -> ImportPreview:
    """Check every row; nothing is written. Duplicates are checked across the
    file and against the activities the plan already has."""
    options = options or ImportOptions()
    ctx = CheckContext(plan, options, read.columns)
    results = [check_row(row, ctx) for row in read.rows]
    preview = ImportPreview(results, read, options)
    seen: dict[tuple, int] = {}
    for result in results:
        cleaned = result.cleaned
        preview.uses_choice |= result.choices
        lead = cleaned.get("lead_unit")
        if not (cleaned.get("title") and lead and cleaned.get("start")):
            continue
        key = (normalise(cleaned["title"]), lead.pk, cleaned["start"])
        if key in seen:
            result.errors.append(
                _("Duplicate of row %(row)s (same title, lead unit and start).")
                % {"row": seen[key]}
            )
        else:
            seen[key] = result.number
        if key in ctx.existing:
            result.errors.append(
                _(
                    "The plan already has this activity "
                    "(same title, lead unit and start)."
                )
            )
    return preview
