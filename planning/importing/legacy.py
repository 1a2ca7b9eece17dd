"""The old Office formats: an Excel 97–2003 workbook (.xls) read with xlrd,
and a Word 97–2003 document (.doc) converted to .docx by LibreOffice where it
is installed (``docs/deploy.md``). Every failure is one clear message."""

from __future__ import annotations

import logging
import shutil
import subprocess  # nosec B404 - LibreOffice, run without a shell on a temp copy
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .tables import (
    EMPTY,
    MAX_COLUMNS,
    MAX_SCAN_ROWS,
    MAX_TABLES,
    Cell,
    Table,
    _number_cell,
    damaged,
)

logger = logging.getLogger(__name__)
CONVERT_SECONDS = 60


def _old_format() -> ValidationError:
    return ValidationError(
        _(
            "Old Office formats (.xls, .doc) cannot be read: open the file and "
            "save it as .xlsx (Excel) or .docx (Word)."
        ),
        code="old_format",
    )


def xls_tables(data: bytes) -> list[Table]:
    """The sheets of an .xls workbook, merged cells filled."""
    try:
        import xlrd  # type: ignore[import-untyped,unused-ignore]  # only .xls needs it
    except ImportError as exc:  # pragma: no cover - xlrd is in requirements.txt
        raise _old_format() from exc
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True
        )
        sheets = [book.sheet_by_index(i) for i in range(min(book.nsheets, MAX_TABLES))]
        grids = [(sheet.name, _xls_grid(book, sheet)) for sheet in sheets]
    except ValidationError:
        raise
    except Exception as exc:  # any failure of the parser on untrusted bytes
        logger.info("import: xls refused: %r", exc)
        raise damaged() from exc
    if not grids:
        raise ValidationError(_("The workbook has no sheet."), code="empty")
    return [Table(name, _reader(grid)) for name, grid in grids]


def _xls_cell(book: Any, cell: Any) -> Cell:
    import xlrd  # type: ignore[import-untyped,unused-ignore]

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return EMPTY
    if kind == xlrd.XL_CELL_DATE:
        moment = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        return Cell(moment.date().isoformat(), "date")
    if kind == xlrd.XL_CELL_NUMBER:
        return _number_cell(cell.value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return Cell("1" if cell.value else "0", "number")
    if kind == xlrd.XL_CELL_ERROR:
        return Cell(str(xlrd.error_text_from_code.get(cell.value, "")), "bad_number")
    return Cell(str(cell.value))


def _xls_grid(book: Any, sheet: Any) -> list[list[Cell]]:
    limit = int(getattr(settings, "IMPORT_MAX_SCAN_ROWS", MAX_SCAN_ROWS))
    if sheet.nrows > limit:
        raise ValidationError(
            _(
                "The sheet “%(sheet)s” has more than %(max)s rows (blank ones "
                "included): delete the empty rows below the table in Excel, or "
                "split the file."
            )
            % {"sheet": sheet.name, "max": f"{limit:,}".replace(",", ".")},
            code="too_many_rows",
        )
    width = min(sheet.ncols, MAX_COLUMNS)
    grid = [
        [_xls_cell(book, sheet.cell(r, c)) for c in range(width)]
        for r in range(sheet.nrows)
    ]
    for top, bottom, left, right in sheet.merged_cells:
        origin = grid[top][left] if top < len(grid) and left < width else EMPTY
        for r in range(top, min(bottom, len(grid))):
            for c in range(left, min(right, width)):
                grid[r][c] = origin
    return grid


def _reader(
    grid: list[list[Cell]],
) -> Callable[[int | None], Iterator[tuple[int, list[Cell]]]]:
    def read(limit: int | None) -> Iterator[tuple[int, list[Cell]]]:
        for number, cells in enumerate(grid, start=1):
            if limit is not None and number > limit:
                return
            yield number, cells

    return read


def converter() -> str | None:
    """LibreOffice's program, if installed (``IMPORT_DOC_CONVERTER`` overrides;
    an empty value turns the conversion off)."""
    configured = getattr(settings, "IMPORT_DOC_CONVERTER", None)
    if configured is not None:
        return configured or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_docx(data: bytes) -> bytes:
    """The .doc converted to .docx by LibreOffice, or the clear message."""
    program = converter()
    if program is None:
        raise _old_format()
    with tempfile.TemporaryDirectory(prefix="import-doc-") as folder:
        source = Path(folder) / "phu-luc.doc"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments, no shell
                command, capture_output=True, timeout=CONVERT_SECONDS, check=True
            )
        except (OSError, subprocess.SubprocessError) as exc:
            logger.info("import: doc conversion failed: %r", exc)
            raise damaged() from exc
        target = source.with_suffix(".docx")
        if not target.is_file():
            raise damaged()
        return target.read_bytes()
