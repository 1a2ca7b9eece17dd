from __future__ import annotations

from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("tasks/<int:task_id>/", views.task_detail, name="task_detail"),
]
