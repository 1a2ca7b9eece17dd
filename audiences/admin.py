from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from campaigns.tallies import tallies_forget_audience_groups

from .models import AudienceGroup


@admin.register(AudienceGroup)
class AudienceGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)
    search_fields = ("name", "code", "description")
    prepopulated_fields = {"code": ("name",)}

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        """Bulk delete, with the groups' progress counters (as Model.delete)."""
        with transaction.atomic():
            tallies_forget_audience_groups(queryset.values_list("pk", flat=True))
            super().delete_queryset(request, queryset)
