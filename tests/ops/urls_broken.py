"""The project's URLs plus one view that fails, for error-path tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from nuithanh_cchc.urls import handler500  # noqa: F401 - Django looks it up here
from nuithanh_cchc.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("boom/", broken), *project_urlpatterns]
