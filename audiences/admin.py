from __future__ import annotations

from django.contrib import admin

from .models import AudienceGroup


@admin.register(AudienceGroup)
class AudienceGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)
    search_fields = ("name", "code", "description")
    prepopulated_fields = {"code": ("name",)}
