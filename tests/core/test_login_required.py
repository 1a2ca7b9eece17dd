from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

# The bell answers anonymous htmx polls with an empty 204 (see notifications.views).
# Password reset is for people who cannot log in; its confirm and the
# iCal feed take a token in the path, so they are not concrete paths here.
PUBLIC = {
    "/accounts/login/",
    "/healthz",
    "/favicon.ico",
    "/notifications/bell/",
    "/accounts/password-reset/",
    "/accounts/password-reset/done/",
    "/accounts/reset/done/",
    # The one-time setup of an empty installation (here: not found).
    "/setup/",
}


def _concrete_paths(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every project URL with integer arguments filled in, admin excluded."""
    paths = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            paths += _concrete_paths(pattern, route)
        elif isinstance(pattern, URLPattern):
            path = route.replace("^", "").replace("$", "")
            for converter in ("<int:task_id>", "<int:plan_id>", "<int:activity_id>"):
                path = path.replace(converter, "1")
            path = path.replace("<int:year>", "2024")
            if "<" not in path:
                paths.append("/" + path)
    return paths


def test_every_page_but_login_and_healthz_redirects_anonymous_users(client) -> None:
    TaskFactory()
    paths = [p for p in _concrete_paths(get_resolver()) if p not in PUBLIC]
    assert "/" in paths
    assert "/tasks/1/" in paths

    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path


def test_admin_redirects_anonymous_users_to_its_login(client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_login_page_is_served_in_vietnamese(client) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()


def test_user_logs_in_with_username_and_password(client, planner) -> None:
    response = client.post(
        "/accounts/login/",
        {"username": planner.username, "password": "secret-pass-123"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
