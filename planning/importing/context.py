"""What the rows are checked against: the planner's choices for the whole file
(:class:`ImportOptions`) and the plan's themes, the active channels, the
audience groups and units, and the plan's activities, loaded once
(:class:`CheckContext`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audiences.models import AudienceGroup
from campaigns.models import ContentTheme, Plan, Unit
from channels.models import Channel

from .inference import Inference
from .text import normalise
from .units import unit_directory


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
    # Choices for one row (by its number in the file): they come before the
    # row's words and the choice for all rows.
    row_themes: dict[int, int] = field(default_factory=dict)
    row_channels: dict[int, int] = field(default_factory=dict)
    row_audiences: dict[int, list[int]] = field(default_factory=dict)
    row_times: dict[int, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "channel": self.channel,
            "audiences": list(self.audiences),
            "shift_off_days": self.shift_off_days,
            "skip_invalid": self.skip_invalid,
            "table": self.table,
            "row_themes": self.row_themes,
            "row_channels": self.row_channels,
            "row_audiences": self.row_audiences,
            "row_times": self.row_times,
        }


class CheckContext:
    """Everything the rows are checked against, loaded once (fixed queries)."""

    def __init__(
        self,
        plan: Plan,
        options: ImportOptions,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.plan = plan
        self.options = options
        # The file's own header of each column, for messages and units.
        self.headers = dict(headers or {})
        themes = list(plan.themes.all())
        channels = list(Channel.objects.filter(is_active=True))
        audiences = list(AudienceGroup.objects.all())
        self.units = unit_directory(Unit.objects.filter(is_active=True))
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
        by_id: dict[int | None, ContentTheme] = {theme.pk: theme for theme in themes}
        self.chosen_theme = by_id.get(options.theme) or (themes[0] if themes else None)
        self.theme_is_default = options.theme not in by_id
        self.chosen_channel = next(
            (c for c in channels if c.pk == options.channel), None
        )
        chosen = [a for a in audiences if a.pk in set(options.audiences)]
        self.chosen_audiences = chosen or audiences[:1]
        self.audiences_are_default = not chosen
        theme_by_id = {theme.pk: theme for theme in themes}
        channel_by_id = {channel.pk: channel for channel in channels}
        group_by_id = {group.pk: group for group in audiences}
        self.row_themes = {
            n: theme_by_id[pk]
            for n, pk in options.row_themes.items()
            if pk in theme_by_id
        }
        self.row_channels = {
            n: channel_by_id[pk]
            for n, pk in options.row_channels.items()
            if pk in channel_by_id
        }
        self.row_audiences = {
            n: [group_by_id[pk] for pk in pks if pk in group_by_id]
            for n, pks in options.row_audiences.items()
        }
        self.existing = {
            (normalise(title), lead, start)
            for title, lead, start in plan.activities.values_list(
                "title", "lead_unit_id", "start_date"
            )
        }
