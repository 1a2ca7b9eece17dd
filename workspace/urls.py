from __future__ import annotations

from django.urls import path

from . import views, views_team

app_name = "workspace"

urlpatterns = [
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("tasks/<int:task_id>/reports/", views.report_create, name="report_create"),
    path("tasks/<int:task_id>/start/", views.task_start, name="task_start"),
    path("tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path("tasks/<int:task_id>/reopen/", views.task_reopen, name="task_reopen"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path("tasks/<int:task_id>/assign/", views_team.task_assign, name="task_assign"),
    path(
        "tasks/<int:task_id>/comments/", views_team.task_comments, name="task_comments"
    ),
    path("reviews/", views_team.review_list, name="review_list"),
    path("reviews/accept/", views_team.review_accept_many, name="review_accept_many"),
    path(
        "reports/<int:report_id>/review/",
        views_team.report_review,
        name="report_review",
    ),
    path("units/<int:unit_id>/members/", views_team.unit_members, name="unit_members"),
    path(
        "evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"
    ),
    path(
        "evidence/<int:evidence_id>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
]
