"""The province's roll-up in the order its reader chose: by name as Vietnamese
read it, or by a figure (``?sort=par``, ``?sort=-completion``), the children
without a plan last."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .rollup import ChildFigures, RollupRow, row_by_name

SORT_KEYS: dict[str, Callable[[ChildFigures], Any]] = {
    "completion": lambda f: f.completion if f.completion is not None else -1.0,
    "on_time": lambda f: f.done_on_time,
    "late": lambda f: f.done_late,
    "overdue": lambda f: f.progress.overdue,
    "output": lambda f: f.actual_output,
    "spend": lambda f: f.actual_cost,
    "budget": lambda f: f.budget,
    "par": lambda f: f.par_points,
}
SORTS = ("name", *SORT_KEYS)


def sort_parse(raw: str | None) -> tuple[str, bool] | None:
    """``?sort=`` as (column, descending): "par" ascending, "-par" descending;
    empty: by name. None for anything else."""
    raw = (raw or "").strip()
    if not raw:
        return "name", False
    descending = raw.startswith("-")
    key = raw[1:] if descending else raw
    return (key, descending) if key in SORTS else None


def rollup_sorted(
    rows: list[RollupRow], key: str, *, descending: bool = False
) -> list[RollupRow]:
    """``rows`` by ``key`` (one of :data:`SORTS`), ties by name; the children
    without a plan last whichever the direction (by name)."""
    if key == "name":
        return sorted(rows, key=row_by_name, reverse=descending)
    figure = SORT_KEYS[key]
    planned = sorted((r for r in rows if r.has_plan), key=row_by_name)
    planned.sort(key=lambda row: figure(row.figures), reverse=descending)
    return planned + sorted((r for r in rows if not r.has_plan), key=row_by_name)
