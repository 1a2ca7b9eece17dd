"""Self-service password reset and the set-password page of invited staff."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from accounts import tasks
from campaigns.services import members
from nuithanh_cchc.celery import app as celery_app
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _mail_queued_runs_at_once():
    """The reset e-mail is a Celery task: run it in-process here."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def _link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", body).group(1)


def test_the_reset_page_is_open_to_anonymous_users_in_vietnamese(client) -> None:
    response = client.get("/accounts/password-reset/")

    assert response.status_code == 200
    assert "Quên mật khẩu?" in response.text


def test_a_reset_link_lets_the_user_choose_a_new_password(client) -> None:
    user = UserFactory(username="tamxuan", email="tamxuan@example.test")

    response = client.post(
        "/accounts/password-reset/", {"email": "TamXuan@example.test"}
    )

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Đặt mật khẩu mới cho hệ thống kế hoạch tuyên truyền CCHC"
    page = client.get(_link(message.body), follow=True)
    assert "Đặt mật khẩu" in page.text
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2024", "new_password2": "Mat-khau-moi-2024"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2024")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client) -> None:
    response = client.post("/accounts/password-reset/", {"email": "ai@example.test"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_requests_are_throttled_per_address(client, settings) -> None:
    settings.PASSWORD_RESET_MAX_PER_HOUR = 2
    UserFactory(email="tamxuan@example.test")
    for _ in range(2):
        client.post("/accounts/password-reset/", {"email": "tamxuan@example.test"})

    response = client.post(
        "/accounts/password-reset/", {"email": "tamxuan@example.test"}
    )

    assert response.status_code == 429
    assert "quá nhiều yêu cầu" in response.text.lower()
    assert len(mail.outbox) == 2


def test_requests_are_throttled_per_client_address(client, settings) -> None:
    settings.PASSWORD_RESET_MAX_PER_HOUR = 2
    for n in range(2):
        client.post("/accounts/password-reset/", {"email": f"a{n}@example.test"})

    response = client.post("/accounts/password-reset/", {"email": "b@example.test"})

    assert response.status_code == 429


def test_the_mail_is_queued_not_sent_in_the_request(client, monkeypatch) -> None:
    UserFactory(email="tamxuan@example.test")
    queued = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", queued.append)

    response = client.post(
        "/accounts/password-reset/", {"email": "tamxuan@example.test"}
    )

    assert response.status_code == 302
    assert queued == ["tamxuan@example.test"]
    assert mail.outbox == []


def test_an_unknown_address_is_queued_just_the_same(client, monkeypatch) -> None:
    queued = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", queued.append)

    client.post("/accounts/password-reset/", {"email": "ai@example.test"})

    assert queued == ["ai@example.test"]


def test_the_link_is_on_the_site_address(client, settings) -> None:
    settings.SITE_URL = "https://cchc.example.gov.vn"
    UserFactory(email="tamxuan@example.test")

    client.post("/accounts/password-reset/", {"email": "tamxuan@example.test"})

    assert "https://cchc.example.gov.vn/accounts/reset/" in mail.outbox[0].body


def test_a_cache_that_is_down_lets_the_request_through(client, settings) -> None:
    down = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    UserFactory(email="tamxuan@example.test")

    with override_settings(CACHES=down):
        response = client.post(
            "/accounts/password-reset/", {"email": "tamxuan@example.test"}
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1


def _reset_from(client, email: str, visitor: str) -> int:
    """Ask for a reset as nginx forwards it: from 127.0.0.1, with X-Real-IP."""
    return client.post(
        "/accounts/password-reset/",
        {"email": email},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP=visitor,
    ).status_code


def test_behind_the_proxy_each_visitor_is_throttled_on_its_own(
    client, settings
) -> None:
    settings.BEHIND_PROXY = True
    settings.PASSWORD_RESET_MAX_PER_HOUR = 2
    for n in range(2):
        _reset_from(client, f"a{n}@example.test", "203.0.113.7")

    assert _reset_from(client, "b@example.test", "198.51.100.9") == 302
    assert _reset_from(client, "c@example.test", "203.0.113.7") == 429


def test_without_a_proxy_the_forwarded_address_is_ignored(client, settings) -> None:
    settings.BEHIND_PROXY = False
    settings.PASSWORD_RESET_MAX_PER_HOUR = 2
    for n in range(2):
        _reset_from(client, f"a{n}@example.test", "203.0.113.7")

    assert _reset_from(client, "b@example.test", "198.51.100.9") == 429


def test_an_invited_staff_member_sets_a_password_on_the_same_page(client) -> None:
    head = UserFactory(role="unit_head")
    unit = UnitFactory(head=head)
    member = members.unit_member_invite(
        unit=unit, user=head, email="moi@example.test", full_name="Lê Thị Mới"
    )
    (message,) = mail.outbox

    page = client.get(_link(message.body), follow=True)
    assert "Đặt mật khẩu" in page.text
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2024", "new_password2": "Mat-khau-moi-2024"},
    )

    member.refresh_from_db()
    assert member.check_password("Mat-khau-moi-2024")
    assert client.login(username=member.username, password="Mat-khau-moi-2024")


def test_a_used_link_is_refused_with_a_clear_message(client) -> None:
    UserFactory(email="tamxuan@example.test")
    client.post("/accounts/password-reset/", {"email": "tamxuan@example.test"})
    link = _link(mail.outbox[0].body)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2024", "new_password2": "Mat-khau-moi-2024"},
    )

    again = client.get(link, follow=True)

    assert "đã được dùng hoặc đã hết hạn" in again.text


def test_the_login_page_links_to_the_reset(client) -> None:
    assert reverse("password_reset") in client.get("/accounts/login/").text
