"""django-axes: repeated wrong passwords lock the login, in Vietnamese, until freed."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _axes_on(settings) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_MINUTES = 30


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.5"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _fail(client: Client, username: str, times: int, ip: str = "10.0.0.5") -> None:
    for _ in range(times):
        _login(client, username, "wrong-password", ip)


def test_wrong_password_below_the_limit_shows_the_normal_form_error(
    client, planner
) -> None:
    response = _login(client, planner.username, "wrong-password")

    assert response.status_code == 200
    assert 'id="login-locked"' not in response.content.decode()


def test_last_attempts_are_announced_before_the_lock(client, planner) -> None:
    _fail(client, planner.username, 1)

    response = _login(client, planner.username, "wrong-password")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="login-attempts-left"' in page
    assert "Còn 1 lần thử" in page


def test_reaching_the_limit_locks_with_a_vietnamese_message(client, planner) -> None:
    _fail(client, planner.username, 2)

    response = _login(client, planner.username, "wrong-password")

    page = response.content.decode()
    assert response.status_code == 429
    assert 'id="login-locked"' in page
    assert "tạm khóa" in page
    assert "30 phút" in page


def test_the_right_password_is_refused_while_locked(client, planner) -> None:
    _fail(client, planner.username, 3)

    response = _login(client, planner.username, "secret-pass-123")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_only_for_that_address(client, planner) -> None:
    _fail(client, planner.username, 3, ip="10.0.0.5")

    response = _login(client, planner.username, "secret-pass-123", ip="10.0.0.9")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(planner.pk)


def test_a_locked_user_name_does_not_lock_colleagues(client, planner, leader) -> None:
    _fail(client, planner.username, 3)

    response = _login(client, leader.username, "secret-pass-123")

    assert response.status_code == 302


def test_the_lock_ends_after_the_cool_off(client, planner, time_machine) -> None:
    time_machine.move_to("2024-06-15 08:00 +07:00", tick=False)
    _fail(client, planner.username, 3)

    time_machine.move_to("2024-06-15 08:31 +07:00", tick=False)
    response = _login(client, planner.username, "secret-pass-123")

    assert response.status_code == 302


def test_an_admin_unlocks_a_user_from_the_user_list(
    client, planner, admin_user
) -> None:
    _fail(client, planner.username, 3)
    assert AccessAttempt.objects.filter(username=planner.username).exists()
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    admin_client = Client()
    admin_client.force_login(admin_user)

    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "unlock_login", "_selected_action": [planner.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username=planner.username).exists()
    assert _login(client, planner.username, "secret-pass-123").status_code == 302


def test_x_real_ip_is_ignored_unless_behind_a_proxy(client, planner, settings) -> None:
    settings.BEHIND_PROXY = False
    for n in range(3):
        client.post(
            LOGIN,
            {"username": planner.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_REAL_IP=f"192.0.2.{n}",
        )

    response = _login(client, planner.username, "secret-pass-123", ip="10.0.0.5")

    assert response.status_code == 429


def test_behind_the_proxy_the_real_address_is_the_one_locked(
    client, planner, settings
) -> None:
    settings.BEHIND_PROXY = True
    for _ in range(3):
        client.post(
            LOGIN,
            {"username": planner.username, "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.7",
        )

    other_office = client.post(
        LOGIN,
        {"username": planner.username, "password": "secret-pass-123"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.8",
    )

    assert other_office.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
