from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import User

# Django stores a permission's name in English when it migrates ("Can add task"):
# the admin shows it rebuilt from the translated model name instead.
DEFAULT_PERMISSION_NAMES = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """``"<app> | <model> | <action>"`` in the active language."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    default = DEFAULT_PERMISSION_NAMES.get(action)
    if model is not None and default and model_name == model._meta.model_name:
        name = default % {"model": model._meta.verbose_name}
        return f"{permission.content_type} | {name}"
    return f"{permission.content_type} | {gettext(permission.name)}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:
        return permission_label(obj)


class TranslatedPermissionsMixin(admin.ModelAdmin[Any]):
    """Permission pickers (users, groups) with translated permission names."""

    def formfield_for_manytomany(
        self,
        db_field: models.ManyToManyField[Any, Any],
        request: HttpRequest,
        **kwargs: Any,
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.remote_field.model is Permission:
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(TranslatedPermissionsMixin, BaseUserAdmin):
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
        *(BaseUserAdmin.fieldsets or ()),
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
