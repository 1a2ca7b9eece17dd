from __future__ import annotations

from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("tasks/<int:task_id>/reports/", views.report_create, name="report_create"),
    path("tasks/<int:task_id>/start/", views.task_start, name="task_start"),
    path("tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path("tasks/<int:task_id>/reopen/", views.task_reopen, name="task_reopen"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path(
        "evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"
    ),
    path(
        "evidence/<int:evidence_id>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
]
