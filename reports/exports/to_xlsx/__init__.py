"""The yearly report as an Excel workbook (openpyxl, write-only mode).

Write-only mode streams each row to a temporary file as it is appended, so the
task detail sheet costs the same memory for 300 tasks as for 300,000.
"""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ...figures import YearReport
from .breakdowns import write_channel_sheet, write_rows_sheet, write_unit_sheet
from .cells import bar_chart
from .detail import write_detail_sheet
from .summary import write_summary_sheet


def write_xlsx(report: YearReport, out: IO[bytes]) -> None:
    wb = Workbook(write_only=True)
    wb.properties.title = _("Report %(period)s") % {"period": report.period.phrase()}
    wb.properties.creator = report.plan.issuer if report.plan else ""
    write_summary_sheet(wb, report)
    write_channel_sheet(wb, report)
    write_rows_sheet(
        wb,
        _("By audience group"),
        _("Audience group"),
        report.by_audience,
        reach=True,
        spend=True,
        notes=[_("An activity addressing several groups counts in each of them.")],
    )
    write_unit_sheet(wb, report)
    ws, count = write_rows_sheet(
        wb,
        _("By quarter"),
        _("Quarter"),
        report.by_quarter,
        activities=False,
        spend=True,
    )
    bar_chart(
        ws,
        title=_("Tasks by quarter"),
        rows=count,
        data_cols=(3, 6),
        anchor="A8",
        stacked=True,
    )
    write_rows_sheet(
        wb, _("By content theme"), _("Content theme"), report.by_theme, spend=True
    )
    write_rows_sheet(
        wb,
        _("By activity"),
        _("Activity"),
        report.by_activity,
        activities=False,
        spend=True,
    )
    write_rows_sheet(
        wb,
        _("By objective"),
        _("Objective"),
        report.by_objective,
        notes=[_("An activity serving several objectives counts in each of them.")],
    )
    write_detail_sheet(wb, report)
    wb.save(out)
