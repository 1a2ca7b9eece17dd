"""Reads on notifications: always the signed-in user's own, never another's."""

from __future__ import annotations

from accounts.models import User

from .models import Notification, NotificationQuerySet


def notifications_for(*, user: User) -> NotificationQuerySet:
    return Notification.objects.filter(recipient=user)


def notification_unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
