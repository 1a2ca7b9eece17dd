"""Writes on the signed-in user's own account."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User


@transaction.atomic
def user_update_reminder_settings(
    *, user: User, email: str, reminder_emails: bool
) -> User:
    """Set where reminder e-mails go and whether they go at all.

    In-app notifications are not affected: they are always kept.
    """
    user.email = email.strip()
    user.reminder_emails = reminder_emails
    user.save(update_fields=["email", "reminder_emails"])
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Remember the interface language ``language`` (a code of ``LANGUAGES``) for
    ``user``; every later page is served in it (accounts.middleware).

    Raises ValidationError for a code that is not offered.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("This language is not offered."), code="invalid")
    user.language = language
    user.save(update_fields=["language"])
    return user
