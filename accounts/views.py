from __future__ import annotations

import logging

import kombu.exceptions
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from ops.security import client_ip
from organisation.scoping import acting_in

from . import feed, services, tasks
from .forms import PasswordResetForm, ReminderSettingsForm

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
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
    staffed = user.staffed_units.filter(is_active=True).order_by("order", "name")
    feed_url = (
        request.build_absolute_uri(reverse("calendar_feed", args=[user.calendar_token]))
        if user.calendar_token
        else ""
    )
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "units": units, "staffed": staffed, "feed_url": feed_url},
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Keep this session signed in; other sessions of the user are logged out.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password was changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


# --- password reset ---------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, throttled per e-mail address and per client address
    (PASSWORD_RESET_MAX_PER_HOUR each); past it, a 429 with a clear message and
    no e-mail. The answer never says whether the address has an account, nor
    takes longer when it has one: the e-mail is queued (accounts.tasks), not
    sent in the request."""

    form_class = PasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        allowed = services.password_reset_allowed(
            email=form.cleaned_data["email"],
            client=client_ip(self.request) or "",
        )
        if not allowed:
            form.add_error(
                None,
                _(
                    "Too many password-reset requests. Wait an hour, or ask the "
                    "administrator."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        try:
            tasks.send_password_reset.delay(form.cleaned_data["email"])
        except kombu.exceptions.OperationalError:
            # The same answer as ever: whoever asked may ask again later.
            logger.exception("a password-reset e-mail was not queued")
        return HttpResponseRedirect(self.get_success_url())


password_reset_done = login_not_required(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = login_not_required(
    sensitive_post_parameters("new_password1", "new_password2")(
        auth_views.PasswordResetConfirmView.as_view()
    )
)
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view()
)


# --- the personal iCal feed -------------------------------------------


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics of the token's owner; an unknown or revoked token is a 404.

    No session: a phone's calendar cannot sign in, the token is the credential.
    """
    user = feed.user_for_token(token=token)
    if user is None:
        raise Http404
    # The owner's own organisation (the first they work in), as if signed in.
    organisation_id = user.working_organisation_id
    with acting_in([organisation_id] if organisation_id else []):
        body = feed.feed_calendar(user=user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cchc.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def calendar_feed_token(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a new feed address (the old one stops working) or revoke it."""
    if request.POST.get("action") == "revoke":
        feed.calendar_token_revoke(user=request.user)
        messages.success(request, _("Your calendar address was revoked."))
    else:
        feed.calendar_token_regenerate(user=request.user)
        messages.success(
            request,
            _("A new calendar address was made; the previous one no longer works."),
        )
    return redirect(reverse("accounts:profile") + "#calendar-feed")


@require_http_methods(["POST"])
def language(request: AuthenticatedHttpRequest) -> HttpResponse:
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
    # Not redirect(): a bare word would be looked up as a view name (500).
    return HttpResponseRedirect(target)
