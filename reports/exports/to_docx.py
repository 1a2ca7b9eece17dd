"""The yearly report as the document a district office signs and sends up.

Layout after Decree 30/2020/NĐ-CP (Appendix I): A4, margins 20/20/30/15 mm, Times
New Roman; issuing body and the national motto side by side at the top, number and
symbol under the body, place and date under the motto, the kind of document and its
summary centred, numbered sections, "Nơi nhận" and the signature block at the end,
page numbers from the second page. The document is always written in Vietnamese,
whatever the language of the person exporting it: it is an official record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, BinaryIO

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from nuithanh_cchc.text import export_text

from ..figures import Row, TaskCounts, UnitRow, YearReport
from ..formatting import fmt_number, fmt_percent, fmt_points

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
SMALL_PT = 12
TEXT_WIDTH_CM = 16.5  # A4 21 cm - 3 cm left - 1.5 cm right
LEFT_HEADER_CM = 6.0
RIGHT_HEADER_CM = TEXT_WIDTH_CM - LEFT_HEADER_CM
SHORTCOMING_UNITS = 10
SHORTCOMING_TASKS = 20

# Fixed wording of the State; not translated.
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


# --- small layout helpers -----------------------------------------------------


def _font(run: Any, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _para(
    container: Any,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    before: float = 0,
    after: float = 6,
) -> Paragraph:
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.15
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        _font(paragraph.add_run(export_text(text)), size, bold=bold, italic=italic)
    return paragraph


def _heading(doc: Any, text: str, *, before: float = 0, italic: bool = False) -> None:
    """A section heading: bold (or italic), left-aligned, kept with what follows."""
    paragraph = _para(
        doc,
        text,
        bold=not italic,
        italic=italic,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=before,
    )
    paragraph.paragraph_format.keep_with_next = True


def _centred(container: Any, text: str, size: float, **style: Any) -> Paragraph:
    return _para(
        container,
        text,
        size=size,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        after=0,
        **style,
    )


def _rule(container: Any, width_cm: float, line_cm: float) -> None:
    """A short centred horizontal line (the bottom border of an empty paragraph)."""
    paragraph = _para(container, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=4)
    side = max(0.0, (width_cm - line_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("val", "single"),
        ("sz", "6"),
        ("space", "1"),
        ("color", "000000"),
    ):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")


def _cell_text(
    cell: _Cell,
    text: str,
    *,
    size: float = TABLE_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.alignment = align
    paragraph.paragraph_format.space_before = Pt(2)
    paragraph.paragraph_format.space_after = Pt(2)
    _font(paragraph.add_run(export_text(text)), size, bold=bold, italic=italic)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _widths(table: Table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _figure_table(
    doc: DocumentObject,
    headings: Sequence[str],
    widths_cm: Sequence[float],
    rows: Sequence[Sequence[str]],
    *,
    total: Sequence[str] | None = None,
    left_columns: Sequence[int] = (1,),
) -> Table:
    """A bordered table of figures whose header repeats on every page."""
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    header_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    for cell, heading in zip(header.cells, headings, strict=True):
        _cell_text(cell, heading, bold=True)
    _cell_margins(table, 0.1)
    for values, bold in [(row, False) for row in rows] + (
        [(total, True)] if total is not None else []
    ):
        row = table.add_row()
        keep = OxmlElement("w:cantSplit")  # a row never breaks across pages
        row._tr.get_or_add_trPr().append(keep)
        cells = row.cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = (
                WD_ALIGN_PARAGRAPH.LEFT
                if index in left_columns
                else WD_ALIGN_PARAGRAPH.CENTER
            )
            _cell_text(cell, value, bold=bold, align=align)
    _widths(table, widths_cm)
    _para(doc, after=0)
    return table


def _cell_margins(table: Table, side_cm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(side_cm * 567)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _page_numbers(doc: DocumentObject) -> None:
    """Page numbers centred at the top, from the second page on."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("1")
    _font(run, TABLE_PT)
    field.append(run._r)
    paragraph._p.append(field)


# --- the parts of the document ------------------------------------------------


def _issuer(report: YearReport) -> str:
    """The body the report speaks for: the plan's issuer, else the profile's."""
    if report.plan is not None and report.plan.issuer:
        return report.plan.issuer
    return report.organisation.name


def _date_line(place: str, day: dt.date) -> str:
    """'Tam Xuân, ngày 05 tháng 02 năm 2025': a leading zero on days under 10
    and on the months January and February (Decree 30/2020/NĐ-CP)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def _title(report: YearReport) -> str:
    """ "… năm 2024" for the year, "… quý II năm 2024" for a period."""
    if report.period.is_year:
        return _(
            "Results of carrying out the administrative reform communication plan "
            "of %(year)s"
        ) % {"year": report.year}
    return _("Results of administrative reform communication in %(period)s") % {
        "period": report.period.phrase()
    }


def _heading_block(doc: DocumentObject, report: YearReport, day: dt.date) -> None:
    profile = report.organisation
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    lines = profile.header_lines or [_issuer(report).upper()]
    for index, line in enumerate(lines):
        target = left.paragraphs[0] if index == 0 else left.add_paragraph()
        target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        target.paragraph_format.space_after = Pt(0)
        # Decree 30: the governing body plain, the issuing body in bold.
        bold = index == len(lines) - 1
        _font(target.add_run(export_text(line)), TABLE_PT, bold=bold)
    _rule(left, LEFT_HEADER_CM, 2.2)
    number = _centred(left, "", TABLE_PT)
    symbol = profile.document_symbol or "BC-UBND"
    typed = report.document_number.strip()
    _font(
        number.add_run(export_text(_("No.: ") + f"{typed or '      '}/{symbol}")),
        TABLE_PT,
    )

    nation = right.paragraphs[0]
    nation.alignment = WD_ALIGN_PARAGRAPH.CENTER
    nation.paragraph_format.space_after = Pt(0)
    _font(nation.add_run(export_text(NATION)), SMALL_PT, bold=True)
    _centred(right, MOTTO, TABLE_PT + 1, bold=True)
    _rule(right, RIGHT_HEADER_CM, 6.2)
    place = profile.place or "……"
    _centred(right, _date_line(place, day), TABLE_PT + 1, italic=True)
    _widths(table, [LEFT_HEADER_CM, RIGHT_HEADER_CM])

    _centred(doc, _("REPORT"), BODY_PT, bold=True, before=18)
    _centred(
        doc,
        _title(report),
        BODY_PT,
        bold=True,
    )
    _rule(doc, TEXT_WIDTH_CM, 3.5)


def _intro(doc: DocumentObject, report: YearReport) -> None:
    plan = report.plan
    if plan is None:  # only called with a plan; an assert would vanish under -O
        raise ValueError("the introduction needs the year's plan")
    reference = plan.number or ""
    if plan.issued_on:
        text = _(
            "Carrying out Plan No. %(number)s of %(date)s of %(issuer)s on "
            "communicating administrative reform in %(year)s, %(issuer)s reports "
            "its results as follows:"
        ) % {
            "number": reference,
            "date": plan.issued_on.strftime("%d/%m/%Y"),
            "issuer": plan.issuer,
            "year": report.year,
        }
    else:
        text = _(
            "Carrying out Plan No. %(number)s of %(issuer)s on communicating "
            "administrative reform in %(year)s, %(issuer)s reports its results as "
            "follows:"
        ) % {"number": reference, "issuer": plan.issuer, "year": report.year}
    _para(doc, text, before=12)


def _counts(tasks: TaskCounts) -> list[str]:
    return [
        fmt_number(tasks.total),
        fmt_number(tasks.done),
        fmt_number(tasks.overdue),
        fmt_percent(tasks.completion_rate),
    ]


def _results(doc: DocumentObject, report: YearReport) -> None:
    tasks, acts = report.tasks, report.activities
    _heading(doc, _("I. RESULTS"), before=6)
    _heading(doc, _("1. Overall results"))
    overall = _(
        "The plan has %(activities)s activities, carried out as %(tasks)s tasks "
        "by %(units)s agencies and units. As of %(date)s, %(done)s tasks are "
        "done (%(rate)s), %(on_time)s of them on time and %(late)s late; "
        "%(in_term)s tasks are not yet due and %(overdue)s are overdue."
    ) % {
        "activities": fmt_number(acts.planned),
        "tasks": fmt_number(tasks.total),
        "units": fmt_number(len(report.by_unit)),
        "date": report.as_of.strftime("%d/%m/%Y"),
        "done": fmt_number(tasks.done),
        "rate": fmt_percent(tasks.completion_rate),
        "on_time": fmt_number(tasks.done_on_time),
        "late": fmt_number(tasks.done_late),
        "in_term": fmt_number(tasks.in_term),
        "overdue": fmt_number(tasks.overdue),
    }
    if tasks.cancelled:
        overall += " " + _("Besides, %(count)s tasks were cancelled.") % {
            "count": fmt_number(tasks.cancelled)
        }
    _para(doc, overall)
    activities = _(
        "Of the activities, %(completed)s are completed, %(in_progress)s are under "
        "way and %(with_overdue)s have overdue tasks."
    ) % {
        "completed": fmt_number(acts.completed),
        "in_progress": fmt_number(acts.in_progress),
        "with_overdue": fmt_number(acts.with_overdue),
    }
    if acts.cancelled:
        activities += " " + _("%(count)s activities were cancelled.") % {
            "count": fmt_number(acts.cancelled)
        }
    activities += " " + _(
        "Budget planned: %(budget)s VND. The activities reached %(participants)s "
        "participants and %(reach)s views, listeners or readers."
    ) % {
        "budget": fmt_number(acts.budget),
        "participants": fmt_number(report.output.participants),
        "reach": fmt_number(report.output.reach),
    }
    activities += " " + _("Spent: %(spent)s VND.") % {
        "spent": fmt_number(report.output.actual_cost)
    }
    _para(doc, activities)
    total = tasks.total
    _figure_table(
        doc,
        [_("Figure"), _("Tasks"), _("Share")],
        [9.5, 3.0, 3.0],
        [
            [label, fmt_number(value), fmt_percent(value / total if total else None)]
            for label, value in (
                (_("Done on time"), tasks.done_on_time),
                (_("Done late"), tasks.done_late),
                (_("Not done, still in term"), tasks.in_term),
                (_("Overdue"), tasks.overdue),
            )
        ],
        total=[
            _("Tasks to carry out"),
            fmt_number(total),
            fmt_percent(1 if total else None),
        ],
        left_columns=(0,),
    )

    _heading(doc, _("2. Results by content"))
    _figure_table(
        doc,
        [
            _("No."),
            _("Content theme"),
            _("Activities"),
            _("Tasks"),
            _("Done"),
            _("Overdue"),
            _("Completion"),
        ],
        [1.3, 6.4, 1.9, 1.7, 1.7, 1.5, 2.0],
        [
            [str(index), row.label, fmt_number(row.activities), *_counts(row.tasks)]
            for index, row in enumerate(report.by_theme, start=1)
        ],
    )

    _heading(doc, _("3. Results by form"))
    _figure_table(
        doc,
        [
            _("No."),
            _("Channel"),
            _("Output unit"),
            _("Planned"),
            _("Actual"),
            _("Tasks done / to do"),
            _("Completion"),
        ],
        [1.3, 4.5, 2.5, 1.8, 1.8, 2.6, 2.0],
        [
            [
                str(index),
                f"{row.label} ({row.form_label})",
                row.output_unit,
                fmt_number(row.tasks.planned_output),
                fmt_number(row.output.actual_output),
                f"{fmt_number(row.tasks.done)}/{fmt_number(row.tasks.total)}",
                fmt_percent(row.tasks.completion_rate),
            ]
            for index, row in enumerate(report.by_channel, start=1)
        ],
    )

    _heading(doc, _("4. Results by audience group"))
    _figure_table(
        doc,
        [
            _("No."),
            _("Audience group"),
            _("Activities"),
            _("Tasks done / to do"),
            _("Participants"),
            _("Reach"),
        ],
        [1.3, 5.4, 2.0, 2.6, 2.5, 2.7],
        [
            [
                str(index),
                row.label,
                fmt_number(row.activities),
                f"{fmt_number(row.tasks.done)}/{fmt_number(row.tasks.total)}",
                fmt_number(row.output.participants),
                fmt_number(row.output.reach),
            ]
            for index, row in enumerate(report.by_audience, start=1)
        ],
    )
    _para(
        doc,
        _("An activity addressing several groups counts in each of them."),
        size=SMALL_PT,
        italic=True,
    )

    _heading(doc, _("5. Results of each agency and unit"))
    _figure_table(
        doc,
        [
            _("Rank"),
            _("Unit"),
            _("Tasks"),
            _("On time"),
            _("Late"),
            _("In term"),
            _("Overdue"),
            _("Overdue share"),
            _("Completion"),
        ],
        [1.4, 3.7, 1.6, 1.5, 1.4, 1.6, 1.4, 1.7, 2.0],
        [
            [
                str(row.rank),
                row.label,
                fmt_number(row.tasks.total),
                fmt_number(row.tasks.done_on_time),
                fmt_number(row.tasks.done_late),
                fmt_number(row.tasks.in_term),
                fmt_number(row.tasks.overdue),
                fmt_percent(row.tasks.overdue_share),
                fmt_percent(row.tasks.completion_rate),
            ]
            for row in report.by_unit
        ],
    )

    par = report.par
    _heading(doc, _("6. Self-assessment of the communication criterion (PAR index)"))
    _para(
        doc,
        _(
            "Scoring rule: %(max)s point(s) when 100%% of the plan is carried out, "
            "points in proportion to the rate from %(threshold)s%% up, none below; "
            "%(each)s point(s) for each form (online, traditional) that has evidence."
        )
        % {
            "max": fmt_points(par.completion_max),
            "threshold": fmt_number(par.threshold),
            "each": fmt_points(par.form_points_each),
        },
    )
    rows = [
        [
            _("Plan carried out"),
            fmt_percent(par.completion_rate),
            fmt_points(par.completion_max),
            fmt_points(par.completion_points),
        ]
    ]
    for form in par.forms:
        rows.append(
            [
                capfirst(
                    _("%(form)s forms with evidence") % {"form": form.label_lower}
                ),
                _("%(with)s of %(done)s done tasks")
                % {
                    "with": fmt_number(form.with_evidence),
                    "done": fmt_number(form.done),
                },
                fmt_points(par.form_points_each),
                fmt_points(form.points),
            ]
        )
    _figure_table(
        doc,
        [_("Criterion"), _("Result"), _("Maximum"), _("Self-assessed")],
        [6.5, 4.4, 2.6, 3.0],
        rows,
        total=[
            _("Total"),
            "",
            fmt_points(par.max_points),
            fmt_points(par.total_points),
        ],
        left_columns=(0,),
    )


# Section 7e lists at most this many activities (a plan has tens); the xlsx has
# every one. A year of 20,000 activities made a 400-page table and 458 MiB.
ACTIVITY_ROWS = 200


def _spend_table(
    doc: DocumentObject,
    report: YearReport,
    heading: str,
    rows: Sequence[Row],
    *,
    with_total: bool,
) -> None:
    _figure_table(
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


def _spend(doc: DocumentObject, report: YearReport) -> None:
    """Section 7: planned vs actual output and spend, one table per grouping.

    The same rows as the page and the xlsx (report_build); an activity that
    addresses several audience groups counts in each, so that table has no total
    that adds up and says so instead.
    """
    _heading(doc, _("7. Planned and actual output and spend"))
    groupings: list[tuple[str, str, Sequence[Row]]] = [
        (_("a) By channel"), _("Channel"), report.by_channel),
        (_("b) By agency and unit"), _("Unit"), report.by_unit),
        (_("c) By quarter"), _("Quarter"), report.by_quarter),
        (_("d) By content theme"), _("Content theme"), report.by_theme),
        (_("e) By audience group"), _("Audience group"), report.by_audience),
        (_("f) By activity"), _("Activity"), report.by_activity[:ACTIVITY_ROWS]),
    ]
    for title, column, rows in groupings:
        _para(doc, title, italic=True, before=4)
        shared = rows is report.by_audience
        _spend_table(doc, report, column, rows, with_total=not shared)
        if shared:
            _para(
                doc,
                _("An activity addressing several groups counts in each of them."),
                size=SMALL_PT,
                italic=True,
            )
    left = len(report.by_activity) - ACTIVITY_ROWS
    if left > 0:
        _para(
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


def _shortcomings(doc: DocumentObject, report: YearReport) -> None:
    tasks, par = report.tasks, report.par
    _heading(doc, _("II. SHORTCOMINGS AND LIMITATIONS"), before=6)
    found = False
    if tasks.overdue:
        found = True
        named = _units_named(report.units_with_overdue, "overdue")
        _para(
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
        _para(
            doc,
            _("- %(count)s tasks were done after their due date, at: %(units)s.")
            % {"count": fmt_number(tasks.done_late), "units": named},
        )
    if par.completion_rate is not None and par.completion_points < par.completion_max:
        found = True
        _para(
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
            _para(
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
        _para(
            doc,
            _("- %(count)s activities of the plan were cancelled.")
            % {"count": fmt_number(report.activities.cancelled)},
        )
    if not found:
        _para(doc, _("- No overdue or late tasks; every form has evidence."))
    if report.overdue_tasks:
        _heading(doc, _("Overdue tasks:"), italic=True)
        listed = report.overdue_tasks[:SHORTCOMING_TASKS]
        _figure_table(
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
            _para(
                doc,
                _(
                    "And %(count)s other overdue tasks: see the task detail "
                    "(Excel file) attached."
                )
                % {"count": fmt_number(more)},
                size=SMALL_PT,
                italic=True,
            )


def _directions(doc: DocumentObject, report: YearReport) -> None:
    if report.period.is_year:
        heading = _("III. DIRECTIONS AND TASKS FOR %(year)s") % {
            "year": report.year + 1
        }
    else:
        heading = _("III. DIRECTIONS AND TASKS FOR %(period)s") % {
            "period": report.period.next_phrase().upper()
        }
    _heading(doc, heading, before=6)
    text = report.plan.next_year_directions.strip() if report.plan else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines or ["." * 110] * 3:
        _para(doc, line)
    if report.period.is_year:
        closing = _(
            "Above is the report on the results of carrying out the administrative "
            "reform communication plan of %(year)s of %(issuer)s./."
        ) % {"year": report.year, "issuer": _issuer(report)}
    else:
        closing = _(
            "Above is the report on the results of administrative reform "
            "communication in %(period)s of %(issuer)s./."
        ) % {"period": report.period.phrase(), "issuer": _issuer(report)}
    _para(doc, closing)


def _recipients_and_signature(doc: DocumentObject, report: YearReport) -> None:
    """ "Nơi nhận" and the signature block, both from the organisation profile."""
    profile = report.organisation
    _para(doc, after=0)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    heading.paragraph_format.space_after = Pt(0)
    _font(
        heading.add_run(export_text(_("Recipients:"))), SMALL_PT, bold=True, italic=True
    )
    for line in profile.recipient_lines or ["……"]:
        item = left.add_paragraph()
        item.paragraph_format.space_after = Pt(0)
        _font(item.add_run(export_text(f"- {line.lstrip('- ')}")), 11)
    sign = profile.signer_lines or [_("HEAD OF THE AGENCY")]
    for index, line in enumerate(sign):
        target = right.paragraphs[0] if index == 0 else right.add_paragraph()
        target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        target.paragraph_format.space_after = Pt(0)
        _font(target.add_run(export_text(line)), TABLE_PT + 1, bold=True)
    for _blank in range(4):  # room for the signature and the seal
        right.add_paragraph().paragraph_format.space_after = Pt(0)
    if profile.signer_name:
        signer = right.add_paragraph()
        signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(signer.add_run(export_text(profile.signer_name)), TABLE_PT + 1, bold=True)
    _widths(table, [8.0, TEXT_WIDTH_CM - 8.0])


def _setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = Cm(1)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    _page_numbers(doc)


def write_docx(report: YearReport, out: BinaryIO) -> None:
    """The report as the signed document, dated its as-of date."""
    with translation.override("vi"):
        doc = Document()
        _setup(doc)
        doc.core_properties.title = _title(report)
        doc.core_properties.author = _issuer(report)
        doc.core_properties.language = "vi-VN"
        _heading_block(doc, report, report.as_of)
        if report.plan is None:
            _para(
                doc,
                _(
                    "There is no administrative reform communication plan for "
                    "%(year)s in the system: there are no results to report."
                )
                % {"year": report.year},
                before=12,
            )
        else:
            _intro(doc, report)
            _results(doc, report)
            _spend(doc, report)
            _shortcomings(doc, report)
            _directions(doc, report)
        _recipients_and_signature(doc, report)
        doc.save(out)
