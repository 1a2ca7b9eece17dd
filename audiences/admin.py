from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import AudienceGroup
from .services import audience_groups_delete


@admin.register(AudienceGroup)
class AudienceGroupAdmin(admin.ModelAdmin):
    """A catalogue, edited here; a deletion drops the groups' progress counters
    (:func:`audiences.services.audience_groups_delete`)."""

    list_display = ("name", "code", "order")
    list_editable = ("order",)
    search_fields = ("name", "code", "description")
    prepopulated_fields = {"code": ("name",)}

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audience_groups_delete(groups=AudienceGroup.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        audience_groups_delete(groups=queryset)
