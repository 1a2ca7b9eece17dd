"""Section I.7 of the document: planned against actual output and spend in
one paragraph, and its appendix: a table per grouping."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.document import Document as DocumentObject

from ...figures import Row, YearReport
from ...formatting import fmt_number, fmt_percent
from .layout import SMALL_PT, figure_table, para, section_heading
from .numbering import SPEND, appendix_number

# The appendix's by-activity table lists at most this many activities (a plan
# has tens); the xlsx has every one. A year of 20,000 activities made a
# 400-page table and 458 MiB.
ACTIVITY_ROWS = 200


def _spend_table(
    doc: DocumentObject,
    report: YearReport,
    heading: str,
    rows: Sequence[Row],
    *,
    with_total: bool,
) -> None:
    figure_table(
        doc,
        [
            heading,
            _("Planned output"),
            _("Actual output"),
            _("Planned spend (VND)"),
            _("Actual spend (VND)"),
        ],
        [7.5, 2.0, 2.0, 2.5, 2.5],
        [
            [
                row.label,
                fmt_number(row.tasks.planned_output),
                fmt_number(row.output.actual_output),
                fmt_number(row.budget),
                fmt_number(row.output.actual_cost),
            ]
            for row in rows
        ],
        total=[
            _("Total"),
            fmt_number(report.tasks.planned_output),
            fmt_number(report.output.actual_output),
            fmt_number(report.activities.budget),
            fmt_number(report.output.actual_cost),
        ]
        if with_total
        else None,
        left_columns=(0,),
    )


def write_spend(doc: DocumentObject, report: YearReport) -> None:
    """Section 7: the totals of output and spend; the tables are an appendix."""
    section_heading(doc, _("7. Planned and actual output and spend"))
    planned, actual = report.tasks.planned_output, report.output.actual_output
    budget, spent = report.activities.budget, report.output.actual_cost
    sentences = []
    if planned or actual:
        sentences.append(
            _("Output: %(actual)s products made of %(planned)s planned (%(rate)s).")
            % {
                "actual": fmt_number(actual),
                "planned": fmt_number(planned),
                "rate": fmt_percent(actual / planned if planned else None),
            }
        )
    sentences.append(
        _("Spend: %(spent)s VND of %(budget)s VND planned for the period (%(rate)s).")
        % {
            "spent": fmt_number(spent),
            "budget": fmt_number(budget),
            "rate": fmt_percent(float(spent / budget) if budget else None),
        }
    )
    sentences.append(
        _(
            "Output and spend by channel, agency and unit, quarter, content theme, "
            "audience group and activity are in Appendix %(number)s."
        )
        % {"number": appendix_number(report, SPEND)}
    )
    para(doc, " ".join(sentences))


def write_spend_tables(doc: DocumentObject, report: YearReport) -> None:
    """Planned vs actual output and spend, one table per grouping.

    The same rows as the page and the xlsx (report_build); an activity that
    addresses several audience groups counts in each, so that table has no total
    that adds up and says so instead.
    """
    groupings: list[tuple[str, str, Sequence[Row]]] = [
        (_("a) By channel"), _("Channel"), report.by_channel),
        (_("b) By agency and unit"), _("Unit"), report.by_unit),
        (_("c) By quarter"), _("Quarter"), report.by_quarter),
        (_("d) By content theme"), _("Content theme"), report.by_theme),
        (_("e) By audience group"), _("Audience group"), report.by_audience),
        (_("f) By activity"), _("Activity"), report.by_activity[:ACTIVITY_ROWS]),
    ]
    for title, column, rows in groupings:
        section_heading(doc, title, italic=True, before=4)
        shared = rows is report.by_audience
        _spend_table(doc, report, column, rows, with_total=not shared)
        if shared:
            para(
                doc,
                _("An activity addressing several groups counts in each of them."),
                size=SMALL_PT,
                italic=True,
            )
    left = len(report.by_activity) - ACTIVITY_ROWS
    if left > 0:
        para(
            doc,
            ngettext(
                "The first %(shown)s activities are listed; %(counter)s more is "
                "in the Excel file.",
                "The first %(shown)s activities are listed; %(counter)s more are "
                "in the Excel file.",
                left,
            )
            % {"shown": ACTIVITY_ROWS, "counter": left},
            size=SMALL_PT,
            italic=True,
        )
