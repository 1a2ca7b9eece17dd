"""The appendices (Phụ lục) after the signature: each starts on a new page
with its number, title and the line tying it to the report ("Kèm theo Báo cáo
số …"); I the agencies' and units' results, II output and spend by grouping,
III the overdue tasks."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject

from ...figures import YearReport
from ...formatting import fmt_number, fmt_percent
from .frame import document_day, issuing_body
from .layout import BODY_PT, SMALL_PT, centred, figure_table, page_break, para
from .numbering import OVERDUE, SPEND, UNITS, appendix_keys, appendix_number
from .spend import write_spend_tables


def _caption(doc: DocumentObject, report: YearReport, key: str, title: str) -> None:
    page_break(doc)
    centred(
        doc,
        _("Appendix %(number)s") % {"number": appendix_number(report, key)},
        BODY_PT,
        bold=True,
    )
    centred(doc, title, BODY_PT, bold=True)
    symbol = report.organisation.document_symbol or "BC-UBND"
    number = report.document_number.strip() or "      "
    centred(
        doc,
        _("(Attached to Report No. %(number)s of %(date)s of %(issuer)s)")
        % {
            "number": f"{number}/{symbol}",
            "date": document_day(report).strftime("%d/%m/%Y"),
            "issuer": issuing_body(report),
        },
        SMALL_PT + 1,
        italic=True,
    )
    para(doc, after=0)


def _units(doc: DocumentObject, report: YearReport) -> None:
    _caption(doc, report, UNITS, _("RESULTS OF EACH AGENCY AND UNIT"))
    # Done, awaiting review is its own figure (neither done nor open): a column
    # of its own when a task waits, so that each row adds up.
    waiting = bool(report.tasks.awaiting_review)
    figure_table(
        doc,
        [
            _("Rank"),
            _("Unit"),
            _("Tasks"),
            _("On time"),
            _("Late"),
            *([_("Waiting for review")] if waiting else []),
            _("In term"),
            _("Overdue"),
            _("Overdue share"),
            _("Completion"),
        ],
        [1.3, 3.8 if waiting else 5.0, 1.4, 1.3, 1.2]
        + ([1.2] if waiting else [])
        + [1.4, 1.2, 1.6, 1.8],
        [
            [
                str(row.rank),
                row.label,
                fmt_number(row.tasks.total),
                fmt_number(row.tasks.done_on_time),
                fmt_number(row.tasks.done_late),
                *([fmt_number(row.tasks.awaiting_review)] if waiting else []),
                fmt_number(row.tasks.in_term),
                fmt_number(row.tasks.overdue),
                fmt_percent(row.tasks.overdue_share),
                fmt_percent(row.tasks.completion_rate),
            ]
            for row in report.by_unit
        ],
    )


def _spend(doc: DocumentObject, report: YearReport) -> None:
    _caption(doc, report, SPEND, _("PLANNED AND ACTUAL OUTPUT AND SPEND"))
    write_spend_tables(doc, report)


def _overdue(doc: DocumentObject, report: YearReport) -> None:
    _caption(doc, report, OVERDUE, _("OVERDUE TASKS"))
    listed = report.overdue_tasks
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
    more = report.tasks.overdue - len(listed)
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


WRITERS = {UNITS: _units, SPEND: _spend, OVERDUE: _overdue}


def write_appendices(doc: DocumentObject, report: YearReport) -> None:
    for key in appendix_keys(report):
        WRITERS[key](doc, report)
