from __future__ import annotations

import secrets
from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from nuithanh_cchc.text import CleanTextMixin

from .names import full_name
from .roles import DISTRICT_ROLES, EDITOR_ROLES, Role

if TYPE_CHECKING:
    from organisation.models import Organisation


class User(CleanTextMixin, AbstractUser):
    """A person who signs in, with roles in one or more organisations: planner,
    unit head or staff, admin, leader (organisation.Membership)."""

    reminder_emails = models.BooleanField(
        _("receive reminder e-mails"),
        default=True,
        help_text=_("In-app notifications are always kept."),
    )
    # The secret of the personal iCal feed (/calendar/feed/<token>.ics); empty
    # until the user asks for the feed, replaced to revoke a shared address.
    calendar_token = models.CharField(
        _("calendar feed token"), max_length=64, blank=True, db_index=True
    )
    # The interface language: Vietnamese for everyone unless the user picks another
    # in the user menu; never taken from the browser (accounts.middleware).
    language = models.CharField(
        _("interface language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="vi",
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # the stubs omit it
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        """Family name first, as Vietnamese write it (accounts.names)."""
        return full_name(self.last_name, self.first_name)

    # Not a field: the organisation the person works in for this request, set
    # by organisation.middleware (or by whoever acts for them); ``roles`` and
    # the pages are that organisation's. ``None``: the first of their own.
    acting_organisation_id: int | None = None

    @cached_property
    def _memberships(self) -> list[tuple[Organisation, str]]:
        """(organisation, role) of every role the person holds, read once per
        instance, in one query (which also tells whether each organisation has
        active children: the navigation offers their roll-up)."""
        from organisation.models import Organisation

        children = Organisation.objects.filter(
            parent=models.OuterRef("organisation_id"), is_active=True
        )
        found = []
        for membership in self.memberships.select_related("organisation").annotate(
            has_children=models.Exists(children)
        ):
            membership.organisation.has_children = membership.has_children
            found.append((membership.organisation, membership.role))
        return found

    @cached_property
    def role_map(self) -> dict[int, frozenset[str]]:
        """The person's roles by organisation pk (organisation.Membership)."""
        found: dict[int, set[str]] = {}
        for organisation, role in self._memberships:
            found.setdefault(organisation.pk, set()).add(role)
        return {pk: frozenset(roles) for pk, roles in found.items()}

    @property
    def organisations(self) -> dict[int, Organisation]:
        """The organisations the person holds a role in, by pk."""
        return {organisation.pk: organisation for organisation, _ in self._memberships}

    @property
    def organisation_ids(self) -> list[int]:
        """The organisations the person holds a role in, oldest first."""
        return sorted(self.role_map)

    @property
    def working_organisation_id(self) -> int | None:
        """The acting organisation, else the first the person works in."""
        if self.acting_organisation_id is not None:
            return self.acting_organisation_id
        return self.organisation_ids[0] if self.role_map else None

    def roles_in(self, organisation_id: int | None) -> frozenset[str]:
        """Roles held in that organisation; an installation operator
        (superuser) counts as its administrator."""
        roles = (
            set(self.role_map.get(organisation_id, ())) if organisation_id else set()
        )
        if self.is_superuser:
            roles.add(Role.ADMIN)
        return frozenset(roles)

    @property
    def roles(self) -> frozenset[str]:
        """Roles in the organisation the person works in now."""
        return self.roles_in(self.working_organisation_id)

    def has_role(self, *roles: str) -> bool:
        return self.is_active and not self.roles.isdisjoint(roles)

    def has_role_in(self, organisation_id: int | None, *roles: str) -> bool:
        return self.is_active and not self.roles_in(organisation_id).isdisjoint(roles)

    @property
    def can_edit_plans(self) -> bool:
        return self.has_role(*EDITOR_ROLES)

    @property
    def sees_whole_district(self) -> bool:
        return self.has_role(*DISTRICT_ROLES)

    @property
    def is_unit_head(self) -> bool:
        return self.has_role(Role.UNIT_HEAD)

    @property
    def is_unit_staff(self) -> bool:
        return self.has_role(Role.UNIT_STAFF)

    @property
    def works_in_units(self) -> bool:
        """Heads and staff: people whose view is their units' tasks."""
        return self.has_role(Role.UNIT_HEAD, Role.UNIT_STAFF)

    @staticmethod
    def new_calendar_token() -> str:
        return secrets.token_urlsafe(32)


class SavedFilter(models.Model):
    """A person's named filter of a list page (its query string), offered on
    that page's filter bar in the organisation it was saved in."""

    class Page(models.TextChoices):
        ACTIVITIES = "activities", _("Activities")
        REVIEWS = "reviews", _("Reports to review")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    page = models.CharField(_("page"), max_length=20, choices=Page.choices)
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("query string"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "organisation", "page", "name"),
                name="saved_filter_name_once",
            )
        ]

    def __str__(self) -> str:
        return self.name
