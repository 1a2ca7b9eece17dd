"""How the task detail's cells read, shared by the xlsx and the csv."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from campaigns.models import Task
from channels.models import Channel

from ..detail import TASK_DETAIL_COLUMNS
from ..tracking import Tracking

# Distinct values a memo remembers before it starts again: memory stays flat
# however many activities, units or days the period has.
MEMO_MAX = 4096


class Memo(dict):
    """value -> its cell, made once by ``make`` and remembered (up to MEMO_MAX
    values): the task detail repeats each activity, unit and day on many rows."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, value: Any) -> Any:
        if len(self) >= MEMO_MAX:
            self.clear()
        cell = self[value] = self._make(value)
        return cell


def detail_labels() -> dict[str, dict[Any, str]]:
    """Column kind -> raw value -> the label a cell shows, for the detail
    columns that show a label (form, status, tracking, role, yes/no).

    Labels are translated once, in the active language, not once per row.
    """
    return {
        "form": {key: str(label) for key, label in Channel.Form.choices},
        "status": {key: str(label) for key, label in Task.Status.choices},
        "tracking": {key: str(label) for key, label in Tracking.choices},
        "lead": {True: _("Lead"), False: _("Supporting")},
        "bool": {True: _("Yes"), False: _("No")},
    }


def detail_converters() -> list[Callable[[Any], Any]]:
    """One function per detail column turning a raw value into what a cell shows."""
    labels = detail_labels()

    def same(value: Any) -> Any:
        return value

    converters = []
    for _name, _heading, kind in TASK_DETAIL_COLUMNS:
        table = labels.get(kind)
        converters.append(table.__getitem__ if table else same)
    return converters


def detail_headings() -> list[str]:
    return [str(heading) for _name, heading, _kind in TASK_DETAIL_COLUMNS]
