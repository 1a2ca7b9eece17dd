"""Writes on the signed-in user's own account."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User

logger = logging.getLogger(__name__)

RESET_WINDOW_SECONDS = 60 * 60


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


def users_for_password_reset(*, email: str) -> Iterator[User]:
    """Active accounts with this address (case-insensitive), invited ones that
    never chose a password included."""
    field = User.get_email_field_name()
    yield from User.objects.filter(**{f"{field}__iexact": email, "is_active": True})


def _bump(key: str) -> int:
    """The count of ``key`` after this request; 0 when the cache fails (Redis
    down or hung): the throttle then lets requests through rather than answer
    500, and says so in the log."""
    try:
        cache.add(key, 0, RESET_WINDOW_SECONDS)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RESET_WINDOW_SECONDS)
            return 1
    except Exception:  # any failure of the cache server
        logger.warning("password-reset throttle off: the cache failed", exc_info=True)
        return 0


def password_reset_allowed(*, email: str, client: str) -> bool:
    """Count a reset request against its address and its client; False past
    PASSWORD_RESET_MAX_PER_HOUR of either within the hour (the cache holds the
    counters: shared by every worker with ``CACHE_URL`` set to Redis, per
    process with the local-memory default)."""
    limit = settings.PASSWORD_RESET_MAX_PER_HOUR
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    by_email = _bump(f"pwreset:email:{digest}")
    by_client = _bump(f"pwreset:ip:{client}")
    return by_email <= limit and by_client <= limit


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
