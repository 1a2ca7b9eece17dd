"""The sheets of the breakdowns: by channel, by unit, and one shape of sheet
for the other groupings (audience group, quarter, theme, activity, objective)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from channels.models import Channel

from ...figures import Row, TaskCounts, YearReport
from .cells import bar_chart, table_sheet


def _task_columns() -> list[tuple[str, str]]:
    return [
        (_("Tasks to carry out"), "int"),
        (_("Done on time"), "int"),
        (_("Done late"), "int"),
        (_("Done, awaiting review"), "int"),
        (_("Not done, still in term"), "int"),
        (_("Overdue"), "int"),
        (_("Completion rate"), "percent"),
    ]


def _task_values(tasks: TaskCounts) -> list[Any]:
    return [
        tasks.total,
        tasks.done_on_time,
        tasks.done_late,
        tasks.awaiting_review,
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


def write_channel_sheet(wb: Workbook, report: YearReport) -> None:
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
    ws, count = table_sheet(
        wb,
        _("By channel"),
        columns,
        rows,
        total=total,
        notes=[_("Output is counted in each channel's own unit; it is not summed.")],
    )
    bar_chart(
        ws,
        title=_("Planned and actual output by channel"),
        rows=count,
        data_cols=(11, 12),
        anchor=f"B{count + 6}",
    )


def write_rows_sheet(
    wb: Workbook,
    title: str,
    first_heading: str,
    rows: Sequence[Row],
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
        line: list[Any] = [row.label]
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
    return table_sheet(wb, title, columns, values, notes=notes)


def write_unit_sheet(wb: Workbook, report: YearReport) -> None:
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
    ws, count = table_sheet(wb, _("By unit"), columns, rows, total=total)
    bar_chart(
        ws,
        title=_("Tasks by unit"),
        rows=count,
        data_cols=(4, 7),
        anchor="L2",
        stacked=True,
        horizontal=True,
    )
