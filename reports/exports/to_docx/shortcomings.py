"""Section II of the document: shortcomings and limitations, naming the
units behind them and listing the first overdue tasks."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject

from ...figures import UnitRow, YearReport
from ...formatting import fmt_number, fmt_percent
from .layout import SMALL_PT, figure_table, para, section_heading

SHORTCOMING_UNITS = 10
SHORTCOMING_TASKS = 20


def _units_named(units: list[UnitRow], figure: str) -> str:
    """'Phòng Nội vụ (5); UBND xã Tam Hiệp (2); and 7 other units'."""
    named = "; ".join(
        f"{row.label} ({fmt_number(getattr(row.tasks, figure))})"
        for row in units[:SHORTCOMING_UNITS]
    )
    more = len(units) - SHORTCOMING_UNITS
    if more > 0:
        named += _("; and %(count)s other units") % {"count": fmt_number(more)}
    return named


def write_shortcomings(doc: DocumentObject, report: YearReport) -> None:
    tasks, par = report.tasks, report.par
    section_heading(doc, _("II. SHORTCOMINGS AND LIMITATIONS"), before=6)
    found = False
    if tasks.overdue:
        found = True
        named = _units_named(report.units_with_overdue, "overdue")
        para(
            doc,
            _(
                "- %(count)s tasks are overdue and not done (%(share)s of the tasks "
                "to carry out), at: %(units)s."
            )
            % {
                "count": fmt_number(tasks.overdue),
                "share": fmt_percent(tasks.overdue_share),
                "units": named,
            },
        )
    if tasks.done_late:
        found = True
        named = _units_named(report.units_with_late, "done_late")
        para(
            doc,
            _("- %(count)s tasks were done after their due date, at: %(units)s.")
            % {"count": fmt_number(tasks.done_late), "units": named},
        )
    if par.completion_rate is not None and par.completion_points < par.completion_max:
        found = True
        para(
            doc,
            _(
                "- The plan was carried out at %(rate)s, short of the full points of "
                "the PAR index criterion."
            )
            % {"rate": fmt_percent(par.completion_rate)},
        )
    for form in par.forms:
        if form.without_evidence or not form.has_evidence:
            found = True
            para(
                doc,
                _(
                    "- %(form)s forms: %(without)s done tasks have no evidence "
                    "(files or links)%(none)s."
                )
                % {
                    "form": form.label_lower,
                    "without": fmt_number(form.without_evidence),
                    "none": ""
                    if form.has_evidence
                    else _("; this form earns no points without evidence"),
                },
            )
    if report.activities.cancelled:
        found = True
        para(
            doc,
            _("- %(count)s activities of the plan were cancelled.")
            % {"count": fmt_number(report.activities.cancelled)},
        )
    if not found:
        para(doc, _("- No overdue or late tasks; every form has evidence."))
    if report.overdue_tasks:
        section_heading(doc, _("Overdue tasks:"), italic=True)
        listed = report.overdue_tasks[:SHORTCOMING_TASKS]
        figure_table(
            doc,
            [_("No."), _("Activity"), _("Unit"), _("Due date")],
            [1.3, 7.8, 4.7, 2.7],
            [
                [
                    str(index),
                    task.activity.title,
                    task.unit.name,
                    task.due_date.strftime("%d/%m/%Y"),
                ]
                for index, task in enumerate(listed, start=1)
            ],
            left_columns=(1, 2),
        )
        more = tasks.overdue - len(listed)
        if more > 0:
            para(
                doc,
                _(
                    "And %(count)s other overdue tasks: see the task detail "
                    "(Excel file) attached."
                )
                % {"count": fmt_number(more)},
                size=SMALL_PT,
                italic=True,
            )
