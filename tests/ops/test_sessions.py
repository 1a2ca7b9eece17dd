"""Idle users are logged out SESSION_COOKIE_AGE after their last request."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, planner, settings, time_machine):
    settings.SESSION_COOKIE_AGE = 60 * 60
    time_machine.move_to("2024-06-15 08:00 +07:00", tick=False)
    client.force_login(planner)
    return client


def test_each_request_pushes_the_idle_deadline_forward(logged_in, time_machine) -> None:
    for clock in ("08:50", "09:40", "10:30"):
        time_machine.move_to(f"2024-06-15 {clock} +07:00", tick=False)
        response = logged_in.get("/")
        assert response.status_code == 200, clock


def test_an_hour_without_a_request_logs_the_user_out(logged_in, time_machine) -> None:
    logged_in.get("/")
    time_machine.move_to("2024-06-15 09:01 +07:00", tick=False)

    response = logged_in.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_session_cookie_dies_with_the_browser(logged_in, time_machine) -> None:
    time_machine.move_to("2024-06-15 08:05 +07:00", tick=False)
    response = logged_in.get("/")

    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


def test_background_polls_do_not_keep_the_session_alive(
    logged_in, settings, time_machine
) -> None:
    settings.SESSION_IDLE_IGNORE_PATHS = ["/accounts/login/"]
    logged_in.get("/")
    for clock in ("08:20", "08:40", "08:59"):
        time_machine.move_to(f"2024-06-15 {clock} +07:00", tick=False)
        logged_in.get("/accounts/login/")

    time_machine.move_to("2024-06-15 09:01 +07:00", tick=False)
    response = logged_in.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_anonymous_visit_creates_no_session(client) -> None:
    client.get("/accounts/login/")

    assert "sessionid" not in client.cookies


def test_the_session_row_is_rewritten_at_most_once_a_minute(
    logged_in, time_machine
) -> None:
    time_machine.move_to("2024-06-15 08:00:30 +07:00", tick=False)
    soon = logged_in.get("/")
    time_machine.move_to("2024-06-15 08:01:10 +07:00", tick=False)
    later = logged_in.get("/")

    assert "sessionid" not in soon.cookies
    assert "sessionid" in later.cookies


def test_a_session_of_a_backend_no_longer_configured_is_sent_to_sign_in(
    client, planner
) -> None:
    """Sessions remember the backend that signed them in; one that is no longer in
    AUTHENTICATION_BACKENDS (accounts.backends.UserBackend, removed with the page
    cache) is treated as signed out: a redirect to the login page, never a 500,
    and signing in again works."""
    client.force_login(planner)
    session = client.session
    session["_auth_user_backend"] = "accounts.backends.UserBackend"
    session.save()

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(response["Location"]).status_code == 200
    signed_in = client.post(
        "/accounts/login/",
        {"username": planner.username, "password": "secret-pass-123"},
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_backend"] in settings.AUTHENTICATION_BACKENDS
    assert client.get("/").status_code == 200
