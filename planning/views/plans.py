"""The plan pages: list, detail, create and edit (with objectives and
themes), status, copy to another year, the signed file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from campaigns.models import Activity, Plan
from campaigns.off_days import copy_off_day_dues, plan_off_day_dues
from campaigns.services import plans as plan_services
from nuithanh_cchc.params import int_param

from .. import selectors, timeline
from ..forms.plans import (
    ObjectiveInlineFormSet,
    PlanCopyForm,
    PlanForm,
    PlanStatusForm,
    ThemeInlineFormSet,
)
from .common import closed_redirect, editors_only, read_only


@read_only
@require_GET
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    plans = selectors.plan_list(today=timezone.localdate())
    return render(request, "planning/plan_list.html", {"plans": plans})


@read_only
@require_GET
def plan_detail(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = selectors.plan_detail(plan_id=plan_id)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc
    today = timezone.localdate()
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "progress": selectors.plan_progress(plan=plan, today=today),
            "history": selectors.plan_history(plan=plan),
            "status_form": PlanStatusForm(),
            "off_day_dues": (
                plan_off_day_dues(plan) if plan.status == Plan.Status.DRAFT else []
            ),
            "today": today,
        },
    )


@read_only
@require_GET
def plan_timeline(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The year at a glance (GET ``group``: ``channel``, the default, or
    ``unit``); printable."""
    plan = get_object_or_404(Plan, pk=plan_id)
    group = request.GET.get("group", timeline.GROUP_CHANNEL)
    if group not in timeline.GROUPS:
        group = timeline.GROUP_CHANNEL
    groups = timeline.plan_timeline(plan=plan, group=group)
    return render(
        request,
        "planning/plan_timeline.html",
        {
            "plan": plan,
            "group": group,
            "groups": groups,
            # Each channel's colour (validated #rrggbb), for the bars.
            "colors": {
                row.activity.channel_id: row.activity.channel.color
                for group_row in groups
                for row in group_row.rows
            },
            "months": range(1, 13),
            "this_month": _this_month(plan),
        },
    )


def _this_month(plan: Plan) -> int | None:
    today = timezone.localdate()
    return today.month if today.year == plan.year else None


def _plan_form_page(
    request: AuthenticatedHttpRequest, plan: Plan | None
) -> HttpResponse:
    organisation = request.organisation
    instance = plan or Plan(
        organisation=organisation,
        issuer=organisation.name,
        year=timezone.localdate().year,
    )
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = PlanForm(data, files, instance=instance)
    objectives = ObjectiveInlineFormSet(data, instance=instance, prefix="objectives")
    themes = ThemeInlineFormSet(data, instance=instance, prefix="themes")
    if request.method == "POST" and all(
        f.is_valid() for f in (form, objectives, themes)
    ):
        try:
            saved = plan_services.plan_save(
                plan=form.save(commit=False),
                user=request.user,
                rows=[*objectives.save(commit=False), *themes.save(commit=False)],
                removed_rows=[*objectives.deleted_objects, *themes.deleted_objects],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(saved)
    return render(
        request,
        "planning/plan_form.html",
        {"form": form, "objectives": objectives, "themes": themes, "plan": plan},
    )


@editors_only
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _plan_form_page(request, None)


@editors_only
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    if plan.is_closed:
        return closed_redirect(request, plan, plan.get_absolute_url())
    return _plan_form_page(request, plan)


@editors_only
@require_POST
def plan_set_status(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    form = PlanStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
        return redirect(plan)
    try:
        summary = plan_services.plan_set_status(
            plan_id=plan.pk,
            status=form.cleaned_data["status"],
            user=request.user,
            shift_off_days=form.cleaned_data["shift_off_days"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(plan)
    plan.refresh_from_db()
    text = _("The plan is now “%(status)s”.") % {"status": plan.get_status_display()}
    if summary.created or summary.changed:
        text = f"{text} {summary.message()}"
    messages.success(request, text)
    return redirect(plan)


@editors_only
@require_http_methods(["GET", "POST"])
def plan_copy(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    form = PlanCopyForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            new_plan = plan_services.plan_copy_to_year(
                plan=plan,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                user=request.user,
                shift_off_days=form.cleaned_data["shift_off_days"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "The %(year)s plan was started as a draft copy. Check its "
                    "activities, then issue it to create the tasks."
                )
                % {"year": new_plan.year},
            )
            return redirect(new_plan)
    year = int_param(
        request.POST or request.GET, "year", min_value=2000, max_value=2100
    )
    return render(
        request,
        "planning/plan_copy.html",
        {
            "plan": plan,
            "form": form,
            "off_day_dues": copy_off_day_dues(plan, year or plan.year + 1),
            "target_year": year or plan.year + 1,
            "activity_count": plan.activities.filter(
                status=Activity.Status.ACTIVE
            ).count(),
        },
    )


@read_only
@require_GET
def plan_signed_file(request: AuthenticatedHttpRequest, plan_id: int) -> FileResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    if not plan.signed_file:
        raise Http404
    return FileResponse(
        plan.signed_file.open("rb"),
        as_attachment=True,
        filename=f"ke-hoach-{plan.year}{_suffix(plan.signed_file.name)}",
    )


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot != -1 else ""
