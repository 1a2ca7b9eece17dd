from __future__ import annotations

from django import template

from notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("notifications/snippets/bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, object]:
    """The bell in the navigation with the signed-in user's unread count."""
    request = context.get("request")
    user = getattr(request, "user", None)
    count = notification_unread_count(user=user) if user is not None else 0
    return {"unread_count": count, "request": request}
