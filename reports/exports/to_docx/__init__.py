"""The yearly report as the document a district office signs and sends up.

Layout after Decree 30/2020/NĐ-CP (Appendix I): A4, margins 20/20/30/15 mm, Times
New Roman; issuing body and the national motto side by side at the top, number and
symbol under the body, place and date under the motto, the kind of document and its
summary centred, numbered sections, "Nơi nhận" and the signature block (one
block that never splits across pages), page numbers from the second page; the
detailed tables follow the signature as appendices (Phụ lục), so the body stays
a few pages. The document is always written in Vietnamese,
whatever the language of the person exporting it: it is an official record.

The frame (:mod:`.frame`) holds the sections I (:mod:`.results`, :mod:`.spend`),
II (:mod:`.shortcomings`) and III (:mod:`.directions`) and the appendices
(:mod:`.appendices`, numbered by :mod:`.numbering`), laid out with
:mod:`.layout`; the header's names are written by :mod:`.bodies`.
"""

from __future__ import annotations

from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document

from ...figures import YearReport
from .appendices import write_appendices
from .directions import write_directions
from .frame import (
    document_day,
    document_title,
    issuing_body,
    write_header,
    write_introduction,
    write_recipients_and_signature,
)
from .layout import page_setup, para
from .results import write_results
from .shortcomings import write_shortcomings
from .spend import write_spend


def write_docx(report: YearReport, out: IO[bytes]) -> None:
    """The report as the signed document, dated its issue date (its as-of
    date until issued)."""
    with translation.override("vi"):
        doc = Document()
        page_setup(doc)
        doc.core_properties.title = document_title(report)
        doc.core_properties.author = issuing_body(report)
        doc.core_properties.language = "vi-VN"
        write_header(doc, report, document_day(report))
        if report.plan is None:
            para(
                doc,
                _(
                    "There is no administrative reform communication plan for "
                    "%(year)s in the system: there are no results to report."
                )
                % {"year": report.year},
                before=12,
            )
        else:
            write_introduction(doc, report)
            write_results(doc, report)
            write_spend(doc, report)
            write_shortcomings(doc, report)
            write_directions(doc, report)
        write_recipients_and_signature(doc, report)
        write_appendices(doc, report)
        doc.save(out)
