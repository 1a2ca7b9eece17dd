from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from administration import views_setup
from ops import views as ops_views

from . import views

admin.site.site_header = _("CCHC administration")
admin.site.site_title = _("CCHC administration")
admin.site.index_title = _("System administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", ops_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/done/",
        account_views.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        account_views.password_reset_complete,
        name="password_reset_complete",
    ),
    path(
        "calendar/feed/<str:token>.ics",
        account_views.calendar_feed,
        name="calendar_feed",
    ),
    path("favicon.ico", ops_views.favicon, name="favicon"),
    path("setup/", views_setup.setup, name="setup"),
    path("admin/", admin.site.urls),
    path("", include("workspace.urls")),
    path("", include("planning.urls")),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("organisation/", include("organisation.urls")),
    path("administration/", include("administration.urls")),
    path("", include("reports.urls")),
]

if settings.BENCHMARK_FLOOR:
    # The benchmarks' bare page (benchmarks/floor.py); never in production.
    urlpatterns += [path("", include("benchmarks.floor"))]

handler500 = "ops.views.server_error"
