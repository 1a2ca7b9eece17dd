from __future__ import annotations

from django import template

from notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("notifications/snippets/bell.html", takes_context=True)
def notification_bell(context: template.Context, compact: bool = False) -> dict:
    """The bell with the signed-in user's unread count.

    ``compact`` is the phone version shown beside the menu button, so that the
    count is visible without opening the menu. The count is read once a request.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None:
        count = 0
    elif hasattr(request, "_unread_notifications"):
        count = request._unread_notifications
    else:
        count = request._unread_notifications = notification_unread_count(user=user)
    return {"unread_count": count, "compact": compact}
