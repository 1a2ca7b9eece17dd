"""Writes on the signed-in user's own account."""

from __future__ import annotations

from django.db import transaction

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
