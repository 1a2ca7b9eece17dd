"""The frame every report has, with or without a plan: the header block
(issuing body and number, national motto, place and date, the kind of document
and its title), the introduction, "Nơi nhận" and the signature block, all from
the plan and the organisation profile."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import _Cell

from nuithanh_cchc.text import export_text

from ...figures import YearReport
from .bodies import header_lines
from .layout import (
    BODY_PT,
    LEFT_HEADER_CM,
    RIGHT_HEADER_CM,
    SMALL_PT,
    TABLE_PT,
    TEXT_WIDTH_CM,
    centred,
    font,
    keep_row_whole,
    no_borders,
    para,
    rule,
    set_widths,
)

# Fixed wording of the State; not translated.
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def issuing_body(report: YearReport) -> str:
    """The body the report speaks for, as sentences name it: the organisation
    issuing the report (not the plan's issuer, who may be a body since merged)."""
    if report.organisation.name:
        return report.organisation.name
    return report.plan.issuer if report.plan is not None else ""


def document_day(report: YearReport) -> dt.date:
    """The date line's day: the issue date when issued, else the as-of day."""
    return report.issued_on or report.as_of


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


def document_title(report: YearReport) -> str:
    """ "… năm 2024" for the year, "… quý II năm 2024" for a period."""
    if report.period.is_year:
        return _(
            "Results of carrying out the administrative reform communication plan "
            "of %(year)s"
        ) % {"year": report.year}
    return _("Results of administrative reform communication in %(period)s") % {
        "period": report.period.phrase()
    }


def _header_line(cell: _Cell, text: str, *, first: bool, bold: bool) -> None:
    target = cell.paragraphs[0] if first else cell.add_paragraph()
    target.alignment = WD_ALIGN_PARAGRAPH.CENTER
    target.paragraph_format.space_after = Pt(0)
    font(target.add_run(export_text(text)), TABLE_PT, bold=bold)


def write_header(doc: DocumentObject, report: YearReport, day: dt.date) -> None:
    """Decree 30's header: the governing body (plain, may be abbreviated) over
    the issuing body (bold, in full), the number; the motto, place and date."""
    profile = report.organisation
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    governing = header_lines(profile.parent_name, LEFT_HEADER_CM, full=False)
    issuing = header_lines(issuing_body(report), LEFT_HEADER_CM)
    for index, line in enumerate(governing):
        _header_line(left, line, first=index == 0, bold=False)
    for index, line in enumerate(issuing):
        _header_line(left, line, first=not governing and index == 0, bold=True)
    rule(left, LEFT_HEADER_CM, 2.2)
    number = centred(left, "", TABLE_PT)
    symbol = profile.document_symbol or "BC-UBND"
    typed = report.document_number.strip()
    font(
        number.add_run(export_text(_("No.: ") + f"{typed or '      '}/{symbol}")),
        TABLE_PT,
    )

    nation = right.paragraphs[0]
    nation.alignment = WD_ALIGN_PARAGRAPH.CENTER
    nation.paragraph_format.space_after = Pt(0)
    font(nation.add_run(export_text(NATION)), SMALL_PT, bold=True)
    centred(right, MOTTO, TABLE_PT + 1, bold=True)
    rule(right, RIGHT_HEADER_CM, 6.2)
    place = profile.place or "……"
    centred(right, _date_line(place, day), TABLE_PT + 1, italic=True)
    set_widths(table, [LEFT_HEADER_CM, RIGHT_HEADER_CM])

    centred(doc, _("REPORT"), BODY_PT, bold=True, before=18)
    centred(
        doc,
        document_title(report),
        BODY_PT,
        bold=True,
    )
    rule(doc, TEXT_WIDTH_CM, 3.5)


def write_introduction(doc: DocumentObject, report: YearReport) -> None:
    """The plan carried out, by its number, date and issuer; then the body
    reporting, which is the organisation issuing this report."""
    plan = report.plan
    if plan is None:  # only called with a plan; an assert would vanish under -O
        raise ValueError("the introduction needs the year's plan")
    values = {
        "number": plan.number or "",
        "plan_issuer": plan.issuer or issuing_body(report),
        "issuer": issuing_body(report),
        "year": plan.year,
    }
    if plan.issued_on:
        text = _(
            "Carrying out Plan No. %(number)s of %(date)s of %(plan_issuer)s on "
            "communicating administrative reform in %(year)s, %(issuer)s reports "
            "its results as follows:"
        ) % {**values, "date": plan.issued_on.strftime("%d/%m/%Y")}
    else:
        text = (
            _(
                "Carrying out Plan No. %(number)s of %(plan_issuer)s on "
                "communicating administrative reform in %(year)s, %(issuer)s "
                "reports its results as follows:"
            )
            % values
        )
    para(doc, text, before=12)


def write_recipients_and_signature(doc: DocumentObject, report: YearReport) -> None:
    """ "Nơi nhận" and the signature block, both from the organisation profile
    (the signer's name from the issue when given), in one table row that never
    splits across pages, kept with the closing sentence before it."""
    profile = report.organisation
    para(doc, after=0).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    keep_row_whole(table.rows[0])
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    heading.paragraph_format.space_after = Pt(0)
    font(
        heading.add_run(export_text(_("Recipients:"))), SMALL_PT, bold=True, italic=True
    )
    for line in profile.recipient_lines or ["……"]:
        item = left.add_paragraph()
        item.paragraph_format.space_after = Pt(0)
        font(item.add_run(export_text(f"- {line.lstrip('- ')}")), 11)
    sign = profile.signer_lines or [_("HEAD OF THE AGENCY")]
    for index, line in enumerate(sign):
        target = right.paragraphs[0] if index == 0 else right.add_paragraph()
        target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        target.paragraph_format.space_after = Pt(0)
        font(target.add_run(export_text(line)), TABLE_PT + 1, bold=True)
    for _blank in range(4):  # room for the signature and the seal
        right.add_paragraph().paragraph_format.space_after = Pt(0)
    signer_name = report.signer_name.strip() or profile.signer_name
    if signer_name:
        signer = right.add_paragraph()
        signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(signer.add_run(export_text(signer_name)), TABLE_PT + 1, bold=True)
    for cell in (left, right):
        for paragraph in cell.paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True
    set_widths(table, [8.0, TEXT_WIDTH_CM - 8.0])
