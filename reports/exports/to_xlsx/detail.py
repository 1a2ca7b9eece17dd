"""The task detail sheet: a row per task of the period, streamed from one
query (:func:`reports.detail.report_task_values`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from nuithanh_cchc.text import export_text, is_formula_like, xlsx_row

from ...detail import TASK_DETAIL_COLUMNS, report_task_values
from ...figures import YearReport
from ..values import Memo, detail_headings, detail_labels
from .cells import HEADER_ALIGN, HEADER_FILL, HEADER_FONT, append_row, styled_cell

DETAIL_WIDTHS = {
    "activity": 48,
    "theme": 36,
    "channel": 26,
    "audiences": 30,
    "unit": 32,
    "output_unit": 14,
}


def write_detail_sheet(wb: Workbook, report: YearReport) -> None:
    ws = wb.create_sheet(_("Task detail"))
    kinds = [kind for _name, _heading, kind in TASK_DETAIL_COLUMNS]
    for index, (name, _heading, kind) in enumerate(TASK_DETAIL_COLUMNS, start=1):
        width = DETAIL_WIDTHS.get(name, 12 if kind != "tracking" else 22)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C2"
    append_row(
        ws,
        [
            styled_cell(
                ws, heading, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGN
            )
            for heading in detail_headings()
        ],
    )
    # Each distinct text made safe once (a bounded memo), labels once; numbers
    # and None go as they are. A text starting like a formula (rare) gets a
    # cell of its own written as text. Each distinct date gets one dd/mm/yyyy
    # cell, given again to every row holding it: a write-only sheet writes a
    # row when it is appended, setting the cell's row and column each time.
    formula_like: set[str] = set()

    def safe(value: Any) -> Any:
        text = export_text(value)
        if is_formula_like(text):
            formula_like.add(text)
        return text

    labels = detail_labels()
    cells: list[dict[Any, Any] | None] = []
    for _name, _heading, kind in TASK_DETAIL_COLUMNS:
        if kind in labels:
            cells.append({key: safe(label) for key, label in labels[kind].items()})
        else:
            cells.append(Memo(safe) if kind == "text" else None)
    date_columns = [index for index, kind in enumerate(kinds) if kind == "date"]
    date_cells = Memo(lambda day: styled_cell(ws, day, "date"))
    count = 0
    for row in report_task_values(report):
        values = [
            value if cell is None else cell[value]
            for value, cell in zip(row, cells, strict=True)
        ]
        if formula_like and not formula_like.isdisjoint(values):
            values = xlsx_row(ws, values)
        for index in date_columns:
            if values[index] is not None:
                values[index] = date_cells[values[index]]
        ws.append(values)
        count += 1
    last = get_column_letter(len(TASK_DETAIL_COLUMNS))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
