"""Vietnamese whatever the browser asks for; another language only by the user's
own choice in the user menu, remembered on the account."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_the_login_page_is_vietnamese_for_an_english_browser(client) -> None:
    response = client.get(reverse("login"), **ENGLISH_BROWSER)

    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_a_language_cookie_does_not_change_the_language(client, planner) -> None:
    client.force_login(planner)
    client.cookies["django_language"] = "en"

    response = client.get("/", **ENGLISH_BROWSER)

    assert response["Content-Language"] == "vi"
    assert "Tổng quan" in response.content.decode()


def test_a_new_user_reads_vietnamese(planner) -> None:
    assert User.objects.get(pk=planner.pk).language == "vi"


def test_the_user_menu_switches_to_english_and_back_to_the_same_page(
    client, planner
) -> None:
    client.force_login(planner)
    page = client.get("/plans/", **ENGLISH_BROWSER).content.decode()
    assert 'id="language-switch"' in page

    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": "/plans/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/plans/"
    assert client.get("/plans/")["Content-Language"] == "en"
    client.post(reverse("accounts:language"), {"language": "vi", "next": "/"})
    assert client.get("/plans/")["Content-Language"] == "vi"


def test_the_choice_is_remembered_on_the_account_across_sessions(
    client, planner
) -> None:
    client.force_login(planner)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    client.logout()

    client.force_login(User.objects.get(pk=planner.pk))

    assert client.get("/", **ENGLISH_BROWSER)["Content-Language"] == "en"
    # Signed out, the login page is Vietnamese again.
    client.logout()
    assert client.get(reverse("login"))["Content-Language"] == "vi"


def test_a_language_that_is_not_offered_changes_nothing(client, planner) -> None:
    client.force_login(planner)

    response = client.post(
        reverse("accounts:language"), {"language": "fr", "next": "/"}, follow=True
    )

    assert User.objects.get(pk=planner.pk).language == "vi"
    assert "Ngôn ngữ này không được hỗ trợ." in response.content.decode()


def test_the_switch_never_redirects_to_another_site(client, planner) -> None:
    client.force_login(planner)

    response = client.post(
        reverse("accounts:language"),
        {"language": "vi", "next": "https://evil.example/"},
    )

    assert response["Location"] == "/"


def test_the_switch_needs_a_signed_in_user(client) -> None:
    response = client.post(reverse("accounts:language"), {"language": "en"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_favicon_is_served_and_linked_from_every_page(client, planner) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
    assert finders.find("img/favicon.ico")
    assert finders.find("img/favicon.svg")

    client.force_login(planner)
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page
    assert "img/favicon.svg" in page
