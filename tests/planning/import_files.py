"""Build import files in code: workbooks with a wrong dimension, merged cells,
formulas, damaged parts, and Word versions of a table."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable

import docx
from docx.table import Table as WordTable
from openpyxl import Workbook, load_workbook

from tests.planning.import_world import CASES

SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(
    rows: Iterable[Iterable[object]], merges: Iterable[str] = ()
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_part(content: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same zip with one part changed (e.g. a sheet's XML)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = change(data)
            target.writestr(item.filename, data)
    return buffer.getvalue()


def with_dimension(content: bytes, ref: str) -> bytes:
    return rewrite_part(
        content,
        SHEET,
        lambda xml: re.sub(
            rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml
        ),
    )


def case_rows(name: str) -> list[list[object]]:
    """A case workbook's cells as values (merged areas: the top-left value only)."""
    sheet = load_workbook(CASES / name).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def case_as_docx(name: str) -> bytes:
    """The case's first sheet as a Word table, merges included, under the title
    rows written as paragraphs the way the appendix is printed."""
    sheet = load_workbook(CASES / name).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    document = docx.Document()
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    for row in rows[:header_at]:
        if row and row[0]:
            document.add_paragraph(str(row[0]))
    body = rows[header_at:]
    table = document.add_table(rows=len(body), cols=len(body[0]))
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = str(value)
    for merged in sheet.merged_cells.ranges:
        if merged.min_row - 1 < header_at:
            continue
        top = merged.min_row - 1 - header_at
        bottom = merged.max_row - 1 - header_at
        _merge(table, top, merged.min_col - 1, bottom, merged.max_col - 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _merge(table: WordTable, top: int, left: int, bottom: int, right: int) -> None:
    text = table.cell(top, left).text
    merged = table.cell(top, left).merge(table.cell(bottom, right))
    merged.text = text


def word_table(
    rows: list[list[str]], merges: Iterable[tuple[int, int, int, int]] = ()
) -> bytes:
    """A Word document with one table; merges as (top, left, bottom, right)."""
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for top, left, bottom, right in merges:
        _merge(table, top, left, bottom, right)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
