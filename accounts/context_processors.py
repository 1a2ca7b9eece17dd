from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .roles import Role


def roles(request: HttpRequest) -> dict[str, object]:
    """Expose the role names to templates so navigation fits the role."""
    user = getattr(request, "user", None)
    user_roles = user.roles if user is not None and user.is_authenticated else ()
    return {"Role": Role, "user_roles": user_roles}


def reviews(request: HttpRequest) -> dict[str, object]:
    """How many reports wait for review, for the planners' navigation ("",
    "7", "99+").

    Lazy: the one COUNT runs only when a page shows it (planners and admins).
    """
    from campaigns.selectors import review_waiting_count

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can_edit_plans:
        return {"reviews_waiting": ""}
    return {
        "reviews_waiting": SimpleLazyObject(lambda: review_waiting_count(user=user))
    }
