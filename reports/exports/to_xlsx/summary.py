"""The summary sheet: the report's headline figures, one per line, under
the plan and the as-of day."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ...figures import YearReport
from .cells import BOLD, HEADER_FILL, HEADER_FONT, TITLE, append_row, styled_cell


def write_summary_sheet(wb: Workbook, report: YearReport) -> None:
    ws = wb.create_sheet(_("Summary"))
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 22
    title = _("Results of the administrative reform communication plan, %(year)s") % {
        "year": report.year
    }
    append_row(ws, [styled_cell(ws, title, font=TITLE)])
    plan = report.plan
    append_row(
        ws, [str(plan) if plan else _("No plan for %(year)s.") % {"year": report.year}]
    )
    append_row(
        ws,
        [
            _("Figures as of %(date)s, tasks due in %(period)s")
            % {
                "date": report.as_of.strftime("%d/%m/%Y"),
                "period": report.period.phrase(),
            }
        ],
    )
    append_row(ws, [])
    ws.freeze_panes = "A6"
    append_row(
        ws,
        [
            styled_cell(ws, _("Figure"), font=HEADER_FONT, fill=HEADER_FILL),
            styled_cell(ws, _("Value"), font=HEADER_FONT, fill=HEADER_FILL),
        ],
    )
    acts, tasks, par = report.activities, report.tasks, report.par

    def section(name: str) -> None:
        append_row(ws, [styled_cell(ws, name, font=BOLD)])

    def line(name: str, value: Any, kind: str = "int") -> None:
        append_row(ws, [name, styled_cell(ws, value, kind)])

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
    line(_("Done, awaiting review"), tasks.awaiting_review)
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
