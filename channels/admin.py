from __future__ import annotations

from django.contrib import admin

from .models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "output_unit",
        "form",
        "color",
        "order",
        "is_active",
    )
    list_editable = ("order", "is_active")
    list_filter = ("form", "is_active")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
