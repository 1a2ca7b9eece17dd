from __future__ import annotations

import tempfile

from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.roles import DISTRICT_ROLES, Role
from campaigns.models import Plan
from organisation.selectors import request_organisation

from .charts import report_chart_data
from .exports import FORMATS, export_filename
from .exports.to_csv import csv_chunks
from .selectors import YEAR_MAX, YEAR_MIN, YearReport, report_build, year_in_range

# Planners read the report; admins and leaders also take it away as files.
EXPORT_ROLES = (Role.ADMIN, Role.LEADER)


def _report_or_404(request: HttpRequest, year: int) -> YearReport:
    if not year_in_range(year):
        raise Http404
    plan_id = None
    if raw := request.GET.get("plan"):
        if not raw.isdigit():
            raise Http404
        plan_id = int(raw)
    try:
        return report_build(
            year=year, plan_id=plan_id, organisation=request_organisation(request)
        )
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


DOCUMENT_NUMBER_MAX = 20


def _document_number(request: HttpRequest) -> str:
    """The number the clerk typed for the docx ("17"); anything odd is dropped."""
    raw = request.GET.get("number", "").strip()[:DOCUMENT_NUMBER_MAX]
    return raw if raw.replace("-", "").replace(".", "").isalnum() else ""


@role_required(*DISTRICT_ROLES)
def report_index(request: HttpRequest) -> HttpResponse:
    """The year picker posts here (GET ?year=); without one, this year."""
    raw = request.GET.get("year", "").strip()
    year = timezone.localdate().year
    if raw.isdigit():
        year = int(raw)
    elif raw:
        messages.error(request, _("“%(value)s” is not a year.") % {"value": raw})
    if not year_in_range(year):
        raise Http404
    return redirect("reports:year", year=year)


@role_required(*DISTRICT_ROLES)
def report_year(request: HttpRequest, year: int) -> HttpResponse:
    report = _report_or_404(request, year)
    return render(
        request,
        "reports/year.html",
        {
            "report": report,
            "charts": report_chart_data(report),
            "can_export": request.user.has_role(*EXPORT_ROLES),
            "plan_query": f"?plan={report.plan.pk}" if len(report.plans) > 1 else "",
            "year_min": YEAR_MIN,
            "year_max": YEAR_MAX,
        },
    )


@role_required(*EXPORT_ROLES)
def report_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    export = FORMATS.get(fmt)
    if export is None:
        raise Http404
    report = _report_or_404(request, year)
    report.document_number = _document_number(request)
    filename = export_filename(report, export.extension)
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_chunks(report), content_type=export.content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # Spooled to disk past 8 MB: a big workbook never sits whole in memory.
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    export.write(report, out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=filename, content_type=export.content_type
    )
