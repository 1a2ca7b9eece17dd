"""Section II of the document: shortcomings and limitations, naming the
units behind them; the overdue tasks are listed in an appendix."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject

from ...figures import UnitRow, YearReport
from ...formatting import fmt_number, fmt_percent
from .layout import para, section_heading
from .numbering import OVERDUE, appendix_number

SHORTCOMING_UNITS = 5


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
        if form.without_evidence:
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
        elif not form.has_evidence:  # no task of this form is done yet
            found = True
            para(
                doc,
                _(
                    "- %(form)s forms: no task is done yet, so none has evidence; "
                    "this form earns no points without evidence."
                )
                % {"form": form.label_lower},
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
        para(
            doc,
            _("The overdue tasks are listed in Appendix %(number)s.")
            % {"number": appendix_number(report, OVERDUE)},
        )
