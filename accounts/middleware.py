"""The interface language: the signed-in user's choice, otherwise Vietnamese.

Replaces Django's LocaleMiddleware on purpose: the browser's Accept-Language, a
language cookie or a URL prefix never choose the language. The office works in
Vietnamese, whatever the computer it uses; a user may pick another language in the
user menu (``User.language``, saved by ``accounts.services.user_set_language``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def language_for(request: HttpRequest) -> str:
    """The language code to serve ``request`` in."""
    user = getattr(request, "user", None)
    chosen = getattr(user, "language", None) if user and user.is_authenticated else None
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activates :func:`language_for` for the request (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
