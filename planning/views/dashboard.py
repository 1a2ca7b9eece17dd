"""The dashboard: a plan's progress for the district, or a unit's own work
for its head and staff."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from campaigns.reminders import reminder_sweep_status
from campaigns.selectors import plans_visible_to
from nuithanh_cchc.params import int_param

from .. import dashboard as dashboards


@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    if not (user.sees_whole_district or user.works_in_units):
        return render(request, "planning/dashboard_no_role.html")
    plan = dashboards.dashboard_plan(
        plan_id=int_param(request.GET, "plan"), today=today, user=user
    )
    data = dashboards.dashboard(user=user, plan=plan, today=today)
    plans = list(plans_visible_to(user=user)) if user.sees_whole_district else []
    return render(
        request,
        "planning/dashboard.html",
        {
            "data": data,
            "plan": plan,
            "plans": plans,
            "chart_data": data.chart_data(),
            "chart_labels": chart_labels(),
            "district": user.sees_whole_district,
            "sweep_status": reminder_sweep_status() if user.can_edit_plans else None,
            "steps": dashboards.dashboard_first_steps(
                user=user, organisation=request.organisation
            ),
        },
    )


def chart_labels() -> dict[str, object]:
    return {
        "done": _("Done"),
        "overdue": _("Overdue"),
        "ahead": _("Not yet due or in progress"),
        "due": _("Tasks due"),
        "months": [pgettext("short month", "M%(n)s") % {"n": m} for m in range(1, 13)],
    }
