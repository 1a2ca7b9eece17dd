"""Find the table in a file: its header row, its columns, its section rows.

The header is looked for among the first rows of every sheet or Word table by
column names, each with aliases that ignore case, accents and spacing. Title
rows above it, the STT column, column-number rows, blank rows and section rows
("I. Tuyên truyền trên Đài truyền thanh") are skipped, each skip counted with
its reason; a section's heading is kept on the rows below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .columns import COLUMN_BY_KEY, COLUMNS, TIME_KEYS, Column, find_columns
from .sections import (
    DEFINITE,
    MAYBE,
    Outline,
    depth,
    heading_kind,
    heading_text,
    is_total,
)
from .tables import EMPTY, Cell, Table
from .text import fold, normalise

__all__ = [
    "COLUMNS",
    "COLUMN_BY_KEY",
    "Column",
    "RawRow",
    "ReadResult",
    "Skip",
    "locate",
]

HEADER_SEARCH_ROWS = 20
MAX_ROWS = 3000


# --- rows ----------------------------------------------------------------------


@dataclass
class RawRow:
    """A data row: its number in the file, its cells by column, its section."""

    number: int
    values: dict[str, Cell]
    section: str = ""

    def text(self, key: str) -> str:
        return fold(self.values.get(key, EMPTY).text)

    def lines(self, key: str) -> str:
        """The text with its line breaks (a list of units may use them)."""
        text = self.values.get(key, EMPTY).text
        return "\n".join(filter(None, (fold(line) for line in text.splitlines())))

    def cell(self, key: str) -> Cell:
        return self.values.get(key, EMPTY)


@dataclass(frozen=True)
class Skip:
    number: int
    reason: str


@dataclass
class ReadResult:
    """What was found in a file; ``rows_read`` counts the non-blank rows under
    the header, each of which is either a data row or a skip with its reason."""

    rows: list[RawRow]
    skipped: list[Skip] = field(default_factory=list)
    table: str = ""
    tables: list[str] = field(default_factory=list)
    header_tables: list[int] = field(default_factory=list)
    table_index: int = 0
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    blank_rows: int = 0
    # The header's cells, the column each key is read from, and the rows under
    # the header as read: what a remapping of the columns reads again.
    header: list[Cell] = field(default_factory=list)
    mapping: dict[str, int] = field(default_factory=dict)
    raw: list[tuple[int, list[Cell]]] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return len(self.rows) + len(self.skipped)

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": [
                [
                    row.number,
                    {k: c.to_json() for k, c in row.values.items()},
                    row.section,
                ]
                for row in self.rows
            ],
            "skipped": [[skip.number, skip.reason] for skip in self.skipped],
            "table": self.table,
            "tables": self.tables,
            "header_tables": self.header_tables,
            "table_index": self.table_index,
            "header_row": self.header_row,
            "columns": self.columns,
            "blank_rows": self.blank_rows,
            "header": [cell.to_json() for cell in self.header],
            "mapping": self.mapping,
            "raw": [[n, [c.to_json() for c in cells]] for n, cells in self.raw],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReadResult:
        return cls(
            rows=[
                RawRow(
                    int(number),
                    {str(k): Cell.from_json(v) for k, v in dict(values).items()},
                    str(section),
                )
                for number, values, section in data["rows"]
            ],
            skipped=[Skip(int(n), str(reason)) for n, reason in data["skipped"]],
            table=str(data.get("table", "")),
            tables=[str(name) for name in data.get("tables", [])],
            header_tables=[int(i) for i in data.get("header_tables", [])],
            table_index=int(data.get("table_index", 0)),
            header_row=int(data.get("header_row", 0)),
            columns={str(k): str(v) for k, v in dict(data.get("columns", {})).items()},
            blank_rows=int(data.get("blank_rows", 0)),
            header=[Cell.from_json(cell) for cell in data.get("header", [])],
            mapping={str(k): int(v) for k, v in dict(data.get("mapping", {})).items()},
            raw=[
                (int(n), [Cell.from_json(cell) for cell in cells])
                for n, cells in data.get("raw", [])
            ],
        )


_COLUMN_NUMBER = re.compile(r"^\(?\d+\)?$")


def _header_in(table: Table) -> tuple[int, dict[str, int], list[Cell]] | None:
    best = None
    for number, cells in table.head(HEADER_SEARCH_ROWS):
        columns = find_columns(cells)
        good = ("title" in columns or "theme" in columns) and len(columns) >= 2
        if good and (best is None or len(columns) > len(best[1])):
            best = (number, columns, cells)
    return best


def _no_header(tables: list[Table]) -> ValidationError:
    """Say which columns were found and which are missing, table by table."""
    wanted = ("title", "lead_unit")
    details = []
    for table in tables:
        found: dict[str, int] = {}
        row_number = 0
        for number, cells in table.head(HEADER_SEARCH_ROWS):
            columns = find_columns(cells)
            if len(columns) > len(found):
                found, row_number = columns, number
        if found:
            details.append(
                _("%(table)s, row %(row)s: found %(found)s; missing %(missing)s")
                % {
                    "table": table.name,
                    "row": row_number,
                    "found": ", ".join(f"“{COLUMN_BY_KEY[k].label}”" for k in found),
                    "missing": ", ".join(
                        f"“{COLUMN_BY_KEY[k].label}”" for k in wanted if k not in found
                    )
                    or "—",
                }
            )
    message = _(
        "No header row found in the first %(n)s rows: a row must name the columns, "
        "at least “Nội dung nhiệm vụ” (or “Tên hoạt động”) and “Đơn vị chủ trì”."
    ) % {"n": HEADER_SEARCH_ROWS}
    if details:
        message += " " + "; ".join(details) + "."
    return ValidationError(message, code="no_header")


def locate(tables: list[Table], choice: int | None = None) -> ReadResult:
    """The table with the header (or the planner's ``choice``), read row by row."""
    headers = {
        index: header
        for index, table in enumerate(tables)
        if (header := _header_in(table)) is not None
    }
    with_header = list(headers)
    if not with_header:
        raise _no_header(tables)
    index = choice if choice in headers else with_header[0]
    header_row, columns, header_cells = headers[index]
    columns = _task_column(tables[index], header_row, dict(columns))
    _check_mapping(tables[index].name, columns, header_cells)
    result = ReadResult(
        rows=[],
        table=tables[index].name,
        tables=[table.name for table in tables],
        header_tables=with_header,
        table_index=index,
        header_row=header_row,
        columns={key: fold(header_cells[i].text) for key, i in columns.items()},
    )
    result.header = list(header_cells)
    mapping = dict(columns)
    _read_rows(tables[index], result, header_row, mapping, header_cells)
    result.mapping = mapping
    if not result.rows:
        raise ValidationError(
            _("The table has no activity rows under its header."), code="empty"
        )
    return result


def _check_mapping(name: str, columns: dict[str, int], header: list[Cell]) -> None:
    """Refuse a table without the task, lead unit and time columns, naming
    the columns the file has."""
    missing = [
        str(COLUMN_BY_KEY[key].label)
        for key in ("title", "lead_unit")
        if key not in columns
    ]
    if not any(key in columns for key in TIME_KEYS):
        missing.append(str(_("Time (or Start date / Due date)")))
    if missing:
        raise ValidationError(
            _("%(table)s: columns missing: %(missing)s (found: %(found)s).")
            % {
                "table": name,
                "missing": ", ".join(missing),
                "found": ", ".join(
                    f"“{fold(header[i].text)}”"
                    for i in sorted(columns.values())
                    if i < len(header)
                ),
            },
            code="missing_columns",
        )


def remap(read: ReadResult, mapping: dict[str, int]) -> ReadResult:
    """The same table read again with the planner's columns: column key ->
    index of the header's cell. ValidationError when a needed one is missing."""
    width = len(read.header)
    mapping = {
        key: i for key, i in mapping.items() if key in COLUMN_BY_KEY and 0 <= i < width
    }
    _check_mapping(read.table, mapping, read.header)
    result = ReadResult(
        rows=[],
        table=read.table,
        tables=read.tables,
        header_tables=read.header_tables,
        table_index=read.table_index,
        header_row=read.header_row,
        columns={key: fold(read.header[i].text) for key, i in mapping.items()},
        blank_rows=read.blank_rows,
        header=read.header,
        mapping=dict(mapping),
    )
    raw_numbers = {number for number, _cells in read.raw}
    result.skipped = [  # the second header row, which is not among the rows
        skip
        for skip in read.skipped
        if skip.number == read.header_row + 1 and skip.number not in raw_numbers
    ]
    rows = list(read.raw)
    _read_rows(
        Table(read.table, lambda _limit: iter(rows)),
        result,
        read.header_row,
        dict(mapping),
        [],
    )
    return result


def _task_column(
    table: Table, header_row: int, columns: dict[str, int]
) -> dict[str, int]:
    """The task is the column whose cells state each row's task, whatever its
    header: a lone "Nội dung" or "Nội dung tuyên truyền" column holds the
    tasks; of two candidates, the one with the longer, more varied texts."""
    if "title" not in columns:
        if "theme" in columns:
            columns["title"] = columns.pop("theme")
        return columns
    if "theme" not in columns:
        return columns

    def length(index: int) -> float:
        """The mean length of the column's texts in the first rows."""
        texts = [
            fold(cells[index].text)
            for number, cells in table.head(header_row + 40)
            if number > header_row and index < len(cells) and not cells[index].is_empty
        ]
        return sum(len(text) for text in texts) / max(len(texts), 1)

    title, theme = length(columns["title"]), length(columns["theme"])
    if theme >= 40 and title < 20:
        columns["title"], columns["theme"] = columns["theme"], columns["title"]
    return columns


def _read_rows(
    table: Table,
    result: ReadResult,
    header_row: int,
    columns: dict[str, int],
    header_cells: list[Cell],
) -> None:
    header_keys = {normalise(text) for text in result.columns.values()}
    entries: list[tuple[int, dict[str, Cell], list[Cell], str | None]] = []
    for number, cells in table.rows():
        if number <= header_row:
            continue
        values = {
            key: cells[index] if index < len(cells) else EMPTY
            for key, index in columns.items()
        }
        filled = [cell for cell in cells if not cell.is_empty]
        if not filled:
            result.blank_rows += 1
            continue
        texts = [normalise(cell.text) for cell in filled]
        if (
            number == header_row + 1
            and header_cells
            and _sub_header(cells, header_cells, columns)
        ):
            result.header = [
                below if not below.is_empty else above
                for above, below in zip(header_cells, cells, strict=False)
            ] + header_cells[len(cells) :]
            result.columns = {
                key: fold((cells[i] if not cells[i].is_empty else header_cells[i]).text)
                for key, i in columns.items()
                if i < len(cells) and i < len(header_cells)
            }
            result.skipped.append(Skip(number, _("second header row")))
            continue
        result.raw.append((number, cells))
        if (
            all(_COLUMN_NUMBER.match(cell.text.strip()) for cell in filled)
            and len(filled) >= 3
        ):
            result.skipped.append(Skip(number, _("row of column numbers")))
            continue
        if len(set(texts) & header_keys) >= 2:
            result.skipped.append(Skip(number, _("header repeated")))
            continue
        if is_total(values):
            result.skipped.append(Skip(number, _("total row")))
            continue
        entries.append((number, values, cells, heading_kind(values, cells, columns)))
        if len(entries) > MAX_ROWS:
            raise ValidationError(
                _("The table has more than %(max)s activity rows: split the file.")
                % {"max": MAX_ROWS},
                code="too_many_rows",
            )
    outline = Outline()
    for position, (number, values, cells, kind) in enumerate(entries):
        level = depth(values.get("number", EMPTY).text)
        if kind == MAYBE:
            after = entries[position + 1] if position + 1 < len(entries) else None
            below = depth(after[1].get("number", EMPTY).text) if after else 0
            kind = DEFINITE if after is not None and below > level else None
        if kind == DEFINITE:
            heading = heading_text(values, cells, columns)
            outline.enter(level, heading)
            result.skipped.append(
                Skip(number, _("section heading: %(text)s") % {"text": heading})
            )
            continue
        if level < 8:
            outline.leave(level)
        values.pop("number", None)
        result.rows.append(RawRow(number, values, outline.section))


def _sub_header(
    cells: list[Cell], header_cells: list[Cell], columns: dict[str, int]
) -> bool:
    """A second header row ("Bắt đầu", "Kết thúc" under a merged "Thời gian"):
    its columns are added to the header's."""
    below = find_columns(cells)
    if not below:
        return False
    for index, cell in enumerate(cells):
        if cell.is_empty or index in below.values():
            continue
        above = header_cells[index] if index < len(header_cells) else EMPTY
        if normalise(cell.text) != normalise(above.text):
            return False
    for key, index in below.items():
        for other, at in list(columns.items()):
            if at == index and other != key:
                del columns[other]
        columns[key] = index
    return True
