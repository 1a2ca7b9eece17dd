from __future__ import annotations

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
    actions = ["unlock_login"]

    @admin.action(
        description=_("Unlock log-in (clear failed attempts)"),
        permissions=["change"],
    )
    def unlock_login(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        cleared = sum(axes_reset(username=user.username) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "Cleared %(count)d failed log-in record; the users can log in again.",
                "Cleared %(count)d failed log-in records; the users can log in again.",
                cleared,
            )
            % {"count": cleared},
            messages.SUCCESS,
        )
