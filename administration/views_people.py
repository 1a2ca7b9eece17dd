"""An organisation's people and their roles, and the organisations under it.

The administrator lists who works in the organisation with their roles and
units, adds an existing account or invites someone by e-mail, changes a
person's roles or takes them all back; and creates an organisation under the
acting one with its first administrator. Someone who holds no role in the
organisation is not found here (404).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import wrong_method
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from organisation import services

from . import selectors
from .forms import ChildOrganisationForm, MemberAddForm, MemberInviteForm, RolesForm
from .views import admin_only, form_errors, form_page


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@admin_only
@require_http_methods(["GET", "HEAD", "POST"])
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who works in the organisation; add an account or invite by e-mail."""
    organisation = request.organisation
    action = request.POST.get("action", "")
    add_form = MemberAddForm(request.POST if action == "add" else None)
    invite_form = MemberInviteForm(request.POST if action == "invite" else None)
    if request.method == "POST":
        try:
            if action == "add" and add_form.is_valid():
                member = services.member_add(
                    user=request.user,
                    organisation=organisation,
                    member=add_form.cleaned_data["account"],
                    roles=add_form.cleaned_data["roles"],
                )
                messages.success(
                    request,
                    _("%(name)s now works in the organisation.")
                    % {"name": _name(member)},
                )
                return redirect("administration:people")
            if action == "invite" and invite_form.is_valid():
                member = services.member_invite(
                    user=request.user,
                    organisation=organisation,
                    email=invite_form.cleaned_data["email"],
                    full_name=invite_form.cleaned_data["full_name"],
                    roles=invite_form.cleaned_data["roles"],
                )
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": member.email},
                )
                return redirect("administration:people")
        except ValidationError as exc:
            form_errors(add_form if action == "add" else invite_form, exc)
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "administration/people.html",
        {
            "people": selectors.people_of(organisation, query=query),
            "query": query,
            "add_form": add_form,
            "invite_form": invite_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@admin_only
def person(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """One person's roles in the organisation: change them, or take them all
    back (the person then no longer works here)."""
    organisation = request.organisation
    found = selectors.person_in(organisation, member_id)
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    remove = request.POST.get("action") == "remove"
    form = RolesForm(
        request.POST if request.method == "POST" and not remove else None,
        initial={"roles": found.roles},
    )
    if request.method == "POST" and (remove or form.is_valid()):
        roles = [] if remove else form.cleaned_data["roles"]
        try:
            services.membership_set_roles(
                user=request.user,
                organisation=organisation,
                member=found.user,
                roles=roles,
            )
        except ValidationError as exc:
            if remove:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                form_errors(form, exc)
        else:
            if not roles:
                messages.success(
                    request,
                    _("%(name)s no longer works in the organisation.")
                    % {"name": _name(found.user)},
                )
                return redirect("administration:people")
            messages.success(
                request,
                _("The roles of %(name)s are saved.") % {"name": _name(found.user)},
            )
            return redirect("administration:person", member_id=found.user.pk)
    return render(
        request,
        "administration/person.html",
        {"person": found, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- organisations under this one --------------------------------------------------


@admin_only
@require_http_methods(["GET", "HEAD"])
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "administration/organisation_list.html",
        {"children": selectors.children_of(request.organisation)},
    )


@admin_only
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new organisation under the acting one, and its first administrator
    (told by e-mail)."""
    parent = request.organisation

    def save(data: Mapping[str, Any]) -> None:
        services.organisation_create_child(
            user=request.user,
            parent=parent,
            data=data,
            admin_email=data["admin_email"],
            admin_full_name=data["admin_full_name"],
        )

    return form_page(
        request,
        form=ChildOrganisationForm(
            request.POST or None, initial={"parent_name": parent.name}
        ),
        save=save,
        template="administration/organisation_form.html",
        done=_("The organisation is created and its administrator is told by e-mail."),
        then="administration:organisation_list",
    )
