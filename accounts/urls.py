from __future__ import annotations

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
    path("language/", views.language, name="language"),
]
