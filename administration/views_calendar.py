"""The organisation's official calendar: the year's days off and make-up working
days, as the ``holidays`` package and the Government's decisions state them,
and the decisions the administrator adds, changes and removes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from campaigns import workdays
from campaigns.models import OfficialDay
from campaigns.services import calendar as calendar_services
from nuithanh_cchc.params import int_param

from .forms import OfficialDayForm
from .views import admin_only, form_page

YEAR_MIN, YEAR_MAX = 2000, 2100


@dataclass(frozen=True)
class CalendarLine:
    """A day of the year that is not an ordinary weekday or weekend day."""

    date: dt.date
    is_working: bool
    name: str
    row: OfficialDay | None  # the decision that sets it, when one does
    own: bool  # the organisation's own decision (it may change it)


def _lines(request: AuthenticatedHttpRequest, year: int) -> list[CalendarLine]:
    rows = {
        row.date: row
        for row in OfficialDay.objects.filter(
            organisation__isnull=True, date__year=year
        )
    }
    rows.update(
        {
            row.date: row
            for row in OfficialDay.objects.filter(
                organisation=request.organisation, date__year=year
            )
        }
    )
    calendar = workdays.year_calendar(year)
    days = {
        day: (False, name)
        for day, name in calendar.days_off.items()
        if day.year == year
    }
    days.update({day: (True, name) for day, name in calendar.working_days.items()})
    return [
        CalendarLine(
            date=day,
            is_working=is_working,
            name=name or (rows[day].name if day in rows else ""),
            row=rows.get(day),
            own=day in rows and rows[day].organisation_id is not None,
        )
        for day, (is_working, name) in sorted(days.items())
    ]


@admin_only
@require_http_methods(["GET", "HEAD"])
def official_days(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = int_param(request.GET, "year", min_value=YEAR_MIN, max_value=YEAR_MAX) or (
        timezone.localdate().year
    )
    return render(
        request,
        "administration/official_days.html",
        {"year": year, "lines": _lines(request, year)},
    )


@admin_only
@require_http_methods(["GET", "HEAD", "POST"])
def official_day_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return form_page(
        request,
        form=OfficialDayForm(request.POST or None),
        save=lambda data: calendar_services.official_day_create(
            user=request.user, organisation=request.organisation, data=data
        ),
        template="administration/official_day_form.html",
        done=_("The day is added to the calendar."),
        then="administration:official_days",
    )


def _own(request: AuthenticatedHttpRequest, day_id: int) -> OfficialDay:
    return get_object_or_404(OfficialDay, pk=day_id, organisation=request.organisation)


@admin_only
@require_http_methods(["GET", "HEAD", "POST"])
def official_day_edit(request: AuthenticatedHttpRequest, day_id: int) -> HttpResponse:
    day = _own(request, day_id)
    return form_page(
        request,
        form=OfficialDayForm(request.POST or None, instance=day),
        save=lambda data: calendar_services.official_day_update(
            user=request.user, day=day, data=data
        ),
        template="administration/official_day_form.html",
        done=_("The day is saved."),
        then="administration:official_days",
        context={"item": day},
    )


@admin_only
@require_POST
def official_day_delete(request: AuthenticatedHttpRequest, day_id: int) -> HttpResponse:
    day = _own(request, day_id)
    year = day.date.year
    calendar_services.official_day_delete(user=request.user, day=day)
    messages.success(request, _("The day is removed from the calendar."))
    return redirect(f"{reverse('administration:official_days')}?year={year}")
