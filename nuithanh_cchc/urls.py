from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ops import views as ops_views

from . import views

admin.site.site_header = _("CCHC administration")
admin.site.site_title = _("CCHC administration")
admin.site.index_title = _("System administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", ops_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("favicon.ico", ops_views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("", include("workspace.urls")),
    path("", include("planning.urls")),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("reports.urls")),
]

if settings.BENCHMARK_FLOOR:
    # The benchmarks' bare page (benchmarks/floor.py); never in production.
    urlpatterns += [path("", include("benchmarks.floor"))]

handler500 = "ops.views.server_error"
