"""Views of the planning workspace: short, typed, one service call each.

Reading is for the district roles (planner, admin, leader); writing for the
editors (planner, admin). A unit head gets 403 on every page here except the
dashboard, which shows them their own units' work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import DISTRICT_ROLES, EDITOR_ROLES
from campaigns.models import Activity, Plan, Unit
from campaigns.reminders import reminder_sweep_status
from campaigns.services import activities as activity_services
from campaigns.services import plans as plan_services
from campaigns.workdays import holiday_name, is_working_day
from nuithanh_cchc.params import int_param, parse_int

from . import audit_trail, calendar_feed, importing, selectors
from . import dashboard as dashboards
from .filters import ActivityFilter
from .forms import (
    ActivityForm,
    CalendarFilterForm,
    ImportOptionsForm,
    ImportUploadForm,
    MoveForm,
    ObjectiveInlineFormSet,
    PlanCopyForm,
    PlanForm,
    PlanStatusForm,
    RecurrencePreviewForm,
    ThemeInlineFormSet,
    active_units,
)
from .importing.report import counts_line
from .recurrence import build_preview

read_only = role_required(*DISTRICT_ROLES)
editors_only = role_required(*EDITOR_ROLES)
PAGE_SIZE = 25


def _closed_redirect(request: HttpRequest, plan: Plan, target: str) -> HttpResponse:
    messages.error(
        request,
        _("The plan “%(plan)s” is closed: it can no longer change.")
        % {"plan": plan.title},
    )
    return redirect(target)


# --- dashboard ---------------------------------------------------------------


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    if not (user.sees_whole_district or user.works_in_units):
        return render(request, "planning/dashboard_no_role.html")
    plan = dashboards.dashboard_plan(
        plan_id=int_param(request.GET, "plan"), today=today, user=user
    )
    data = dashboards.dashboard(user=user, plan=plan, today=today)
    plans = list(Plan.objects.order_by("-year")) if user.sees_whole_district else []
    return render(
        request,
        "planning/dashboard.html",
        {
            "data": data,
            "plan": plan,
            "plans": plans,
            "chart_data": data.chart_data(),
            "chart_labels": _chart_labels(),
            "district": user.sees_whole_district,
            "sweep_status": reminder_sweep_status() if user.can_edit_plans else None,
        },
    )


def _chart_labels() -> dict[str, object]:
    return {
        "done": _("Done"),
        "overdue": _("Overdue"),
        "ahead": _("Not yet due or in progress"),
        "due": _("Tasks due"),
        "months": [pgettext("short month", "M%(n)s") % {"n": m} for m in range(1, 13)],
    }


# --- plans -------------------------------------------------------------------


@read_only
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plan_list(today=timezone.localdate())
    return render(request, "planning/plan_list.html", {"plans": plans})


@read_only
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
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
            "today": today,
        },
    )


def _plan_form_page(request: HttpRequest, plan: Plan | None) -> HttpResponse:
    instance = plan or Plan(year=timezone.localdate().year)
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
def plan_create(request: HttpRequest) -> HttpResponse:
    return _plan_form_page(request, None)


@editors_only
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    if plan.is_closed:
        return _closed_redirect(request, plan, plan.get_absolute_url())
    return _plan_form_page(request, plan)


@editors_only
@require_POST
def plan_set_status(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    form = PlanStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
        return redirect(plan)
    try:
        summary = plan_services.plan_set_status(
            plan_id=plan.pk, status=form.cleaned_data["status"], user=request.user
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
def plan_copy(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    form = PlanCopyForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            new_plan = plan_services.plan_copy_to_year(
                plan=plan,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                user=request.user,
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
    return render(
        request,
        "planning/plan_copy.html",
        {
            "plan": plan,
            "form": form,
            "activity_count": plan.activities.filter(
                status=Activity.Status.ACTIVE
            ).count(),
        },
    )


@read_only
@require_GET
def plan_signed_file(request: HttpRequest, plan_id: int) -> FileResponse:
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


# --- import ------------------------------------------------------------------


@editors_only
@require_GET
def plan_import_template(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    content = importing.template_workbook(plan=plan)
    response = HttpResponse(content, content_type=importing.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="mau-nhap-hoat-dong-{plan.year}.xlsx"'
    )
    return response


SESSION_IMPORT_KEY = "planning_import"


def _import_page(
    request: HttpRequest,
    plan: Plan,
    form: ImportUploadForm,
    preview: importing.ImportPreview | None = None,
    options_form: ImportOptionsForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "planning/plan_import.html",
        {
            "plan": plan,
            "form": form,
            "preview": preview,
            "options_form": options_form or ImportOptionsForm(plan=plan),
        },
    )


@editors_only
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Upload → preview of every row as read → (choices, check again) → save."""
    plan = get_object_or_404(Plan, pk=plan_id)
    if plan.is_closed:
        return _closed_redirect(request, plan, plan.get_absolute_url())
    if request.method == "GET":
        return _import_page(request, plan, ImportUploadForm())
    if "confirm" in request.POST or "recheck" in request.POST:
        return _import_stored(request, plan, save="confirm" in request.POST)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, plan, form)
    upload = form.cleaned_data["file"]
    table = form.cleaned_data.get("table")
    try:
        read = importing.read_file(
            upload, upload.name, table=table - 1 if table else None
        )
    except ValidationError as exc:
        form.add_error("file", exc)
        return _import_page(request, plan, form)
    request.session[SESSION_IMPORT_KEY] = {
        "plan": plan.pk,
        "name": upload.name,
        "read": read.to_json(),
    }
    options_form = ImportOptionsForm({}, plan=plan)
    preview = importing.validate_rows(
        plan=plan, read=read, options=options_form.to_options()
    )
    return _import_page(request, plan, ImportUploadForm(), preview, options_form)


def _import_stored(request: HttpRequest, plan: Plan, *, save: bool) -> HttpResponse:
    stored = request.session.get(SESSION_IMPORT_KEY)
    if not stored or stored.get("plan") != plan.pk:
        messages.error(request, _("Upload the file again: the preview has expired."))
        return redirect("planning:plan_import", plan_id=plan.pk)
    read = importing.ReadResult.from_json(stored["read"])
    options_form = ImportOptionsForm(request.POST, plan=plan)
    options = options_form.to_options()
    if not save or not options_form.is_valid():
        preview = importing.validate_rows(plan=plan, read=read, options=options)
        return _import_page(request, plan, ImportUploadForm(), preview, options_form)
    try:
        result = importing.import_rows(
            plan=plan, read=read, options=options, user=request.user
        )
    except importing.ImportInvalid as exc:
        messages.error(
            request,
            _("The file is no longer valid against the plan; nothing was saved."),
        )
        return _import_page(
            request, plan, ImportUploadForm(), exc.preview, options_form
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(plan)
    del request.session[SESSION_IMPORT_KEY]
    messages.success(
        request,
        _("%(count)s activities imported from %(name)s.")
        % {"count": len(result.activities), "name": stored["name"]}
        + " "
        + result.summary.message()
        + " "
        + counts_line(result.preview),
    )
    return redirect(reverse("planning:activity_list") + f"?plan={plan.pk}")


# --- activities --------------------------------------------------------------


@read_only
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
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
    request: HttpRequest, activity: Activity | None
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
    copied = ActivityForm(instance=source)
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
def activity_create(request: HttpRequest) -> HttpResponse:
    return _activity_form_page(request, None)


@editors_only
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("plan"), pk=activity_id
    )
    if activity.plan.is_closed:
        return _closed_redirect(request, activity.plan, activity.get_absolute_url())
    return _activity_form_page(request, activity)


@read_only
@require_GET
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
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
        },
    )


@editors_only
@require_GET
def recurrence_preview(request: HttpRequest) -> HttpResponse:
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


# --- calendar ----------------------------------------------------------------


@read_only
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None)
    form.is_valid()
    plan = form.cleaned_data.get("plan") if form.is_bound else None
    today = timezone.localdate()
    default_plan = plan or dashboards.dashboard_plan(
        plan_id=None, today=today, user=request.user
    )
    initial_date = today
    if default_plan and default_plan.year != today.year:
        initial_date = dt.date(default_plan.year, 1, 1)
    config = {
        "eventsUrl": reverse("planning:calendar_events"),
        "holidaysUrl": reverse("planning:calendar_holidays"),
        "moveUrl": reverse("planning:calendar_move"),
        "canEdit": request.user.can_edit_plans,
        "initialDate": initial_date.isoformat(),
        "plan": default_plan.pk if default_plan else None,
        # The feed's items a day and its summary item: FullCalendar hides none.
        "dayMaxEvents": calendar_feed.CALENDAR_DAY_LIMIT + 1,
        "messages": {
            "confirmOffDay": _(
                "%(day)s is a weekend day or a public holiday. Move anyway?"
            ),
            "failed": _("The change was refused."),
            "moved": _("Moved."),
            "units": _("units"),
            "done": _("done"),
            "overdue": _("overdue"),
        },
    }
    return render(
        request,
        "planning/calendar.html",
        {
            "form": form,
            "config": config,
            "plans": Plan.objects.order_by("-year"),
            "units": Unit.objects.order_by("order", "name"),
            "channels": selectors.Channel.objects.all(),
            "default_plan": default_plan,
        },
    )


def _calendar_filters(request: HttpRequest) -> CalendarFilterForm:
    form = CalendarFilterForm(request.GET)
    if not form.is_valid():
        return form
    if not form.cleaned_data.get("start") or not form.cleaned_data.get("end"):
        form.add_error(None, _("Give a start and an end (YYYY-MM-DD)."))
    return form


def _json_error(form_or_message: Any, status: int = 400) -> JsonResponse:
    if isinstance(form_or_message, str):
        message = form_or_message
    else:
        message = " ".join(
            str(error) for errors in form_or_message.errors.values() for error in errors
        )
    return JsonResponse({"ok": False, "error": message}, status=status)


@read_only
@require_GET
def calendar_events(request: HttpRequest) -> JsonResponse:
    """FullCalendar's feed: occurrences (default) or activity spans."""
    form = _calendar_filters(request)
    if form.errors:
        return _json_error(form)
    data = form.cleaned_data
    today = timezone.localdate()
    can_edit = request.user.can_edit_plans
    filters = {
        "start": data["start"],
        "end": data["end"],
        "plan": data.get("plan"),
        "unit": data.get("unit"),
        "channel": data.get("channel"),
    }
    url = _activity_url()
    if data.get("mode") == "activities":
        events = [
            _activity_event(row, can_edit, url)
            for row in calendar_feed.calendar_activities(**filters)
        ]
    else:
        unit_id = filters["unit"].pk if filters["unit"] else None
        more_url = _day_list_url(filters)
        events = []
        days = calendar_feed.calendar_occurrences(
            **filters, today=today, user=request.user
        )
        for day in days:
            events += [
                _occurrence_event(row, can_edit, unit_id, url, rank)
                for rank, row in enumerate(day.shown)
            ]
            if day.hidden > 0:
                events.append(_more_event(day, more_url))
    return JsonResponse(events, safe=False)


def _day_list_url(filters: dict[str, Any]) -> str:
    """The activity list with the feed's filters and ``day=`` left to fill in:
    built once per feed."""
    query = urlencode(
        {
            name: filters[name].pk
            for name in ("plan", "unit", "channel")
            if filters[name]
        }
    )
    prefix = reverse("planning:activity_list") + "?"
    return f"{prefix}{query}&day=" if query else f"{prefix}day="


def _more_event(day: calendar_feed.CalendarDay, list_url: str) -> dict[str, Any]:
    """The day's summary item: how many occurrences were left out, linking to
    the day's activity list; after the shown ones (``rank``)."""
    count = day.hidden
    iso = day.day.isoformat()
    return {
        "id": f"more:{iso}",
        "title": ngettext(
            "+ %(count)d more activity", "+ %(count)d more activities", count
        )
        % {"count": count},
        "start": iso,
        "allDay": True,
        "editable": False,
        "classNames": ["cchc-event", "cchc-event-more"],
        "url": list_url + iso,
        "extendedProps": {"kind": "more", "count": count, "rank": len(day.shown)},
    }


def _activity_url() -> str:
    """The activity page's address with ``{}`` for the id: reversed once per
    feed, not once per event (reverse() was a third of the feed's time)."""
    return reverse("planning:activity_detail", args=[0]).replace("/0/", "/{}/")


def _occurrence_event(
    row: dict[str, Any], can_edit: bool, unit_id: int | None, url: str, rank: int
) -> dict[str, Any]:
    movable = (
        can_edit
        and row["plan_status"] != Plan.Status.CLOSED
        and row["done"] == 0
        and not row["reported"]
    )
    title = row["title"]
    if row["units"] == 1:
        title = f"{title} · {row['unit_name']}"
    classes = ["cchc-event"]
    if row["overdue"]:
        classes.append("cchc-event-overdue")
    if row["done"] == row["units"]:
        classes.append("cchc-event-done")
    return {
        "id": f"{row['activity_id']}:{row['due_date']:%Y-%m-%d}",
        "title": title,
        "start": row["due_date"].isoformat(),
        "allDay": True,
        "backgroundColor": row["color"],
        "borderColor": row["color"],
        "editable": movable,
        "classNames": classes,
        "url": url.format(row["activity_id"]),
        "extendedProps": {
            "kind": "occurrence",
            "activity": row["activity_id"],
            "date": row["due_date"].isoformat(),
            "unit": unit_id,
            "units": row["units"],
            "done": row["done"],
            "overdue": row["overdue"],
            "channel": row["channel_name"],
            "rank": rank,
        },
    }


def _activity_event(row: dict[str, Any], can_edit: bool, url: str) -> dict[str, Any]:
    movable = (
        can_edit
        and row["plan_status"] != Plan.Status.CLOSED
        and not row["recurrence"].strip()
        and row["status"] == Activity.Status.ACTIVE
    )
    return {
        "id": f"activity:{row['pk']}",
        "title": f"{row['title']} · {row['lead_name']}",
        "start": row["start_date"].isoformat(),
        "end": (row["due_date"] + dt.timedelta(days=1)).isoformat(),
        "allDay": True,
        "backgroundColor": row["color"],
        "borderColor": row["color"],
        "editable": movable,
        "durationEditable": False,
        "classNames": ["cchc-event"]
        + (["cchc-event-cancelled"] if row["status"] != Activity.Status.ACTIVE else []),
        "url": url.format(row["pk"]),
        "extendedProps": {
            "kind": "activity",
            "activity": row["pk"],
            "channel": row["channel_name"],
        },
    }


@read_only
@require_GET
def calendar_holidays(request: HttpRequest) -> JsonResponse:
    form = _calendar_filters(request)
    if form.errors:
        return _json_error(form)
    data = form.cleaned_data
    events = [
        {
            "start": day.isoformat(),
            "allDay": True,
            "title": name,
            "display": "background",
            "classNames": ["cchc-holiday"],
            "extendedProps": {"kind": "holiday"},
        }
        for day, name in calendar_feed.holiday_events(
            start=data["start"], end=data["end"]
        )
    ]
    events += [
        {
            "start": day.isoformat(),
            "allDay": True,
            "title": _("Make-up working day"),
            "display": "background",
            "classNames": ["cchc-workday"],
            "extendedProps": {"kind": "workday"},
        }
        for day in calendar_feed.makeup_workday_events(
            start=data["start"], end=data["end"]
        )
    ]
    return JsonResponse(events, safe=False)


@editors_only
@require_POST
def calendar_move(request: HttpRequest) -> JsonResponse:
    """A drag on the calendar, checked again here: never trust the client."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _json_error(form)
    data = form.cleaned_data
    try:
        if data["kind"] == "activity":
            result = activity_services.activity_move(
                activity_id=data["activity"],
                to_start=data["to_date"],
                user=request.user,
            )
        else:
            result = activity_services.occurrence_move(
                activity_id=data["activity"],
                from_date=data["from_date"],
                to_date=data["to_date"],
                unit_id=data.get("unit"),
                user=request.user,
            )
    except Activity.DoesNotExist:
        return _json_error(_("This activity no longer exists."), status=404)
    except ValidationError as exc:
        status = 409 if exc.code in {"plan_closed", "done", "reported"} else 400
        return _json_error(" ".join(exc.messages), status=status)
    warning = ""
    holiday = holiday_name(result.to_date)
    if holiday:
        warning = _("%(day)s is a public holiday (%(name)s).") % {
            "day": f"{result.to_date:%d/%m/%Y}",
            "name": holiday,
        }
    elif not is_working_day(result.to_date):
        warning = _("%(day)s is a weekend day.") % {"day": f"{result.to_date:%d/%m/%Y}"}
    return JsonResponse(
        {
            "ok": True,
            "moved": result.moved,
            "date": result.to_date.isoformat(),
            "message": _("%(count)s task(s) moved to %(day)s.")
            % {"count": result.moved, "day": f"{result.to_date:%d/%m/%Y}"},
            "warning": warning,
        }
    )
