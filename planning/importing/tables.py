"""Read the tables of an .xlsx workbook or a .docx document as rows of cells.

Whatever the file says about itself is not trusted: a sheet's stated used area
(``<dimension>``) is ignored, every row is read up to a cap on rows and cells
scanned, the zip is inflated in chunks under caps on unpacked bytes (a part, the
whole) and on the compression ratio before any parser sees it, and every failure
of the underlying parsers becomes one clear message (``ValidationError``). Merged
cells give their value to every cell they cover, in Excel and in Word alike.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from campaigns.uploads import (
    UnpackLimitExceeded,
    UnpackLimits,
    unpack_refusal,
    zip_open,
    zip_unpack_check,
)

logger = logging.getLogger(__name__)

# Caps, overridable in settings: a few thousand rows is a very large appendix.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_TOTAL_BYTES = 100 * 1024 * 1024
MAX_SCAN_ROWS = 10_000
MAX_SCAN_CELLS = 400_000
MAX_COLUMNS = 40
MAX_TABLES = 30

XLSX, DOCX, XLS, DOC = "xlsx", "docx", "xls", "doc"
_NOT_A_NUMBER = re.compile(r"'([+-]?(?:nan|inf|infinity))'", re.IGNORECASE)
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)"'
)


def _cap(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass(frozen=True)
class Cell:
    """One cell as read: its text and what kind of value it held.

    ``kind`` is ``text``, ``number`` (text is the number, e.g. ``45717`` or
    ``12.5``), ``date`` (ISO text), ``formula`` (a formula whose result was never
    saved; text is the formula) or ``bad_number`` (NaN or infinity).
    """

    text: str = ""
    kind: str = "text"

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()

    def to_json(self) -> list[str]:
        return [self.text, self.kind]

    @classmethod
    def from_json(cls, data: Any) -> Cell:
        if isinstance(data, list) and len(data) == 2:
            return cls(str(data[0]), str(data[1]))
        return cls(str(data or ""))


EMPTY = Cell()


@dataclass
class Table:
    """A sheet or a Word table; ``rows`` yields (row number, cells) lazily."""

    name: str
    read: Callable[[int | None], Iterator[tuple[int, list[Cell]]]] = field(repr=False)

    def head(self, count: int) -> list[tuple[int, list[Cell]]]:
        return list(self.read(count))

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        return self.read(None)


def damaged(reason: str = "") -> ValidationError:
    message = _(
        "The file cannot be read: it is damaged or not a real Excel (.xlsx) or "
        "Word (.docx) file. Open it in Excel or Word, save it again and upload the "
        "saved copy."
    )
    if reason:
        message = f"{message} ({reason})"
    return ValidationError(message, code="damaged")


def file_kind(name: str) -> str:
    """``xlsx``, ``docx``, ``xls`` or ``doc`` from the file name, or a
    ValidationError in Vietnamese."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return XLSX
    if lowered.endswith(".docx"):
        return DOCX
    if lowered.endswith(".xls"):
        return XLS
    if lowered.endswith(".doc"):
        return DOC
    raise ValidationError(
        _("Only Excel .xlsx or Word .docx files can be imported (not .csv or .pdf)."),
        code="bad_type",
    )


def _unpack_limits() -> UnpackLimits:
    return UnpackLimits(
        member_bytes=_cap("IMPORT_MAX_UNPACKED_BYTES", MAX_UNPACKED_BYTES),
        total_bytes=_cap("IMPORT_MAX_UNPACKED_TOTAL_BYTES", MAX_UNPACKED_TOTAL_BYTES),
    )


def _checked_zip(data: bytes, kind: str, name: str) -> zipfile.ZipFile:
    """The archive, once every part was inflated in chunks within the caps
    (``campaigns.uploads.zip_unpack_check``: a bomb is refused without ever being
    held whole) and the part of ``kind`` is there."""
    limits = _unpack_limits()
    try:
        archive = zip_open(io.BytesIO(data), limits=limits)
        zip_unpack_check(archive, limits=limits)
    except UnpackLimitExceeded as exceeded:
        if exceeded.limit != "member":
            raise unpack_refusal(name=name, exceeded=exceeded) from exceeded
        raise ValidationError(
            _(
                "Part “%(part)s” of the file unpacks to more than %(limit)s MB: "
                "the sheet probably holds millions of empty or formatted rows. "
                "Delete the rows below the table in Excel, save and upload again."
            )
            % {
                "part": exceeded.part,
                "limit": f"{exceeded.cap / 1_048_576:.0f}",
            },
            code="too_large_unpacked",
        ) from exceeded
    # RuntimeError: an encrypted part.
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
    ) as exc:
        raise damaged() from exc
    names = set(archive.namelist())
    wanted = "xl/workbook.xml" if kind == XLSX else "word/document.xml"
    if wanted not in names:
        other = "word/document.xml" if kind == XLSX else "xl/workbook.xml"
        if other in names:
            raise ValidationError(
                _("The file's name does not match its content: rename it .%(ext)s.")
                % {"ext": DOCX if kind == XLSX else XLSX},
                code="wrong_extension",
            )
        raise damaged()
    return archive


def read_tables(source: IO[bytes] | Any, name: str) -> list[Table]:
    """The tables a file holds, in order; refuses unreadable files clearly."""
    kind = file_kind(name)
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read()
    if kind in (XLS, DOC):
        from . import legacy  # the old formats' readers need this module

        if kind == XLS:
            return legacy.xls_tables(data)
        data, kind = legacy.doc_to_docx(data), DOCX
    archive = _checked_zip(data, kind, name)
    if kind == XLSX:
        return _xlsx_tables(data, archive)
    return _docx_tables(data)


# --- Excel ---------------------------------------------------------------------


def _number_cell(value: float | int) -> Cell:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return Cell(str(value), "bad_number")
        if value.is_integer():
            return Cell(str(int(value)), "number")
        return Cell(repr(value), "number")
    return Cell(str(value), "number")


def _to_cell(value: Any, formula: Any) -> Cell:
    if value is None:
        if isinstance(formula, str) and formula.startswith("="):
            return Cell(formula, "formula")
        return EMPTY
    if isinstance(value, bool):
        return Cell("1" if value else "0", "number")
    if isinstance(value, dt.datetime):
        return Cell(value.date().isoformat(), "date")
    if isinstance(value, dt.date):
        return Cell(value.isoformat(), "date")
    if isinstance(value, int | float):
        return _number_cell(value)
    if isinstance(value, dt.time | dt.timedelta):
        return Cell(str(value))
    return Cell(str(value))


def _merges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet as (min_col, min_row, max_col, max_row)."""
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with archive.open(path) as stream:
        while chunk := stream.read(1 << 20):
            buffer = tail + chunk
            if b"mergeCell" in buffer:  # a fast scan first: most chunks have none
                for match in _MERGE.finditer(buffer):
                    found.append(range_boundaries(match[1].decode()))
            tail = buffer[-200:]
    return sorted(set(found))


def _xlsx_tables(data: bytes, archive: zipfile.ZipFile) -> list[Table]:
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # any failure of the parser on untrusted bytes
        logger.info("import: workbook refused: %r", exc)
        raise damaged() from exc
    tables = []
    for sheet, formula_sheet in zip(
        values.worksheets[:MAX_TABLES], formulas.worksheets[:MAX_TABLES], strict=False
    ):
        if not hasattr(sheet, "reset_dimensions"):
            continue  # a chart sheet
        tables.append(Table(sheet.title, _sheet_reader(archive, sheet, formula_sheet)))
    if not tables:
        raise ValidationError(_("The workbook has no sheet."), code="empty")
    return tables


def _sheet_reader(
    archive: zipfile.ZipFile, sheet: Any, formula_sheet: Any
) -> Callable[[int | None], Iterator[tuple[int, list[Cell]]]]:
    found_merges: list[list[tuple[int, int, int, int]]] = []

    def read(limit: int | None) -> Iterator[tuple[int, list[Cell]]]:
        max_rows = _cap("IMPORT_MAX_SCAN_ROWS", MAX_SCAN_ROWS)
        max_cells = _cap("IMPORT_MAX_SCAN_CELLS", MAX_SCAN_CELLS)
        if not found_merges:
            try:
                found_merges.append(_merges(archive, sheet._worksheet_path))
            except Exception as exc:  # zlib/CRC failures of a damaged part
                raise damaged(str(sheet.title)) from exc
        merges = found_merges[0]
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        widest: dict[int, int] = {}  # row -> last column a merge covers
        for min_col, min_row, max_col, max_row in merges:
            if (max_row - min_row + 1) * (max_col - min_col + 1) > max_cells:
                raise ValidationError(
                    _("The sheet “%(sheet)s” merges too many cells to be read.")
                    % {"sheet": sheet.title},
                    code="too_many_cells",
                )
            for row in range(min_row, max_row + 1):
                for col in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                    covered[(row, col)] = (min_row, min_col)
                widest[row] = max(widest.get(row, 0), min(max_col, MAX_COLUMNS))
        origins: dict[tuple[int, int], Cell] = {}
        sheet.reset_dimensions()
        formula_sheet.reset_dimensions()
        scanned_cells = 0
        rows = zip(
            sheet.iter_rows(values_only=True),
            formula_sheet.iter_rows(values_only=True),
            strict=False,
        )
        number = 0
        try:
            for number, (row, formula_row) in enumerate(rows, start=1):
                if limit is not None and number > limit:
                    return
                if number > max_rows:
                    raise ValidationError(
                        _(
                            "The sheet “%(sheet)s” has more than %(max)s rows (blank "
                            "ones included): delete the empty rows below the table "
                            "in Excel, or split the file."
                        )
                        % {
                            "sheet": sheet.title,
                            "max": f"{max_rows:,}".replace(",", "."),
                        },
                        code="too_many_rows",
                    )
                scanned_cells += len(row)
                if scanned_cells > max_cells:
                    raise ValidationError(
                        _(
                            "The sheet “%(sheet)s” has more than %(max)s cells: "
                            "delete the unused rows and columns, or split the file."
                        )
                        % {
                            "sheet": sheet.title,
                            "max": f"{max_cells:,}".replace(",", "."),
                        },
                        code="too_many_cells",
                    )
                cells = []
                for index, value in enumerate(row[:MAX_COLUMNS], start=1):
                    formula = (
                        formula_row[index - 1] if index <= len(formula_row) else None
                    )
                    cell = _to_cell(value, formula)
                    origin = covered.get((number, index))
                    if origin == (number, index):
                        origins[origin] = cell
                    elif origin is not None:
                        cell = origins.get(origin, cell)
                    cells.append(cell)
                # A merge reaching past the row's last stored cell fills it too.
                for index in range(len(cells) + 1, widest.get(number, 0) + 1):
                    origin = covered.get((number, index))
                    cells.append(origins.get(origin, EMPTY) if origin else EMPTY)
                yield number, cells
        except ValidationError:
            raise
        except Exception as exc:  # truncated XML, bad shared string, NaN text…
            logger.info(
                "import: sheet %s refused at row %s: %r", sheet.title, number, exc
            )
            if not_number := _NOT_A_NUMBER.search(str(exc)):
                raise ValidationError(
                    _(
                        "The sheet “%(sheet)s”, row %(row)s: a number cell holds "
                        "“%(value)s”, which is not a number. Correct the cell in "
                        "Excel and upload the file again."
                    )
                    % {"sheet": sheet.title, "row": number + 1, "value": not_number[1]},
                    code="not_a_number",
                ) from exc
            raise ValidationError(
                _(
                    "The sheet “%(sheet)s” is damaged near row %(row)s and cannot be "
                    "read. Open the file in Excel, save it again and upload the "
                    "saved copy."
                )
                % {"sheet": sheet.title, "row": number + 1},
                code="damaged_sheet",
            ) from exc

    return read


# --- Word ----------------------------------------------------------------------


def _docx_tables(data: bytes) -> list[Table]:
    import docx  # python-docx; imported here: only Word uploads need it

    try:
        document = docx.Document(io.BytesIO(data))
        grids = [_docx_grid(table) for table in document.tables[:MAX_TABLES]]
    except ValidationError:
        raise
    except Exception as exc:  # any failure of the parser on untrusted bytes
        logger.info("import: document refused: %r", exc)
        raise damaged() from exc
    if not grids:
        raise ValidationError(
            _("The Word document holds no table: the appendix must be a table."),
            code="no_table",
        )
    tables = []
    for index, grid in enumerate(grids, start=1):
        name = _("Table %(n)s") % {"n": index}
        tables.append(Table(name, _grid_reader(grid)))
    return tables


def _docx_grid(table: Any) -> list[list[Cell]]:
    max_rows = _cap("IMPORT_MAX_SCAN_ROWS", MAX_SCAN_ROWS)
    grid = []
    for index, row in enumerate(table.rows, start=1):
        if index > max_rows:
            raise ValidationError(
                _("A table of the document has more than %(max)s rows: split it.")
                % {"max": max_rows},
                code="too_many_rows",
            )
        cells = [EMPTY] * row.grid_cols_before
        texts: dict[int, Cell] = {}
        for cell in row.cells:
            key = id(cell._tc)
            if key not in texts:
                text = "\n".join(p.text for p in cell.paragraphs).strip()
                texts[key] = Cell(text)
            cells.append(texts[key])
        grid.append(cells[:MAX_COLUMNS])
    return grid


def _grid_reader(
    grid: list[list[Cell]],
) -> Callable[[int | None], Iterator[tuple[int, list[Cell]]]]:
    def read(limit: int | None) -> Iterator[tuple[int, list[Cell]]]:
        for number, cells in enumerate(grid, start=1):
            if limit is not None and number > limit:
                return
            yield number, cells

    return read
