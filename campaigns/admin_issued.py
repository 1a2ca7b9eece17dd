"""The register of issued reports in the operators' admin: read only. An
issued report is a record; nothing adds, changes or deletes one here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import IssuedReport, IssuedReportFile


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False


class IssuedReportFileInline(_ReadOnly, admin.TabularInline[IssuedReportFile, Any]):
    model = IssuedReportFile
    fields = ("kind", "filename", "size", "sha256")
    readonly_fields = fields
    extra = 0


@admin.register(IssuedReport)
class IssuedReportAdmin(_ReadOnly, admin.ModelAdmin[IssuedReport]):
    list_display = (
        "__str__",
        "organisation",
        "year",
        "period",
        "as_of",
        "signer_name",
        "version",
    )
    list_filter = ("organisation", "year")
    inlines = (IssuedReportFileInline,)
    readonly_fields = [
        field.name for field in IssuedReport._meta.get_fields() if field.concrete
    ]
