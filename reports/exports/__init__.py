"""The three export formats of the yearly report, fed by reports.selectors and
reports.detail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.utils.text import slugify

from ..figures import ReportScope
from . import to_csv, to_docx, to_xlsx, to_zip


@dataclass(frozen=True)
class ExportFormat:
    """One file format. ``write(report, out)`` takes a built
    :class:`~reports.figures.YearReport`, or only a
    :class:`~reports.figures.ReportScope` when ``figures`` is false (the csv
    writes the task detail, none of the figures)."""

    extension: str
    content_type: str
    write: Callable[[Any, IO[bytes]], None]
    figures: bool = True


FORMATS: dict[str, ExportFormat] = {
    "xlsx": ExportFormat(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        to_xlsx.write_xlsx,
    ),
    "docx": ExportFormat(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        to_docx.write_docx,
    ),
    "csv": ExportFormat(
        "csv", "text/csv; charset=utf-8", to_csv.write_csv, figures=False
    ),
    "zip": ExportFormat("zip", "application/zip", to_zip.write_zip),
}


def export_filename(report: ReportScope, extension: str) -> str:
    """An ASCII name an office can keep: bao-cao-cchc-2024[-plan].xlsx."""
    name = f"bao-cao-cchc-{report.year}"
    if report.period.slug:
        name += f"-{report.period.slug}"
    if len(report.plans) > 1 and report.plan is not None:
        name += f"-{slugify(report.plan.issuer)}"
    return f"{name}.{extension}"
