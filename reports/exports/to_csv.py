"""The task detail as CSV: UTF-8 with a BOM so Excel reads the Vietnamese right.

Only the task detail is written, so only its rows are read: the csv streams
:func:`reports.detail.report_task_values` of a :class:`ReportScope` and never
computes the report's figures. Each distinct text or date is turned into its
cell once (a bounded memo), not once per row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import IO, Any

from nuithanh_cchc.text import csv_cell

from ..detail import TASK_DETAIL_COLUMNS, report_task_values
from ..figures import ReportScope
from .values import Memo, detail_headings, detail_labels

ROWS_PER_CHUNK = 500


def _take(sink: io.StringIO) -> str:
    """What was written to ``sink`` since the last take."""
    text = sink.getvalue()
    sink.seek(0)
    sink.truncate()
    return text


def _date(value: dt.date | None) -> str:
    """A date as dd/mm/yyyy."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def _text(value: str | None) -> str:
    """Text never read as a formula, no control character (nuithanh_cchc.text)."""
    return "" if value is None else csv_cell(value)


def _column_cells() -> list[dict[Any, Any] | None]:
    """Per detail column, a mapping from a raw value to its cell, or None where
    the value is written as it is (numbers; None is written empty)."""
    labels = detail_labels()
    cells: list[dict[Any, Any] | None] = []
    for _name, _heading, kind in TASK_DETAIL_COLUMNS:
        if kind in labels:
            cells.append({key: _text(label) for key, label in labels[kind].items()})
        elif kind == "date":
            cells.append(Memo(_date))
        elif kind == "text":
            cells.append(Memo(_text))
        else:
            cells.append(None)
    return cells


def csv_chunks(report: ReportScope) -> Iterator[bytes]:
    """The file as a stream of byte chunks: BOM and header, then the rows."""
    sink = io.StringIO()
    writer = csv.writer(sink)
    writer.writerow([csv_cell(heading) for heading in detail_headings()])
    yield codecs.BOM_UTF8 + _take(sink).encode("utf-8")
    cells = _column_cells()
    pending = 0
    for row in report_task_values(report):
        writer.writerow(
            [
                value if cell is None else cell[value]
                for value, cell in zip(row, cells, strict=True)
            ]
        )
        pending += 1
        if pending == ROWS_PER_CHUNK:
            yield _take(sink).encode("utf-8")
            pending = 0
    if pending:
        yield _take(sink).encode("utf-8")


def write_csv(report: ReportScope, out: IO[bytes]) -> None:
    for chunk in csv_chunks(report):
        out.write(chunk)
