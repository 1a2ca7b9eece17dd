"""The task detail as CSV: UTF-8 with a BOM so Excel reads the Vietnamese right."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any, BinaryIO

from nuithanh_cchc.text import csv_cell

from ..selectors import YearReport, report_task_rows
from .values import detail_converters, detail_headings

ROWS_PER_CHUNK = 500


class _Line:
    """A file-like sink for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def _cell(value: Any) -> Any:
    """A date as dd/mm/yyyy; text never read as a formula (nuithanh_cchc.text)."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else csv_cell(value)


def csv_chunks(report: YearReport) -> Iterator[bytes]:
    """The file as a stream of byte chunks: BOM and header, then the rows."""
    sink = _Line()
    writer = csv.writer(sink)
    writer.writerow([csv_cell(heading) for heading in detail_headings()])
    yield codecs.BOM_UTF8 + sink.take().encode("utf-8")
    converters = detail_converters()
    pending = 0
    for row in report_task_rows(report):
        writer.writerow(
            [
                _cell(convert(value))
                for value, convert in zip(row, converters, strict=True)
            ]
        )
        pending += 1
        if pending == ROWS_PER_CHUNK:
            yield sink.take().encode("utf-8")
            pending = 0
    if pending:
        yield sink.take().encode("utf-8")


def write_csv(report: YearReport, out: BinaryIO) -> None:
    for chunk in csv_chunks(report):
        out.write(chunk)
