"""Requests refused before they reach a query, with a 400 and a Vietnamese page:
a NUL character anywhere, and an admin action on a selection that is not ids.

Both ended in a 500: PostgreSQL refuses NUL in text wherever it reached a query
(a search box, a calendar token, an admin filter or form), and Django's admin
filters the selected rows by their ids without checking them first. No person
types either; refusing them at the door is simpler than checking each field.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# No template and no database: nothing of the request is trusted, not even to
# draw the layout.
PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body><main id="error-page" data-status="400">
<h1>{title}</h1>
<p>{message}</p>
<p><a href="/">{back}</a></p>
</main></body></html>
"""


def bad_request(message: str) -> HttpResponseBadRequest:
    """A 400 page saying ``message`` (a msgid marked with gettext_noop), in the
    site's language: the user's own choice is not known yet."""
    with translation.override(settings.LANGUAGE_CODE):
        return HttpResponseBadRequest(
            PAGE.format(
                title=escape(_("Bad request")),
                message=escape(_(message)),
                back=escape(_("Back to the dashboard")),
            )
        )


def holds_nul(request: HttpRequest) -> bool:
    """Whether the path or a query or form parameter (name or value) holds a
    NUL character. (Django drops it from uploaded files' names itself.)"""
    if "\x00" in request.path:
        return True
    return any(
        "\x00" in name or any("\x00" in value for value in values)
        for data in (request.GET, request.POST)
        for name, values in data.lists()
    )


class RejectNulMiddleware:
    """A 400 for a request holding a NUL character (:func:`holds_nul`). Placed
    just inside the request log, so that the 400 is logged too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if holds_nul(request):
            return bad_request(
                gettext_noop(
                    "The request holds a character that is not allowed (NUL). "
                    "Go back and check what was typed or pasted."
                )
            )
        return self.get_response(request)


class AdminSelectionMiddleware:
    """A 400 for an admin action posted with a selected row that is not an id of
    the model (``_selected_action=abc``), before the admin filters by it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple,
        view_kwargs: dict,
    ) -> HttpResponse | None:
        # The admin marks each of its model views with their ModelAdmin.
        model_admin = getattr(view_func, "model_admin", None)
        if model_admin is None or request.method != "POST":
            return None
        primary_key = model_admin.model._meta.pk
        try:
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                primary_key.to_python(value)
        except ValidationError:
            return bad_request(
                gettext_noop(
                    "The selection holds an item that does not exist. Go back, "
                    "reload the list and select again."
                )
            )
        return None
