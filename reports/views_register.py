"""The register of issued reports: issuing the report on the page (POST from
its "Ban hành báo cáo" form), the register's page and the issued files, served
as they were stored. Another organisation's report is a 404 (scoped reads)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.roles import DISTRICT_ROLES
from campaigns.models import IssuedReport, IssuedReportFile
from campaigns.policy import can_issue_reports

from .periods import PeriodCode
from .register import IssueForm, report_issue
from .views import _report_or_404

# The files in the order an office reads them: the document, then the workbook.
KINDS = IssuedReportFile.Kind.values


def _back_to_report(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    query = {
        key: request.GET[key]
        for key in ("period", "as_of", "plan")
        if key in request.GET
    }
    if request.POST.get("replaces"):
        query["replaces"] = request.POST["replaces"]
    url = reverse("reports:year", args=[year])
    return redirect(f"{url}?{urlencode(query)}#issue-report" if query else url)


@role_required(*DISTRICT_ROLES)
@require_POST
def report_issue_view(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """Issue the report the page shows (``?period=&as_of=&plan=``)."""
    report = _report_or_404(request, year)
    if report.plan is None or not can_issue_reports(request.user, report.plan):
        raise PermissionDenied
    form = IssueForm(request.POST, as_of=report.as_of)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back_to_report(request, year)
    replaces = None
    if form.cleaned_data.get("replaces"):
        replaces = get_object_or_404(IssuedReport, pk=form.cleaned_data["replaces"])
    try:
        issued = report_issue(
            actor=request.user, report=report, facts=form.facts(), replaces=replaces
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back_to_report(request, year)
    messages.success(
        request,
        _("Report No. %(reference)s is issued and kept in the register.")
        % {"reference": issued.reference},
    )
    return redirect("reports:register")


@role_required(*DISTRICT_ROLES)
def register_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every report the organisation issued, newest first, with its files."""
    issued = (
        IssuedReport.objects.select_related("plan", "replaces", "issued_by")
        .prefetch_related("files")
        .order_by("-issued_on", "-pk")
    )
    replaced = set(
        IssuedReport.objects.filter(replaces__isnull=False).values_list(
            "replaces_id", flat=True
        )
    )
    rows = [
        {
            "report": item,
            "files": sorted(item.files.all(), key=lambda f: KINDS.index(f.kind)),
            "period": PeriodCode(item.period).label,
            "replaced": item.pk in replaced,
            "can_correct": item.pk not in replaced
            and can_issue_reports(request.user, item.plan),
        }
        for item in issued
    ]
    return render(request, "reports/register.html", {"rows": rows})


@role_required(*DISTRICT_ROLES)
def register_file(
    request: AuthenticatedHttpRequest, issued_id: int, kind: str
) -> FileResponse:
    """One issued file, the bytes as stored when the report was issued."""
    if kind not in IssuedReportFile.Kind.values:
        raise Http404
    stored = get_object_or_404(IssuedReportFile, report_id=issued_id, kind=kind)
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.filename
    )
