"""The installation's operators (superusers) manage organisations and
memberships here; each organisation's own admin works on the app's pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation
from .services import organisation_catalogues_seed


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("parent",)
    inlines = (MembershipInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "parent",
                    "parent_name",
                    "name",
                    "short_name",
                    "place",
                    "is_active",
                )
            },
        ),
        (
            _("Reports"),
            {
                "fields": (
                    "document_symbol",
                    "signer_title",
                    "signer_name",
                    "recipients",
                )
            },
        ),
        (_("E-mail"), {"fields": ("email_sender_name",)}),
    )

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: Any, change: bool
    ) -> None:
        """A new organisation starts with the default catalogues, as one
        created on the app's pages does."""
        super().save_model(request, obj, form, change)
        if not change:
            organisation_catalogues_seed(organisation=obj)
