from __future__ import annotations

from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path(
        "activities/<int:activity_id>/", views.activity_detail, name="activity_detail"
    ),
]
