"""The login page, telling a user how many attempts are left before the lock-out."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse

# Warn when this many attempts or fewer remain.
WARN_WHEN_LEFT = 2


class LoginView(auth_views.LoginView):
    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = form.data.get("username", "")
        attempts_left = None
        if username and settings.AXES_ENABLED:
            failures = AxesProxyHandler.get_failures(
                self.request, {"username": username}
            )
            left = settings.AXES_FAILURE_LIMIT - failures
            if 0 < left <= WARN_WHEN_LEFT:
                attempts_left = left
        return self.render_to_response(
            self.get_context_data(form=form, attempts_left=attempts_left)
        )
