from __future__ import annotations

from django.urls import path

from . import province, views, views_register

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_index, name="index"),
    path("reports/<int:year>/", views.report_year, name="year"),
    path("reports/<int:year>/evidence.zip", views.report_evidence, name="evidence"),
    path(
        "reports/<int:year>/export.<str:fmt>",
        views.report_export,
        name="export",
    ),
    path(
        "reports/<int:year>/issue/",
        views_register.report_issue_view,
        name="issue",
    ),
    path("reports/register/", views_register.register_page, name="register"),
    path(
        "reports/register/<int:issued_id>/<str:kind>/",
        views_register.register_file,
        name="register_file",
    ),
    path("province/", province.rollup_page, name="rollup"),
    path("province/export.xlsx", province.rollup_export, name="rollup_export"),
    path("province/<int:child_id>/", province.rollup_child, name="rollup_child"),
]
