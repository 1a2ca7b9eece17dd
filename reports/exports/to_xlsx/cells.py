"""The workbook's building blocks: number formats and styles, safe rows and
styled cells, a sheet holding one table, a native bar chart of a sheet's cells."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from nuithanh_cchc.text import export_text, xlsx_cell, xlsx_row

FORMATS = {
    "int": "#,##0",
    "money": "#,##0",
    "percent": "0.0%",
    "points": "0.00",
    "date": "DD/MM/YYYY",
}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WIDTHS = {"text": 36, "int": 12, "money": 16, "percent": 12, "points": 10}


def append_row(ws: WriteOnlyWorksheet, values: Sequence[Any]) -> None:
    """Every row goes in through here: its text is safe cells (never a formula,
    no control character), its numbers stay numbers."""
    ws.append(xlsx_row(ws, list(values)))


def styled_cell(ws: WriteOnlyWorksheet, value: Any, kind: str = "text", **style) -> Any:
    """A cell with the kind's number format and ``style``; a value that needs
    neither stays a plain value (openpyxl writes it without a cell object of its
    own, :func:`append_row` makes its text safe)."""
    formatted = kind in FORMATS and value is not None
    if not formatted and not style:
        return value
    cell = WriteOnlyCell(ws)
    if formatted:
        # Before the value: a date then keeps this format, never openpyxl's own.
        cell.number_format = FORMATS[kind]
    cell.value = export_text(value)
    xlsx_cell(cell)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def table_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Sequence[Any]],
    *,
    total: Sequence[Any] | None = None,
    notes: Sequence[str] = (),
) -> tuple[WriteOnlyWorksheet, int]:
    """A sheet holding one table: bold frozen header, widths, formats, filter.

    Returns the sheet and the number of data rows (for charts).
    """
    ws = wb.create_sheet(title)
    for index, (_heading, kind) in enumerate(columns, start=1):
        width = WIDTHS.get(kind, 14) if index > 1 else 44
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"
    append_row(
        ws,
        [
            styled_cell(
                ws, heading, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGN
            )
            for heading, _kind in columns
        ],
    )
    count = 0
    for row in rows:
        append_row(
            ws,
            [
                styled_cell(ws, value, kind)
                for value, (_heading, kind) in zip(row, columns, strict=True)
            ],
        )
        count += 1
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    if total is not None:
        append_row(
            ws,
            [
                styled_cell(ws, value, kind, font=BOLD)
                for value, (_heading, kind) in zip(total, columns, strict=True)
            ],
        )
    for note in notes:
        append_row(ws, [])
        append_row(ws, [styled_cell(ws, note, font=Font(italic=True))])
    return ws, count


def bar_chart(
    ws: WriteOnlyWorksheet,
    *,
    title: str,
    rows: int,
    data_cols: tuple[int, int],
    anchor: str,
    stacked: bool = False,
    horizontal: bool = False,
) -> None:
    """A native Excel bar chart of the sheet's own cells (it updates with them)."""
    if rows == 0:
        return
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.height = max(8, 0.6 * rows) if horizontal else 9
    chart.width = 20
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    data = Reference(
        ws, min_col=data_cols[0], max_col=data_cols[1], min_row=1, max_row=rows + 1
    )
    categories = Reference(ws, min_col=1, min_row=2, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    ws.add_chart(chart, anchor)
