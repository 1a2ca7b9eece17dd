"""An organisation's administration on the app's own pages: its profile, units,
channels and audience groups (people and child organisations:
:mod:`.views_people`).

Every page is its administrator's (others get 403) and reads through the
scoped managers, so another organisation's ids are a 404. The writes go
through the domain's services, which check the same rules again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required, wrong_method
from accounts.http import AuthenticatedHttpRequest
from accounts.roles import Role
from audiences import services as audience_services
from audiences.models import AudienceGroup
from campaigns.models import Unit
from campaigns.services import units as unit_services
from channels import services as channel_services
from channels.models import Channel
from organisation import services as organisation_services
from organisation.first_steps import first_steps
from organisation.models import Organisation

from . import selectors
from .forms import AudienceGroupForm, ChannelForm, ProfileForm, UnitForm

admin_only = role_required(Role.ADMIN)


def form_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal shown on the form: by field where it names one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: forms.BaseForm,
    save: Callable[[Mapping[str, Any]], object],
    template: str,
    done: str,
    then: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST, ``save`` its data, say ``done`` and go
    to ``then``. Bad input stays on the page with its messages (status 400)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(then)
    return render(
        request,
        template,
        {**(context or {}), "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _fresh(request: AuthenticatedHttpRequest) -> Organisation:
    """The acting organisation read afresh (a form may change its copy)."""
    return Organisation.objects.get(pk=request.organisation.pk)


@admin_only
@require_http_methods(["GET", "HEAD"])
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = request.organisation
    return render(
        request,
        "administration/index.html",
        {
            "steps": first_steps(organisation),
            "counts": {
                "units": Unit.objects.filter(organisation=organisation).count(),
                "people": len(selectors.people_of(organisation)),
                "channels": Channel.objects.filter(organisation=organisation).count(),
                "audiences": AudienceGroup.objects.filter(
                    organisation=organisation
                ).count(),
                "children": selectors.children_of(organisation).count(),
            },
        },
    )


@admin_only
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _fresh(request)
    return form_page(
        request,
        form=ProfileForm(request.POST or None, instance=organisation),
        save=lambda data: organisation_services.organisation_update(
            user=request.user, organisation=organisation, data=data
        ),
        template="administration/profile.html",
        done=_("The organisation's profile is saved."),
        then="administration:profile",
    )


# --- units ------------------------------------------------------------------------


@admin_only
@require_http_methods(["GET", "HEAD"])
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "administration/unit_list.html",
        {"units": selectors.units_of(request.organisation)},
    )


@admin_only
@require_http_methods(["GET", "HEAD", "POST"])
def unit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = request.organisation
    return form_page(
        request,
        form=UnitForm(
            request.POST or None,
            instance=Unit(organisation=organisation),
            organisation=organisation,
        ),
        save=lambda data: unit_services.unit_create(
            user=request.user, organisation=organisation, data=data
        ),
        template="administration/unit_form.html",
        done=_("The unit is added."),
        then="administration:unit_list",
    )


@admin_only
def unit_edit(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_id, organisation=request.organisation)
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    return form_page(
        request,
        form=UnitForm(
            request.POST or None, instance=unit, organisation=request.organisation
        ),
        save=lambda data: unit_services.unit_update(
            user=request.user, unit=unit, data=data
        ),
        template="administration/unit_form.html",
        done=_("The unit is saved."),
        then="administration:unit_list",
        context={"unit": unit},
    )


# --- channels and audience groups -------------------------------------------------


@admin_only
@require_http_methods(["GET", "HEAD"])
def channel_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    channels = Channel.objects.filter(organisation=request.organisation).order_by(
        "-is_active", "order", "name"
    )
    return render(request, "administration/channel_list.html", {"items": channels})


@admin_only
@require_http_methods(["GET", "HEAD", "POST"])
def channel_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return form_page(
        request,
        form=ChannelForm(request.POST or None),
        save=lambda data: channel_services.channel_create(
            user=request.user, organisation=request.organisation, data=data
        ),
        template="administration/channel_form.html",
        done=_("The channel is added."),
        then="administration:channel_list",
    )


@admin_only
def channel_edit(request: AuthenticatedHttpRequest, channel_id: int) -> HttpResponse:
    channel = get_object_or_404(
        Channel, pk=channel_id, organisation=request.organisation
    )
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    return form_page(
        request,
        form=ChannelForm(
            request.POST or None, instance=channel, initial={"code": channel.code}
        ),
        save=lambda data: channel_services.channel_update(
            user=request.user, channel=channel, data=data
        ),
        template="administration/channel_form.html",
        done=_("The channel is saved."),
        then="administration:channel_list",
        context={"item": channel},
    )


@admin_only
@require_http_methods(["GET", "HEAD"])
def audience_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    groups = AudienceGroup.objects.filter(organisation=request.organisation)
    return render(request, "administration/audience_list.html", {"items": groups})


@admin_only
@require_http_methods(["GET", "HEAD", "POST"])
def audience_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return form_page(
        request,
        form=AudienceGroupForm(request.POST or None),
        save=lambda data: audience_services.audience_group_create(
            user=request.user, organisation=request.organisation, data=data
        ),
        template="administration/audience_form.html",
        done=_("The audience group is added."),
        then="administration:audience_list",
    )


@admin_only
def audience_edit(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(
        AudienceGroup, pk=group_id, organisation=request.organisation
    )
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            audience_services.audience_group_delete(user=request.user, group=group)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("administration:audience_edit", group_id=group.pk)
        messages.success(request, _("The audience group is deleted."))
        return redirect("administration:audience_list")
    return form_page(
        request,
        form=AudienceGroupForm(
            request.POST or None, instance=group, initial={"code": group.code}
        ),
        save=lambda data: audience_services.audience_group_update(
            user=request.user, group=group, data=data
        ),
        template="administration/audience_form.html",
        done=_("The audience group is saved."),
        then="administration:audience_list",
        context={"item": group, "in_use": group.activities.exists()},
    )
