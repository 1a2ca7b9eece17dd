from __future__ import annotations

from django.urls import path

from . import views, views_calendar, views_people

app_name = "administration"

urlpatterns = [
    path("", views.index, name="index"),
    path("profile/", views.profile, name="profile"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("people/", views_people.people, name="people"),
    path("people/<int:member_id>/", views_people.person, name="person"),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/new/", views.channel_create, name="channel_create"),
    path("channels/<int:channel_id>/", views.channel_edit, name="channel_edit"),
    path("audiences/", views.audience_list, name="audience_list"),
    path("audiences/new/", views.audience_create, name="audience_create"),
    path("audiences/<int:group_id>/", views.audience_edit, name="audience_edit"),
    path("calendar/", views_calendar.official_days, name="official_days"),
    path(
        "calendar/new/",
        views_calendar.official_day_create,
        name="official_day_create",
    ),
    path(
        "calendar/<int:day_id>/",
        views_calendar.official_day_edit,
        name="official_day_edit",
    ),
    path(
        "calendar/<int:day_id>/delete/",
        views_calendar.official_day_delete,
        name="official_day_delete",
    ),
    path("organisations/", views_people.organisation_list, name="organisation_list"),
    path(
        "organisations/new/",
        views_people.organisation_create,
        name="organisation_create",
    ),
]
