from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ReminderSettingsForm
from .models import User


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


# --- password reset (issue 13) ---------------------------------------------------


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form; an invited account that never chose a password may use it
    too (its invitation link may have expired)."""

    def get_users(self, email: str) -> Iterator[User]:
        return services.users_for_password_reset(email=email)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, throttled per e-mail address and per client address
    (PASSWORD_RESET_MAX_PER_HOUR each); past it, a 429 with a clear message and
    no e-mail. The answer never says whether the address has an account."""

    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        allowed = services.password_reset_allowed(
            email=form.cleaned_data["email"],
            client=self.request.META.get("REMOTE_ADDR", ""),
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
        return super().form_valid(form)


password_reset_done = login_not_required(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = login_not_required(
    sensitive_post_parameters("new_password1", "new_password2")(
        auth_views.PasswordResetConfirmView.as_view()
    )
)
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view()
)
