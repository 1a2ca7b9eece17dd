from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ReminderSettingsForm


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own account: who they are, their units, reminder settings."""
    user = request.user
    form = ReminderSettingsForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.user_update_reminder_settings(
            user=user,
            email=form.cleaned_data["email"],
            reminder_emails=form.cleaned_data["reminder_emails"],
        )
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("accounts:profile")
    units = user.headed_units.filter(is_active=True).order_by("order", "name")
    return render(request, "accounts/profile.html", {"form": form, "units": units})


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Keep this session signed in; other sessions of the user are logged out.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password was changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@require_http_methods(["POST"])
def language(request: HttpRequest) -> HttpResponse:
    """The user menu's language switch: save the choice, back to the same page."""
    try:
        services.user_set_language(
            user=request.user, language=request.POST.get("language", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)
