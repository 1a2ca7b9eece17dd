"""The activity pages: list (filtered, sorted, paged), detail, create and
edit (or duplicate), and the live preview of a recurrence's dates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from campaigns.models import Activity, Plan
from campaigns.services import activities as activity_services
from campaigns.workdays import holiday_name, is_working_day
from nuithanh_cchc.params import int_param, parse_int
from organisation.models import Organisation

from .. import audit_trail, selectors
from ..filters import ActivityFilter
from ..forms.activities import ActivityForm, RecurrencePreviewForm
from ..forms.activity_batch import ActivityBatchForm
from ..forms.fields import active_units
from ..recurrence import build_preview
from .common import closed_redirect, editors_only, read_only

PAGE_SIZE = 25


@read_only
@require_GET
def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    queryset = selectors.activity_list_queryset().order_by("start_date", "title", "pk")
    activity_filter = ActivityFilter(request.GET or None, queryset=queryset)
    activities = activity_filter.qs if activity_filter.is_bound else queryset
    if activity_filter.is_bound and not activity_filter.is_valid():
        activities = queryset.none()
    paginator = Paginator(activities, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("ordering", None)
    sort = request.GET.get("ordering", "")
    return render(
        request,
        "planning/activity_list.html",
        {
            "filter": activity_filter,
            "page": page,
            "query": query.urlencode(),
            "sort_links": _sort_links(unsorted.urlencode(), sort),
            "more_filters_used": sum(
                1 for name, value in unsorted.items() if name != "q" and value
            ),
            "batch_form": ActivityBatchForm(),
        },
    )


SORT_COLUMNS = ("title", "channel", "unit", "start", "due", "tasks")


def _sort_links(query: str, current: str) -> dict[str, dict[str, str]]:
    """Each column header's link: ascending, or descending if already ascending."""
    prefix = f"?{query}&" if query else "?"
    links = {}
    for column in SORT_COLUMNS:
        wanted = f"-{column}" if current == column else column
        arrow = {column: "▲", f"-{column}": "▼"}.get(current, "")
        links[column] = {"href": f"{prefix}ordering={wanted}", "arrow": arrow}
    return links


def _unit_kinds() -> dict[str, str]:
    return {str(pk): kind for pk, kind in active_units().values_list("pk", "kind")}


def _activity_form_page(
    request: AuthenticatedHttpRequest, activity: Activity | None
) -> HttpResponse:
    plan = None
    plan_id = int_param(request.POST, "plan") or int_param(request.GET, "plan")
    if activity is None and plan_id:
        plan = Plan.objects.filter(pk=plan_id).first()
    instance = activity or Activity()
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        plan=plan,
        # Read with the person's roles: no query for a commune's form.
        has_children=getattr(request.organisation, "has_children", None),
    )
    if activity is None and request.method == "GET" and "copy" in request.GET:
        _prefill_copy(form, request.GET["copy"])
    if request.method == "POST" and form.is_valid():
        try:
            result = activity_services.activity_save(
                activity=form.save(commit=False),
                audience_groups=form.cleaned_data["audience_groups"],
                objectives=form.cleaned_data["objectives"],
                supporting_units=form.cleaned_data["supporting_units"],
                expected_version=form.cleaned_data.get("version"),
                user=request.user,
                handed_to=form.cleaned_data.get("handed_to"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            text = _("The activity was saved.")
            if result.rescheduled:
                text = f"{text} {result.summary.message()}"
            else:
                unchanged = _(
                    "Its schedule did not change: tasks were left as they are."
                )
                text = f"{text} {unchanged}"
            messages.success(request, text)
            return redirect(result.activity)
    if form.plan is None:
        messages.warning(
            request, _("Create a plan first: every activity belongs to one.")
        )
        return redirect("planning:plan_list")
    return render(
        request,
        "planning/activity_form.html",
        {"form": form, "activity": activity, "unit_kinds": _unit_kinds()},
    )


def _prefill_copy(form: ActivityForm, activity_id: str) -> None:
    """Start a new activity from an existing one ("duplicate")."""
    if parse_int(activity_id, min_value=1) is None:
        return
    source = Activity.objects.filter(pk=activity_id, plan=form.plan).first()
    if source is None:
        return
    copied = ActivityForm(instance=source, has_children=False)
    form.initial.update(
        {
            name: value
            for name, value in copied.initial.items()
            if name not in {"version", "status", "plan"}
        }
    )
    form.initial["title"] = _("%(title)s (copy)") % {"title": source.title}


@editors_only
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _activity_form_page(request, None)


@editors_only
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("plan"), pk=activity_id
    )
    if activity.plan.is_closed:
        return closed_redirect(request, activity.plan, activity.get_absolute_url())
    return _activity_form_page(request, activity)


@read_only
@require_GET
def activity_detail(
    request: AuthenticatedHttpRequest, activity_id: int
) -> HttpResponse:
    try:
        activity = selectors.activity_detail(activity_id=activity_id)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    today = timezone.localdate()
    tasks = selectors.activity_tasks(activity=activity)
    preview = build_preview(
        rule=activity.recurrence,
        start=activity.start_date,
        end=activity.due_date,
        shift_off_days=activity.shift_off_days,
    )
    return render(
        request,
        "planning/activity_detail.html",
        {
            "activity": activity,
            "tasks": tasks,
            "today": today,
            "sentence": preview.sentence,
            "audit": audit_trail.activity_audit_trail(activity=activity),
            "handed_kinds": [
                Organisation.Kind(kind).label
                for kind in activity.handed_kinds
                if kind in Organisation.Kind.values
            ],
        },
    )


@editors_only
@require_GET
def recurrence_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """htmx: the dates the form's recurrence will produce, in words and flagged."""
    form = RecurrencePreviewForm(request.GET)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        preview = build_preview(
            rule=form.recurrence_rule(),
            start=data["start_date"],
            end=data["due_date"],
            shift_off_days=data["shift_off_days"],
        )
        units = form.unit_count()
        due = data["due_date"]
        context.update(
            preview=preview,
            units=units,
            task_count=preview.count * units,
            due_holiday=holiday_name(due),
            due_weekend=not is_working_day(due),
            one_off=not form.recurrence_rule(),
            editing=data.get("version") is not None,
        )
    return render(request, "planning/snippets/recurrence_preview.html", context)
