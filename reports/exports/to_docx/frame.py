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

from nuithanh_cchc.text import export_text

from ...figures import YearReport
from .layout import (
    BODY_PT,
    LEFT_HEADER_CM,
    RIGHT_HEADER_CM,
    SMALL_PT,
    TABLE_PT,
    TEXT_WIDTH_CM,
    centred,
    font,
    no_borders,
    para,
    rule,
    set_widths,
)

# Fixed wording of the State; not translated.
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def issuing_body(report: YearReport) -> str:
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


def write_header(doc: DocumentObject, report: YearReport, day: dt.date) -> None:
    profile = report.organisation
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    lines = profile.header_lines or [issuing_body(report).upper()]
    for index, line in enumerate(lines):
        target = left.paragraphs[0] if index == 0 else left.add_paragraph()
        target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        target.paragraph_format.space_after = Pt(0)
        # Decree 30: the governing body plain, the issuing body in bold.
        bold = index == len(lines) - 1
        font(target.add_run(export_text(line)), TABLE_PT, bold=bold)
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
    para(doc, text, before=12)


def write_recipients_and_signature(doc: DocumentObject, report: YearReport) -> None:
    """ "Nơi nhận" and the signature block, both from the organisation profile."""
    profile = report.organisation
    para(doc, after=0)
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
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
    if profile.signer_name:
        signer = right.add_paragraph()
        signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(signer.add_run(export_text(profile.signer_name)), TABLE_PT + 1, bold=True)
    set_widths(table, [8.0, TEXT_WIDTH_CM - 8.0])
