from __future__ import annotations

from django.http import HttpRequest

from .roles import Role


def roles(request: HttpRequest) -> dict[str, object]:
    """Expose the role names to templates so navigation fits the role."""
    user = getattr(request, "user", None)
    user_roles = user.roles if user is not None and user.is_authenticated else ()
    return {"Role": Role, "user_roles": user_roles}
