from __future__ import annotations

from django.urls import path

from . import views, views_filters

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
    path("calendar-feed/", views.calendar_feed_token, name="calendar_feed_token"),
    path("language/", views.language, name="language"),
    path(
        "filters/save/",
        views_filters.saved_filter_create,
        name="saved_filter_create",
    ),
    path(
        "filters/<int:filter_id>/delete/",
        views_filters.saved_filter_remove,
        name="saved_filter_remove",
    ),
]
