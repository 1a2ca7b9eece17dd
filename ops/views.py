"""The login page (with the attempts left before a lock-out), the 500 handler and
the favicon."""

from __future__ import annotations

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.http import require_GET

from nuithanh_cchc.text import has_control_characters
from organisation.selectors import installation_is_empty

logger = logging.getLogger(__name__)

# Warn when this many attempts or fewer remain.
WARN_WHEN_LEFT = 2


USERNAME_MAX = 150
PASSWORD_MAX = 4096


class BoundedAuthenticationForm(AuthenticationForm):
    """The login form, refusing what no user name can be *before* the password
    is checked, so the lock-out layer (django-axes) and the database never see
    a NUL byte, a control character or a 5,000-character name."""

    def clean(self) -> dict[str, object]:
        username = self.data.get("username", "") or ""
        password = self.data.get("password", "") or ""
        if len(username) > USERNAME_MAX:
            raise ValidationError(
                _("A user name has at most %(max)d characters."),
                code="username_too_long",
                params={"max": USERNAME_MAX},
            )
        if has_control_characters(username) or "\x00" in password:
            raise ValidationError(
                _("The user name or password holds a character that is not allowed."),
                code="control_characters",
            )
        if len(password) > PASSWORD_MAX:
            raise ValidationError(
                _("The password is too long."), code="password_too_long"
            )
        return super().clean()


def _setup_open() -> bool:
    """Whether the login page links to the one-time setup (an installation
    with no organisation and no operator); never raises (a database down
    shows the plain login page)."""
    try:
        return installation_is_empty()
    except DatabaseError:
        return False


class LoginView(auth_views.LoginView):
    authentication_form = BoundedAuthenticationForm

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return {**super().get_context_data(**kwargs), "setup_open": _setup_open}

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = form.cleaned_data.get("username", "")
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


# When even the error page cannot be drawn (a broken static manifest, a template
# error), this answers instead: no template, no database, no static file.
FALLBACK_500 = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đã xảy ra sự cố</title></head>
<body><main id="error-page" data-status="500">
<h1>Đã xảy ra sự cố</h1>
<p>Máy chủ không hoàn tất được yêu cầu của bạn. Vui lòng đợi một phút rồi thử lại.
Nếu lỗi vẫn lặp lại, hãy báo cho quản trị viên thời điểm xảy ra lỗi.</p>
<p><a href="/">Về trang tổng quan</a></p>
</main></body></html>
"""


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, or a plain one if drawing that page fails too."""
    try:
        return defaults.server_error(request)
    except Exception:
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(FALLBACK_500)


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, asked for by browsers and tools that do not read the page's
    ``<link rel="icon">``: the static icon (its hashed, long-cached URL)."""
    return redirect(static("img/favicon.ico"), permanent=True)
