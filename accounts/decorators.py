from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase

from accounts.http import AuthenticatedHttpRequest

# A view: streamed and file responses included.
View = Callable[..., HttpResponseBase]


def role_required(*roles: str) -> Callable[[View], View]:
    """Allow the view to users holding one of ``roles``; others get 403.

    Anonymous users never reach here: LoginRequiredMiddleware sends them to login.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(
            request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def wrong_method(request: HttpRequest, *allowed: str) -> HttpResponse | None:
    """A 405 for a method the view does not take, else None.

    Views on one object call this only after looking the object up in the
    user's scope, so that another unit's id is a 404 whatever the method: the
    answer never tells whether that id exists.
    """
    if request.method in allowed or (request.method == "HEAD" and "GET" in allowed):
        return None
    return HttpResponseNotAllowed(allowed)
