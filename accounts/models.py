from __future__ import annotations

import secrets
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from nuithanh_cchc.text import CleanTextMixin

from .roles import DISTRICT_ROLES, EDITOR_ROLES, Role


class User(CleanTextMixin, AbstractUser):
    """A person who signs in: planner, unit head or staff, admin, leader (by group)."""

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

    @cached_property
    def roles(self) -> frozenset[str]:
        """Group names that are roles; a superuser counts as an administrator."""
        names = {group.name for group in self.groups.all()} & set(Role.values)
        if self.is_superuser:
            names.add(Role.ADMIN)
        return frozenset(names)

    def has_role(self, *roles: str) -> bool:
        return self.is_active and not self.roles.isdisjoint(roles)

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
