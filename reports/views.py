from __future__ import annotations

import datetime as dt
import io
import tempfile
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.roles import DISTRICT_ROLES, REPORT_EXPORT_ROLES
from campaigns.models import Plan
from campaigns.selectors import plan_default, review_waiting_count
from notifications.selectors import notification_unread_count
from nuithanh_cchc.params import int_param, parse_date, parse_int
from organisation.scoping import streamed_in_scope
from organisation.selectors import request_organisation

from . import caching
from .charts import report_chart_data
from .exports import FORMATS, export_filename
from .exports.to_csv import csv_chunks
from .exports.to_zip import zip_chunks
from .figures import ReportScope, YearReport
from .periods import PeriodCode, period_parse
from .selectors import (
    YEAR_MAX,
    YEAR_MIN,
    Limits,
    report_build,
    report_figures_key,
    report_scope,
    year_in_range,
)

EXPORT_ROLES = REPORT_EXPORT_ROLES


def _period_and_as_of(
    request: HttpRequest, *, warn: bool
) -> tuple[str, dt.date | None]:
    """``?period=`` and ``?as_of=`` (YYYY-MM-DD or dd/mm/yyyy); a bad value falls
    back to the default, with a Vietnamese message on the page."""
    raw_period = request.GET.get("period")
    period = period_parse(raw_period)
    if period is None:
        if warn:
            messages.error(
                request,
                _("“%(value)s” is not a reporting period; the whole year is shown.")
                % {"value": raw_period},
            )
        period = PeriodCode.YEAR
    raw_as_of = request.GET.get("as_of", "").strip()
    as_of = None
    if raw_as_of:
        as_of = _parse_day(raw_as_of)
        if as_of is None and warn:
            messages.error(
                request,
                _(
                    "“%(value)s” is not a date (dd/mm/yyyy); figures are as of the "
                    "period's end or today."
                )
                % {"value": raw_as_of},
            )
    return period, as_of


def _parse_day(raw: str) -> dt.date | None:
    """ISO (the form's) or dd/mm/yyyy (typed), within the years plans have."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        day = parse_date(raw, fmt=fmt, min_year=YEAR_MIN, max_year=YEAR_MAX + 1)
        if day is not None:
            return day
    return None


def _report_arguments(request: HttpRequest, year: int, *, warn: bool) -> dict[str, Any]:
    """What ``?plan=&period=&as_of=`` ask for, as keyword arguments of
    :func:`report_build` and :func:`report_scope`; 404 for a year out of range
    or a plan id that is not a number."""
    if not year_in_range(year):
        raise Http404
    plan_id = None
    if request.GET.get("plan"):
        plan_id = int_param(request.GET, "plan")
        if plan_id is None:
            raise Http404
    period, as_of = _period_and_as_of(request, warn=warn)
    return {
        "year": year,
        "plan_id": plan_id,
        "period": period,
        "as_of": as_of,
        "organisation": request_organisation(request),
    }


def _report_or_404(
    request: HttpRequest,
    year: int,
    *,
    warn: bool = False,
    activity_rows_limit: int | None = None,
) -> YearReport:
    try:
        return report_build(
            **_report_arguments(request, year, warn=warn),
            activity_rows_limit=activity_rows_limit,
        )
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


def _scope_or_404(request: HttpRequest, year: int) -> ReportScope:
    """The report's plan, period and as-of day, without its figures."""
    try:
        return report_scope(**_report_arguments(request, year, warn=False))
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


DOCUMENT_NUMBER_MAX = 20


def _document_number(request: HttpRequest) -> str:
    """The number the clerk typed for the docx ("17"); anything odd is dropped."""
    raw = request.GET.get("number", "").strip()[:DOCUMENT_NUMBER_MAX]
    return raw if raw.replace("-", "").replace(".", "").isalnum() else ""


@role_required(*DISTRICT_ROLES)
def report_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year picker posts here (GET ?year=); without one, the default plan's
    year (this year's when it has an issued plan)."""
    raw = request.GET.get("year", "").strip()
    today = timezone.localdate()
    default = plan_default(today=today, user=request.user)
    year = default.year if default else today.year
    if (parsed := parse_int(raw, max_value=9999)) is not None:
        year = parsed
    elif raw:
        messages.error(request, _("“%(value)s” is not a year.") % {"value": raw[:20]})
    if not year_in_range(year):
        raise Http404
    return redirect("reports:year", year=year)


# The page lists at most this many activities (a commune's or department's plan
# has tens); the xlsx and csv always carry every one.
PAGE_ACTIVITY_ROWS = 200


def _figures_key(
    request: HttpRequest, year: int, activity_rows_limit: int | None
) -> str | None:
    """The cache key of the figures the request asks for (None: no plan, no
    cache, or a bad ``?plan=``)."""
    try:
        scope = report_scope(**_report_arguments(request, year, warn=False))
    except (Plan.DoesNotExist, Http404):
        return None
    return report_figures_key(scope, Limits(activities=activity_rows_limit))


def _page_etag(request: HttpRequest, year: int) -> str | None:
    """The report page's ETag: its figures' key and what the page shows around
    them for this user (the navigation's counts, the CSRF cookie its forms
    carry). None, so no 304, when a message waits to be shown or the page
    would warn about its parameters."""
    if len(messages.get_messages(request)) or not _parameters_valid(request):
        return None
    key = _figures_key(request, year, PAGE_ACTIVITY_ROWS)
    user = request.user
    if key is None or not user.is_authenticated:
        return None
    organisation = request_organisation(request)
    shown: list[object] = [
        key,
        user.pk,
        organisation.pk,
        organisation.updated_at,
        notification_unread_count(user=user),
    ]
    if user.can_edit_plans:
        shown.append(review_waiting_count(user=user))
    shown.append(request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""))
    return caching.digest(*shown)


def _parameters_valid(request: HttpRequest) -> bool:
    raw_as_of = request.GET.get("as_of", "").strip()
    return period_parse(request.GET.get("period")) is not None and (
        not raw_as_of or _parse_day(raw_as_of) is not None
    )


def _export_etag(request: HttpRequest, year: int, fmt: str) -> str | None:
    """An export's ETag: its figures' key, format and document number."""
    if fmt not in FORMATS or not _parameters_valid(request):
        return None
    key = _figures_key(request, year, None)
    if key is None:
        return None
    return caching.digest(key, fmt, _document_number(request))


@role_required(*DISTRICT_ROLES)
@condition(etag_func=_page_etag)
def report_year(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    report = _report_or_404(
        request, year, warn=True, activity_rows_limit=PAGE_ACTIVITY_ROWS
    )
    query = {"period": report.period.code, "as_of": report.as_of.isoformat()}
    if len(report.plans) > 1 and report.plan is not None:
        query["plan"] = str(report.plan.pk)
    return render(
        request,
        "reports/year.html",
        {
            "report": report,
            "activity_rows": report.by_activity,
            "activity_rows_left": max(
                0, report.activities.planned - len(report.by_activity)
            ),
            # The figures' part of the page is kept with the figures, under
            # their key (nothing when they were not cached).
            "body_cache_seconds": caching.timeout() if report.figures_key else 0,
            "charts": report_chart_data(report),
            "can_export": request.user.has_role(*EXPORT_ROLES),
            "export_query": "?" + urlencode(query),
            "periods": PeriodCode.choices,
            "year_min": YEAR_MIN,
            "year_max": YEAR_MAX,
        },
    )


# An exported file is kept with its figures when it is at most this big.
EXPORT_CACHE_MAX_BYTES = 8 * 1024 * 1024


@role_required(*EXPORT_ROLES)
@condition(etag_func=_export_etag)
def report_export(request: HttpRequest, year: int, fmt: str) -> HttpResponseBase:
    export = FORMATS.get(fmt)
    if export is None or fmt == "zip":
        raise Http404
    if not export.figures:  # the csv: the task detail streamed, no figure
        scope = _scope_or_404(request, year)
        response = StreamingHttpResponse(
            streamed_in_scope(csv_chunks(scope)), content_type=export.content_type
        )
        filename = export_filename(scope, export.extension)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    report = _report_or_404(request, year)
    report.document_number = _document_number(request)
    filename = export_filename(report, export.extension)
    key = ""
    if report.figures_key:
        key = caching.export_key(report.figures_key, fmt, report.document_number)
        if (stored := caching.cache_get_many([key]).get(key)) is not None:
            return FileResponse(
                io.BytesIO(stored),
                as_attachment=True,
                filename=filename,
                content_type=export.content_type,
            )
    # Spooled to disk past 8 MB: a big workbook never sits whole in memory.
    out = tempfile.SpooledTemporaryFile(max_size=EXPORT_CACHE_MAX_BYTES)  # noqa: SIM115
    export.write(report, out)
    if key and out.tell() <= EXPORT_CACHE_MAX_BYTES:
        out.seek(0)
        caching.cache_set_many({key: out.read()})
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=filename, content_type=export.content_type
    )


@role_required(*EXPORT_ROLES)
def report_evidence(request: HttpRequest, year: int) -> StreamingHttpResponse:
    """The PAR evidence bundle of the period, streamed (every report reader)."""
    report = _report_or_404(request, year)
    report.document_number = _document_number(request)
    filename = export_filename(report, "zip").replace("bao-cao", "minh-chung", 1)
    response = StreamingHttpResponse(
        streamed_in_scope(zip_chunks(report)), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
