"""The document's typography and layout blocks: fonts and sizes, paragraphs,
headings, rules, bordered figure tables and borderless layout tables, the A4 page
with its margins and page numbers (Decree 30/2020/NĐ-CP, Appendix I)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from nuithanh_cchc.text import export_text

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
SMALL_PT = 12
TEXT_WIDTH_CM = 16.5  # A4 21 cm - 3 cm left - 1.5 cm right
# The header's columns: the issuing body's on the left wide enough for
# "ỦY BAN NHÂN DÂN" and a long place name on one line each, the motto's on the
# right for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 12 pt bold.
LEFT_HEADER_CM = 7.0
RIGHT_HEADER_CM = TEXT_WIDTH_CM - LEFT_HEADER_CM


def font(run: Any, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def para(
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
        font(paragraph.add_run(export_text(text)), size, bold=bold, italic=italic)
    return paragraph


def section_heading(
    doc: Any, text: str, *, before: float = 0, italic: bool = False
) -> None:
    """A section heading: bold (or italic), left-aligned, kept with what follows."""
    paragraph = para(
        doc,
        text,
        bold=not italic,
        italic=italic,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=before,
    )
    paragraph.paragraph_format.keep_with_next = True


def centred(container: Any, text: str, size: float, **style: Any) -> Paragraph:
    return para(
        container,
        text,
        size=size,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        after=0,
        **style,
    )


def rule(container: Any, width_cm: float, line_cm: float) -> None:
    """A short centred horizontal line (the bottom border of an empty paragraph)."""
    paragraph = para(container, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=4)
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


def cell_text(
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
    font(paragraph.add_run(export_text(text)), size, bold=bold, italic=italic)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def set_widths(table: Table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def figure_table(
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
        cell_text(cell, heading, bold=True)
    _cell_margins(table, 0.1)
    for values, bold in [(row, False) for row in rows] + (
        [(total, True)] if total is not None else []
    ):
        row = table.add_row()
        keep_row_whole(row)
        cells = row.cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = (
                WD_ALIGN_PARAGRAPH.LEFT
                if index in left_columns
                else WD_ALIGN_PARAGRAPH.CENTER
            )
            cell_text(cell, value, bold=bold, align=align)
    set_widths(table, widths_cm)
    para(doc, after=0)
    return table


def keep_row_whole(row: _Row) -> None:
    """The row never breaks across pages (Word and LibreOffice: cantSplit)."""
    keep = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().append(keep)


def page_break(doc: DocumentObject) -> None:
    """What follows starts on a new page (an appendix)."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def _cell_margins(table: Table, side_cm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(side_cm * 567)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def no_borders(table: Table) -> None:
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
    font(run, TABLE_PT)
    field.append(run._r)
    paragraph._p.append(field)


def page_setup(doc: DocumentObject) -> None:
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
