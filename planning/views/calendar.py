"""The calendar: its page, FullCalendar's feeds of occurrences or activity
spans and of holidays, and a drag that moves an occurrence or an activity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from campaigns.models import Activity, Plan, Unit
from campaigns.selectors import plans_visible_to
from campaigns.services import activities as activity_services
from campaigns.workdays import holiday_name, is_working_day

from .. import calendar_feed, selectors
from .. import dashboard as dashboards
from ..forms.calendar import CalendarFilterForm, MoveForm
from .common import editors_only, read_only


@read_only
@require_GET
def calendar_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None, user=request.user)
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
            "plans": plans_visible_to(user=request.user),
            "units": Unit.objects.order_by("order", "name"),
            "channels": selectors.Channel.objects.all(),
            "default_plan": default_plan,
        },
    )


def _calendar_filters(request: AuthenticatedHttpRequest) -> CalendarFilterForm:
    form = CalendarFilterForm(request.GET, user=request.user)
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
def calendar_events(request: AuthenticatedHttpRequest) -> JsonResponse:
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


def _activity_event(row: Mapping[str, Any], can_edit: bool, url: str) -> dict[str, Any]:
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
def calendar_holidays(request: AuthenticatedHttpRequest) -> JsonResponse:
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
def calendar_move(request: AuthenticatedHttpRequest) -> JsonResponse:
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
