from __future__ import annotations

from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/status/", views.plan_set_status, name="plan_status"),
    path("plans/<int:plan_id>/copy/", views.plan_copy, name="plan_copy"),
    path(
        "plans/<int:plan_id>/signed-file/",
        views.plan_signed_file,
        name="plan_signed_file",
    ),
    path("plans/<int:plan_id>/import", views.plan_import, name="plan_import"),
    path("plans/<int:plan_id>/import/", views.plan_import),
    path(
        "plans/<int:plan_id>/import/template.xlsx",
        views.plan_import_template,
        name="plan_import_template",
    ),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/preview/", views.recurrence_preview, name="recurrence_preview"),
    path(
        "activities/<int:activity_id>/", views.activity_detail, name="activity_detail"
    ),
    path(
        "activities/<int:activity_id>/edit/",
        views.activity_edit,
        name="activity_edit",
    ),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/events.json", views.calendar_events, name="calendar_events"),
    path("calendar/holidays.json", views.calendar_holidays, name="calendar_holidays"),
    path("calendar/move/", views.calendar_move, name="calendar_move"),
]
