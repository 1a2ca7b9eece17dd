"""What the planning views share: who may read and who may write, and the
answer to a change asked of a closed plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.roles import DISTRICT_ROLES, EDITOR_ROLES
from campaigns.models import Plan

read_only = role_required(*DISTRICT_ROLES)
editors_only = role_required(*EDITOR_ROLES)


def closed_redirect(
    request: AuthenticatedHttpRequest, plan: Plan, target: str
) -> HttpResponse:
    messages.error(
        request,
        _("The plan “%(plan)s” is closed: it can no longer change.")
        % {"plan": plan.title},
    )
    return redirect(target)
