"""Check every row against the plan and the catalogues; nothing is written.

Each row gets its cleaned values, its errors and the notes the preview shows:
how its time was read ("Quý II/2025 → 01/04–30/06/2025"), where its channel,
theme and audience came from, the budget or output words read, and the dates
falling on a weekend or a holiday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from audiences.models import AudienceGroup
from campaigns.models import Plan, Unit
from channels.models import Channel

from .inference import Inference
from .layout import ReadResult, Skip
from .rows import RowResult, check_row
from .text import normalise
from .units import UnitDirectory


@dataclass
class ImportOptions:
    """The planner's choices for the whole file (preview form or command line).

    ``theme``, ``channel`` and ``audiences`` apply to rows that name none and
    whose words and section name none; ``shift_off_days`` moves dates off
    weekends and holidays; ``skip_invalid`` saves the valid rows and lists the
    others as skipped, each with its reason; ``table`` picks a sheet or table.
    """

    theme: int | None = None
    channel: int | None = None
    audiences: list[int] = field(default_factory=list)
    shift_off_days: bool = False
    skip_invalid: bool = False
    table: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "channel": self.channel,
            "audiences": list(self.audiences),
            "shift_off_days": self.shift_off_days,
            "skip_invalid": self.skip_invalid,
            "table": self.table,
        }


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


class _Context:
    """Everything the rows are checked against, loaded once (fixed queries)."""

    def __init__(self, plan: Plan, options: ImportOptions) -> None:
        self.plan = plan
        self.options = options
        themes = list(plan.themes.all())
        channels = list(Channel.objects.filter(is_active=True))
        audiences = list(AudienceGroup.objects.all())
        self.units = UnitDirectory(Unit.objects.filter(is_active=True))
        self.inference = Inference(themes, channels, audiences)
        self.themes: dict[str, Any] = {}
        for position, theme in enumerate(themes, start=1):
            self.themes[normalise(theme.title)] = theme
            self.themes.setdefault(str(theme.order or position), theme)
            self.themes.setdefault(str(position), theme)
        self.channels: dict[str, Channel] = {}
        for channel in channels:
            self.channels[normalise(channel.name)] = channel
            self.channels.setdefault(normalise(channel.code), channel)
        self.audiences: dict[str, AudienceGroup] = {}
        for group in audiences:
            self.audiences[normalise(group.name)] = group
            self.audiences.setdefault(normalise(group.code), group)
        by_id = {theme.pk: theme for theme in themes}
        self.chosen_theme = by_id.get(options.theme) or (themes[0] if themes else None)
        self.theme_is_default = options.theme not in by_id
        self.chosen_channel = next(
            (c for c in channels if c.pk == options.channel), None
        )
        chosen = [a for a in audiences if a.pk in set(options.audiences)]
        self.chosen_audiences = chosen or audiences[:1]
        self.audiences_are_default = not chosen
        self.existing = {
            (normalise(title), lead, start)
            for title, lead, start in plan.activities.values_list(
                "title", "lead_unit_id", "start_date"
            )
        }


def validate_rows(
    *, plan: Plan, read: ReadResult, options: ImportOptions | None = None
) -> ImportPreview:
    """Check every row; nothing is written. Duplicates are checked across the
    file and against the activities the plan already has."""
    options = options or ImportOptions()
    ctx = _Context(plan, options)
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


__all__ = ["ImportOptions", "ImportPreview", "RowResult", "validate_rows"]
