from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import PROFILE_PK, OrganisationProfile


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(admin.ModelAdmin):
    """One profile per installation: the list opens the profile itself."""

    fieldsets = (
        (None, {"fields": ("parent_name", "name", "short_name", "place")}),
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not OrganisationProfile.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponseRedirect:
        if OrganisationProfile.objects.filter(pk=PROFILE_PK).exists():
            url = "admin:organisation_organisationprofile_change"
            return HttpResponseRedirect(reverse(url, args=[PROFILE_PK]))
        return HttpResponseRedirect(
            reverse("admin:organisation_organisationprofile_add")
        )
