from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import DISTRICT_ROLES, EDITOR_ROLES, Role


class User(AbstractUser):
    """A person who signs in: planner, unit head, admin or leader (by group)."""

    reminder_emails = models.BooleanField(
        _("receive reminder e-mails"),
        default=True,
        help_text=_("In-app notifications are always kept."),
    )
    # The interface language: Vietnamese for everyone unless the user picks another
    # in the user menu; never taken from the browser (accounts.middleware).
    language = models.CharField(
        _("interface language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="vi",
    )

    class Meta(AbstractUser.Meta):
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
