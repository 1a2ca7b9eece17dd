"""The yearly report as an Excel workbook (openpyxl, write-only mode).

Write-only mode streams each row to a temporary file as it is appended, so the
task detail sheet costs the same memory for 300 tasks as for 300,000.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, BinaryIO

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from channels.models import Channel
from nuithanh_cchc.text import export_text, is_formula_like, xlsx_cell, xlsx_row

from ..detail import TASK_DETAIL_COLUMNS, report_task_values
from ..figures import Row, TaskCounts, YearReport
from .values import Memo, detail_headings, detail_labels

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
DETAIL_WIDTHS = {
    "activity": 48,
    "theme": 36,
    "channel": 26,
    "audiences": 30,
    "unit": 32,
    "output_unit": 14,
}


def _append(ws: WriteOnlyWorksheet, values: Sequence[Any]) -> None:
    """Every row goes in through here: its text is safe cells (never a formula,
    no control character), its numbers stay numbers."""
    ws.append(xlsx_row(ws, list(values)))


def _cell(ws: WriteOnlyWorksheet, value: Any, kind: str = "text", **style) -> Any:
    """A cell with the kind's number format and ``style``; a value that needs
    neither stays a plain value (openpyxl writes it without a cell object of its
    own, :func:`_append` makes its text safe)."""
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


def _table(
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
    _append(
        ws,
        [
            _cell(
                ws, heading, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGN
            )
            for heading, _kind in columns
        ],
    )
    count = 0
    for row in rows:
        _append(
            ws,
            [
                _cell(ws, value, kind)
                for value, (_heading, kind) in zip(row, columns, strict=True)
            ],
        )
        count += 1
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    if total is not None:
        _append(
            ws,
            [
                _cell(ws, value, kind, font=BOLD)
                for value, (_heading, kind) in zip(total, columns, strict=True)
            ],
        )
    for note in notes:
        _append(ws, [])
        _append(ws, [_cell(ws, note, font=Font(italic=True))])
    return ws, count


def _task_columns() -> list[tuple[str, str]]:
    return [
        (_("Tasks to carry out"), "int"),
        (_("Done on time"), "int"),
        (_("Done late"), "int"),
        (_("Not done, still in term"), "int"),
        (_("Overdue"), "int"),
        (_("Completion rate"), "percent"),
    ]


def _task_values(tasks: TaskCounts) -> list[Any]:
    return [
        tasks.total,
        tasks.done_on_time,
        tasks.done_late,
        tasks.in_term,
        tasks.overdue,
        tasks.completion_rate,
    ]


def _spend_columns() -> list[tuple[str, str]]:
    return [
        (_("Planned output"), "int"),
        (_("Actual output"), "int"),
        (_("Planned spend (VND)"), "money"),
        (_("Actual spend (VND)"), "money"),
    ]


def _spend_values(row: Row) -> list[Any]:
    return [
        row.tasks.planned_output,
        row.output.actual_output,
        row.budget,
        row.output.actual_cost,
    ]


def _bar_chart(
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


def _summary_sheet(wb: Workbook, report: YearReport) -> None:
    ws = wb.create_sheet(_("Summary"))
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 22
    title = _("Results of the administrative reform communication plan, %(year)s") % {
        "year": report.year
    }
    _append(ws, [_cell(ws, title, font=TITLE)])
    plan = report.plan
    _append(
        ws, [str(plan) if plan else _("No plan for %(year)s.") % {"year": report.year}]
    )
    _append(
        ws,
        [
            _("Figures as of %(date)s, tasks due in %(period)s")
            % {
                "date": report.as_of.strftime("%d/%m/%Y"),
                "period": report.period.phrase(),
            }
        ],
    )
    _append(ws, [])
    ws.freeze_panes = "A6"
    _append(
        ws,
        [
            _cell(ws, _("Figure"), font=HEADER_FONT, fill=HEADER_FILL),
            _cell(ws, _("Value"), font=HEADER_FONT, fill=HEADER_FILL),
        ],
    )
    acts, tasks, par = report.activities, report.tasks, report.par

    def section(name: str) -> None:
        _append(ws, [_cell(ws, name, font=BOLD)])

    def line(name: str, value: Any, kind: str = "int") -> None:
        _append(ws, [name, _cell(ws, value, kind)])

    section(_("Activities"))
    line(_("Activities planned"), acts.planned)
    line(_("Activities completed"), acts.completed)
    line(_("Activities with overdue tasks"), acts.with_overdue)
    line(_("Activities in progress"), acts.in_progress)
    line(_("Activities cancelled"), acts.cancelled)
    line(_("Budget planned (VND)"), acts.budget, "money")
    line(_("Actual cost (VND)"), report.output.actual_cost, "money")
    section(_("Tasks"))
    line(_("Tasks to carry out"), tasks.total)
    line(_("Done on time"), tasks.done_on_time)
    line(_("Done late"), tasks.done_late)
    line(_("Not done, still in term"), tasks.in_term)
    line(_("Overdue"), tasks.overdue)
    line(_("Tasks cancelled"), tasks.cancelled)
    line(_("Completion rate"), tasks.completion_rate, "percent")
    line(_("Overdue share"), tasks.overdue_share, "percent")
    section(_("Reach"))
    line(_("Planned output"), tasks.planned_output)
    line(_("Actual output"), report.output.actual_output)
    line(_("Participants"), report.output.participants)
    line(_("Reach"), report.output.reach)
    section(_("PAR index self-assessment"))
    line(_("Plan carried out"), par.completion_rate, "percent")
    line(_("Points for carrying out the plan"), par.completion_points, "points")
    for form in par.forms:
        names = {"form": form.label_lower}
        line(
            capfirst(_("%(form)s forms: done tasks with evidence") % names),
            form.with_evidence,
        )
        line(
            capfirst(_("%(form)s forms: done tasks without evidence") % names),
            form.without_evidence,
        )
        line(capfirst(_("%(form)s forms: points") % names), form.points, "points")
    line(_("Self-assessed points"), par.total_points, "points")
    line(_("Maximum points"), par.max_points, "points")


def _channel_sheet(wb: Workbook, report: YearReport) -> None:
    columns = [
        (_("Channel"), "text"),
        (_("Form"), "short"),
        (_("Output unit"), "short"),
        (_("Activities"), "int"),
        *_task_columns(),
        (_("Planned output"), "int"),
        (_("Actual output"), "int"),
        (_("Participants"), "int"),
        (_("Reach"), "int"),
        (_("Budget planned (VND)"), "money"),
        (_("Done with evidence"), "int"),
        (_("Done without evidence"), "int"),
        (_("Actual cost (VND)"), "money"),
    ]
    forms = dict(Channel.Form.choices)
    rows = [
        [
            row.label,
            str(forms[row.form]),
            row.output_unit,
            row.activities,
            *_task_values(row.tasks),
            row.tasks.planned_output,
            row.output.actual_output,
            row.output.participants,
            row.output.reach,
            row.budget,
            row.done_with_evidence,
            row.done_without_evidence,
            row.output.actual_cost,
        ]
        for row in report.by_channel
    ]
    total = [
        _("Total"),
        "",
        "",
        sum(row.activities for row in report.by_channel),
        *_task_values(report.tasks),
        None,
        None,
        report.output.participants,
        report.output.reach,
        sum((row.budget for row in report.by_channel), Decimal(0)),
        sum(row.done_with_evidence for row in report.by_channel),
        sum(row.done_without_evidence for row in report.by_channel),
        report.output.actual_cost,
    ]
    ws, count = _table(
        wb,
        _("By channel"),
        columns,
        rows,
        total=total,
        notes=[_("Output is counted in each channel's own unit; it is not summed.")],
    )
    _bar_chart(
        ws,
        title=_("Planned and actual output by channel"),
        rows=count,
        data_cols=(11, 12),
        anchor=f"B{count + 6}",
    )


def _rows_sheet(
    wb: Workbook,
    title: str,
    first_heading: str,
    rows: list[Row],
    *,
    activities: bool = True,
    reach: bool = False,
    budget: bool = False,
    spend: bool = False,
    notes: Sequence[str] = (),
) -> tuple[WriteOnlyWorksheet, int]:
    columns = [(first_heading, "text")]
    if activities:
        columns.append((_("Activities"), "int"))
    columns += _task_columns()
    if reach:
        columns += [(_("Participants"), "int"), (_("Reach"), "int")]
    if budget:
        columns.append((_("Budget planned (VND)"), "money"))
    if spend:
        columns += _spend_columns()
    values = []
    for row in rows:
        line = [row.label]
        if activities:
            line.append(row.activities)
        line += _task_values(row.tasks)
        if reach:
            line += [row.output.participants, row.output.reach]
        if budget:
            line.append(row.budget)
        if spend:
            line += _spend_values(row)
        values.append(line)
    return _table(wb, title, columns, values, notes=notes)


def _unit_sheet(wb: Workbook, report: YearReport) -> None:
    columns = [
        (_("Unit"), "text"),
        (_("Rank"), "int"),
        *_task_columns(),
        (_("Overdue share"), "percent"),
        (_("Tasks cancelled"), "int"),
        *_spend_columns(),
    ]
    rows = [
        [
            row.label,
            row.rank,
            *_task_values(row.tasks),
            row.tasks.overdue_share,
            row.tasks.cancelled,
            *_spend_values(row),
        ]
        for row in report.by_unit
    ]
    total = [
        _("Total"),
        None,
        *_task_values(report.tasks),
        report.tasks.overdue_share,
        report.tasks.cancelled,
        report.tasks.planned_output,
        report.output.actual_output,
        report.activities.budget,
        report.output.actual_cost,
    ]
    ws, count = _table(wb, _("By unit"), columns, rows, total=total)
    _bar_chart(
        ws,
        title=_("Tasks by unit"),
        rows=count,
        data_cols=(4, 7),
        anchor="L2",
        stacked=True,
        horizontal=True,
    )


def _detail_sheet(wb: Workbook, report: YearReport) -> None:
    ws = wb.create_sheet(_("Task detail"))
    kinds = [kind for _name, _heading, kind in TASK_DETAIL_COLUMNS]
    for index, (name, _heading, kind) in enumerate(TASK_DETAIL_COLUMNS, start=1):
        width = DETAIL_WIDTHS.get(name, 12 if kind != "tracking" else 22)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C2"
    _append(
        ws,
        [
            _cell(
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
    date_cells = Memo(lambda day: _cell(ws, day, "date"))
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


def write_xlsx(report: YearReport, out: BinaryIO) -> None:
    wb = Workbook(write_only=True)
    wb.properties.title = _("Report %(period)s") % {"period": report.period.phrase()}
    wb.properties.creator = report.plan.issuer if report.plan else ""
    _summary_sheet(wb, report)
    _channel_sheet(wb, report)
    _rows_sheet(
        wb,
        _("By audience group"),
        _("Audience group"),
        report.by_audience,
        reach=True,
        spend=True,
        notes=[_("An activity addressing several groups counts in each of them.")],
    )
    _unit_sheet(wb, report)
    ws, count = _rows_sheet(
        wb,
        _("By quarter"),
        _("Quarter"),
        report.by_quarter,
        activities=False,
        spend=True,
    )
    _bar_chart(
        ws,
        title=_("Tasks by quarter"),
        rows=count,
        data_cols=(3, 6),
        anchor="A8",
        stacked=True,
    )
    _rows_sheet(
        wb, _("By content theme"), _("Content theme"), report.by_theme, spend=True
    )
    _rows_sheet(
        wb,
        _("By activity"),
        _("Activity"),
        report.by_activity,
        activities=False,
        spend=True,
    )
    _rows_sheet(
        wb,
        _("By objective"),
        _("Objective"),
        report.by_objective,
        notes=[_("An activity serving several objectives counts in each of them.")],
    )
    _detail_sheet(wb, report)
    wb.save(out)
