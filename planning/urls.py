from __future__ import annotations

from django.urls import path

from .views import (
    activities,
    activity_batches,
    calendar,
    dashboard,
    plan_import,
    plans,
)

app_name = "planning"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/timeline/", plans.plan_timeline, name="plan_timeline"),
    path("plans/<int:plan_id>/status/", plans.plan_set_status, name="plan_status"),
    path("plans/<int:plan_id>/copy/", plans.plan_copy, name="plan_copy"),
    path(
        "plans/<int:plan_id>/signed-file/",
        plans.plan_signed_file,
        name="plan_signed_file",
    ),
    path("plans/<int:plan_id>/import", plan_import.plan_import, name="plan_import"),
    path("plans/<int:plan_id>/import/", plan_import.plan_import),
    path(
        "plans/<int:plan_id>/import/template.xlsx",
        plan_import.plan_import_template,
        name="plan_import_template",
    ),
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/batch/", activity_batches.activity_batch, name="activity_batch"),
    path(
        "activities/preview/", activities.recurrence_preview, name="recurrence_preview"
    ),
    path(
        "activities/<int:activity_id>/",
        activities.activity_detail,
        name="activity_detail",
    ),
    path(
        "activities/<int:activity_id>/edit/",
        activities.activity_edit,
        name="activity_edit",
    ),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/events.json", calendar.calendar_events, name="calendar_events"),
    path(
        "calendar/holidays.json", calendar.calendar_holidays, name="calendar_holidays"
    ),
    path("calendar/move/", calendar.calendar_move, name="calendar_move"),
]
