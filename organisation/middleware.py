"""The organisation each request works in, and the scope its queries run in.

A signed-in person works in one organisation at a time: the one chosen last
(kept in the session, switched on ``organisation:switch``) if they still hold a
role there, else the first they work in. Every query of the request runs inside
``organisation.scoping.acting_in`` that organisation, so another organisation's
rows are not there to be found (a 404 wherever an id names one). An installation
operator (superuser) may work in any organisation. A visitor who is not signed
in gets an empty scope (tenant tables read as empty); a signed-in person who
holds no role anywhere is told so, on every page but their account's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Organisation
from .scoping import acting_in

SESSION_KEY = "organisation_id"
# Pages a person who works in no organisation may still open.
OPEN_PREFIXES = ("/accounts/", "/admin/", "/healthz", "/static/", "/i18n/")


def acting_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation ``request.user`` works in now, or ``None`` (read with
    the person's roles, in one query)."""
    user = request.user
    if not user.is_authenticated:
        return None
    chosen = request.session.get(SESSION_KEY)
    own = {pk: o for pk, o in user.organisations.items() if o.is_active}
    if chosen in own:
        return own[chosen]
    if user.is_superuser and (chosen is not None or not own):
        found = Organisation.objects.filter(is_active=True)
        return (found.filter(pk=chosen).first() if chosen else None) or (
            own[min(own)] if own else found.order_by("pk").first()
        )
    return own[min(own)] if own else None


class ActingOrganisationMiddleware:
    """Sets ``request.organisation`` and the user's acting organisation, and
    runs the rest of the request inside its scope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        organisation = acting_organisation(request)
        request.organisation = organisation  # type: ignore[attr-defined]
        if organisation is not None:
            request.user.acting_organisation_id = organisation.pk  # type: ignore[union-attr]
        with acting_in([organisation.pk] if organisation is not None else []):
            if (
                organisation is None
                and request.user.is_authenticated
                and not request.path.startswith(OPEN_PREFIXES)
            ):
                return render(request, "organisation/no_organisation.html", status=403)
            return self.get_response(request)
