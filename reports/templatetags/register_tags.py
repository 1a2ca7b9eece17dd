"""The report page's "Ban hành báo cáo" form, shown to who may issue."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils import timezone

from campaigns.policy import can_issue_reports

from ..figures import YearReport
from ..register import IssueForm

register = template.Library()


@register.inclusion_tag("reports/snippets/issue_form.html", takes_context=True)
def issue_report_form(context: dict[str, Any], report: YearReport) -> dict[str, Any]:
    """The form for the report the page shows (its period, as-of day and plan);
    ``?replaces=<id>`` on the page makes it a correction of that report."""
    request = context["request"]
    plan = report.plan
    if plan is None or plan.is_draft or not can_issue_reports(request.user, plan):
        return {"show": False}
    query = {"period": report.period.code, "as_of": report.as_of.isoformat()}
    if len(report.plans) > 1:
        query["plan"] = str(plan.pk)
    replaces = request.GET.get("replaces", "")
    form = IssueForm(
        initial={
            "issued_on": timezone.localdate(),
            "signer_name": report.organisation.signer_name,
            "replaces": replaces if replaces.isdigit() else None,
        }
    )
    return {
        "show": True,
        "form": form,
        "report": report,
        "replaces": replaces if replaces.isdigit() else "",
        "query": "?" + urlencode(query),
    }
