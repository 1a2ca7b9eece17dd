"""Switching the organisation a person works in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest

from .middleware import SESSION_KEY


@require_POST
def organisation_switch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Work in another of one's organisations from now on (kept in the
    session); back to its dashboard. An organisation one holds no role in is
    refused with a message (an operator may choose any)."""
    try:
        chosen = int(request.POST.get("organisation", ""))
    except ValueError:
        chosen = 0
    if chosen not in request.user.organisations and not request.user.is_superuser:
        messages.error(request, _("You do not work in that organisation."))
        return redirect("/")
    request.session[SESSION_KEY] = chosen
    return redirect("/")
