"""Section III of the document: directions and tasks for the next year or
period, as the plan states them, and the closing sentence."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject

from ...figures import YearReport
from .frame import issuing_body
from .layout import para, section_heading


def write_directions(doc: DocumentObject, report: YearReport) -> None:
    if report.period.is_year:
        heading = _("III. DIRECTIONS AND TASKS FOR %(year)s") % {
            "year": report.year + 1
        }
    else:
        heading = _("III. DIRECTIONS AND TASKS FOR %(period)s") % {
            "period": report.period.next_phrase().upper()
        }
    section_heading(doc, heading, before=6)
    text = report.plan.next_year_directions.strip() if report.plan else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines or ["." * 110] * 3:
        para(doc, line)
    if report.period.is_year:
        closing = _(
            "Above is the report on the results of carrying out the administrative "
            "reform communication plan of %(year)s of %(issuer)s./."
        ) % {"year": report.year, "issuer": issuing_body(report)}
    else:
        closing = _(
            "Above is the report on the results of administrative reform "
            "communication in %(period)s of %(issuer)s./."
        ) % {"period": report.period.phrase(), "issuer": issuing_body(report)}
    para(doc, closing).paragraph_format.keep_with_next = True
