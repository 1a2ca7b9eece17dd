"""A parent organisation's roll-up as an Excel workbook: a row per child (in the
page's order) with the totals, then the outputs by channel of each child.
Numbers stay numbers (counts, VND, percentages and points formatted)."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from ..rollup import ChildFigures, Rollup
from .to_xlsx.cells import table_sheet

NO_PLAN = "—"


def _figures(figures: ChildFigures, *, planned: bool) -> list[Any]:
    if not planned:
        return [None] * 12
    progress = figures.progress
    par = figures.par
    return [
        progress.due,
        progress.done_due,
        figures.completion,
        figures.done_on_time,
        figures.done_late,
        progress.overdue,
        figures.actual_output,
        figures.actual_cost,
        figures.budget,
        figures.spend_rate,
        par.total_points if par is not None else None,
        par.max_points if par is not None else None,
    ]


def write_rollup_xlsx(rollup: Rollup, out: IO[bytes]) -> None:
    wb = Workbook(write_only=True)
    wb.properties.title = _("Roll-up %(year)s") % {"year": rollup.year}
    wb.properties.creator = rollup.parent.name
    columns = [
        (pgettext("roll-up", "Organisation"), "text"),
        (_("Plan"), "text"),
        (_("Tasks due so far"), "int"),
        (_("Done of the tasks due"), "int"),
        (_("Completion"), "percent"),
        (_("Done on time"), "int"),
        (_("Done late"), "int"),
        (_("Overdue"), "int"),
        (_("Outputs"), "int"),
        (_("Actual cost (VND)"), "money"),
        (_("Budget (VND)"), "money"),
        (_("Spend rate"), "percent"),
        (_("PAR points"), "points"),
        (_("Maximum points"), "points"),
    ]
    rows = [
        [
            row.organisation.name,
            str(row.plan) if row.plan is not None else _("No plan yet"),
            *_figures(row.figures, planned=row.has_plan),
        ]
        for row in rollup.rows
    ]
    total = [
        _("Total (%(count)s with a plan)") % {"count": rollup.with_plan},
        "",
        *_figures(rollup.total, planned=True)[:-2],
        rollup.par_average,
        rollup.par_max,
    ]
    table_sheet(
        wb,
        _("Roll-up %(year)s") % {"year": rollup.year},
        columns,
        rows,
        total=total,
        notes=[
            _(
                "%(parent)s: figures as of %(date)s. Completion: done of the tasks "
                "due so far. PAR points of the total: the average of the "
                "organisations with a plan."
            )
            % {"parent": rollup.parent.name, "date": rollup.today.strftime("%d/%m/%Y")}
        ],
    )
    table_sheet(
        wb,
        _("Outputs by channel"),
        [
            (pgettext("roll-up", "Organisation"), "text"),
            (_("Channel"), "text"),
            (_("Output unit"), "text"),
            (_("Actual output"), "int"),
        ],
        [
            [row.organisation.name, output.label, output.output_unit, output.actual]
            for row in rollup.rows
            for output in row.figures.outputs
        ],
    )
    wb.save(out)
