"""The login page (with the attempts left before a lock-out), the 500 handler and
the favicon."""

from __future__ import annotations

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

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
