"""A fresh installation is set up from the browser: ``/setup/`` creates the
first organisation and its administrator while the database holds neither,
and is not found once it does."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from channels.models import Channel
from organisation import services
from organisation.models import Organisation
from tests.factories import UserFactory, home_organisation
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db

SETUP = reverse("setup")
FORM = {
    "kind": Organisation.Kind.COMMUNE,
    "parent_name": "UBND thành phố Đà Nẵng",
    "name": "UBND xã Núi Thành",
    "short_name": "Núi Thành",
    "place": "Núi Thành",
    "username": "quantri",
    "full_name": "Nguyễn Văn An",
    "email": "quantri@nuithanh.example",
    "password1": "Chuoi-mat-khau-dai-2025",
    "password2": "Chuoi-mat-khau-dai-2025",
}


def test_the_login_page_of_an_empty_installation_links_to_the_setup(
    client: Client,
) -> None:
    page = client.get("/accounts/login/").content.decode()

    assert 'id="setup-link"' in page
    assert f'href="{SETUP}"' in page


def test_the_login_page_does_not_link_to_it_once_set_up(client: Client) -> None:
    home_organisation()

    assert 'id="setup-link"' not in client.get("/accounts/login/").content.decode()


def test_the_setup_creates_the_organisation_and_its_administrator(
    client: Client,
) -> None:
    response = client.post(SETUP, FORM)

    assert response.status_code == 302
    assert response["Location"] == reverse("administration:index")
    organisation = Organisation.objects.get()
    account = User.objects.get()
    assert (organisation.name, organisation.parent) == ("UBND xã Núi Thành", None)
    assert account.check_password(FORM["password1"])
    assert (account.is_superuser, account.is_staff) == (True, True)
    assert account.roles_in(organisation.pk) == {Role.ADMIN}
    assert account.get_full_name() == "Nguyễn Văn An"
    assert Channel.objects.filter(organisation=organisation).exists()


def test_after_the_setup_the_administrator_is_signed_in_and_sees_the_first_steps(
    client: Client,
) -> None:
    page = client.post(SETUP, FORM, follow=True).content.decode()

    assert 'id="first-steps"' in page
    assert "Đã thiết lập hệ thống." in page
    assert 'id="nav-administration"' in page


def test_the_setup_is_not_found_once_an_organisation_exists(client: Client) -> None:
    home_organisation()

    assert client.get(SETUP).status_code == 404
    assert client.post(SETUP, FORM).status_code == 404
    assert not User.objects.filter(username="quantri").exists()


def test_the_setup_is_not_found_once_an_operator_exists(client: Client) -> None:
    UserFactory(is_superuser=True, is_staff=True)

    assert client.get(SETUP).status_code == 404
    assert client.post(SETUP, FORM).status_code == 404
    assert not Organisation.objects.exists()


def test_the_setup_is_refused_without_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(SETUP, FORM)

    assert response.status_code == 403
    assert not Organisation.objects.exists()


def test_two_different_passwords_get_a_vietnamese_message(client: Client) -> None:
    response = client.post(SETUP, {**FORM, "password2": "khac-hoan-toan-2025"})

    assert response.status_code == 400
    assert "Hai mật khẩu không khớp nhau." in response.content.decode()
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_a_weak_password_or_a_bad_user_name_is_refused(client: Client) -> None:
    response = client.post(
        SETUP,
        {**FORM, "username": "quản trị viên", "password1": "123", "password2": "123"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Mật khẩu quá ngắn" in page
    assert "Tên đăng nhập không hợp lệ" in page
    assert not User.objects.exists()


def test_the_service_refuses_a_second_setup() -> None:
    services.installation_setup(
        data=FORM, username="a", email="a@example.test", password=FORM["password1"]
    )

    with pytest.raises(PermissionDenied):
        services.installation_setup(
            data=FORM, username="b", email="b@example.test", password=FORM["password1"]
        )

    assert Organisation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_setups_sent_at_once_make_one(monkeypatch) -> None:
    """The first setup pauses after its check, holding the lock; the second
    waits for it, then finds the installation set up and is refused."""
    require_postgresql("two transactions racing need PostgreSQL's locks")
    checked, go_on = threading.Event(), threading.Event()
    is_empty = services.installation_is_empty
    first_thread = threading.current_thread

    def pause_in_the_first(*args: object) -> bool:
        empty = is_empty()
        if first_thread().name == "first":
            checked.set()
            assert go_on.wait(10)
        return empty

    monkeypatch.setattr(services, "installation_is_empty", pause_in_the_first)
    outcomes: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            services.installation_setup(
                data=FORM,
                username=name,
                email=f"{name}@example.test",
                password=FORM["password1"],
            )
            outcomes[name] = "created"
        except PermissionDenied:
            outcomes[name] = "refused"
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("first",), name="first")
    second = threading.Thread(target=run, args=("second",), name="second")
    first.start()
    assert checked.wait(10)
    second.start()
    second.join(1)
    waited = second.is_alive()
    go_on.set()
    first.join(10)
    second.join(10)

    assert waited, "the second setup did not wait for the first"
    assert outcomes == {"first": "created", "second": "refused"}
    assert Organisation.objects.count() == 1
    assert list(User.objects.values_list("username", flat=True)) == ["first"]
