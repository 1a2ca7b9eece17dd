"""Import a plan's appendix of activities from Excel (.xlsx) or Word (.docx).

One parser behind the page and ``manage.py import_activities``, in steps:

- ``tables``: the file's sheets or Word tables as rows of cells (caps on what
  is scanned, merged cells filled, every parser failure a clear message);
- ``layout``: the header row by column names and aliases, section rows;
- ``timewords``, ``units``, ``numbers``, ``inference``: cells as offices write
  them (time words, unit lists and groups, Vietnamese numbers, missing columns);
- ``context``: the planner's choices and what the rows are checked against;
- ``rows``, ``validation``: every row checked, with the notes the preview shows;
- ``saving``: the valid rows saved in one transaction;
- ``template``: the template to download.
"""

from __future__ import annotations

from typing import IO, Any

from .context import ImportOptions
from .layout import COLUMNS, MAX_ROWS, RawRow, ReadResult, Skip, locate, remap
from .rows import RowResult
from .saving import ImportInvalid, ImportResult, import_rows
from .tables import XLSX, read_tables
from .template import XLSX_CONTENT_TYPE, template_workbook
from .text import normalise
from .validation import ImportPreview, validate_rows

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "XLSX_CONTENT_TYPE",
    "ImportInvalid",
    "ImportOptions",
    "ImportPreview",
    "ImportResult",
    "RawRow",
    "ReadResult",
    "RowResult",
    "Skip",
    "import_rows",
    "normalise",
    "read_file",
    "remap",
    "template_workbook",
    "validate_rows",
]


def read_file(
    source: IO[bytes] | Any, name: str, *, table: int | None = None
) -> ReadResult:
    """Read an uploaded or local file into rows; ValidationError if unreadable.

    ``table`` picks a sheet or Word table by position when several have a header.
    """
    return locate(read_tables(source, name or f"file.{XLSX}"), table)
