from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "get_full_name",
        "email",
        "is_active",
        "reminder_emails",
        "last_login",
    )
    list_filter = ("groups", "is_active", "is_staff", "reminder_emails")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Reminders"), {"fields": ("reminder_emails",)}),
    )
