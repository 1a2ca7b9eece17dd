"""A parent organisation's administrator creates an organisation under it and
invites its first administrator; every new organisation starts with the
default channels and audience groups."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from audiences.models import AudienceGroup
from channels.models import Channel
from organisation import defaults, services
from organisation.models import Membership, Organisation
from tests.factories import UserFactory, home_organisation

pytestmark = pytest.mark.django_db

NEW = reverse("administration:organisation_create")
CHILD = {
    "kind": Organisation.Kind.WARD,
    "parent_name": "UBND xã Tam Xuân",
    "name": "UBND phường An Mỹ",
    "short_name": "An Mỹ",
    "place": "An Mỹ",
    "admin_email": "quantri.anmy@example.test",
    "admin_full_name": "Trần Thị Hoa",
}


def test_a_child_is_created_under_the_acting_organisation(
    org_admin_client: Client,
) -> None:
    response = org_admin_client.post(NEW, CHILD)

    assert response.status_code == 302
    child = Organisation.objects.get(name="UBND phường An Mỹ")
    assert (child.parent, child.kind) == (home_organisation(), "ward")
    assert child.header_lines == ["UBND XÃ TAM XUÂN", "UBND PHƯỜNG AN MỸ"]


def test_its_first_administrator_is_invited_by_e_mail(
    org_admin_client: Client,
) -> None:
    org_admin_client.post(NEW, CHILD)

    child = Organisation.objects.get(name="UBND phường An Mỹ")
    admin = User.objects.get(email="quantri.anmy@example.test")
    assert admin.roles_in(child.pk) == {Role.ADMIN}
    assert admin.roles_in(home_organisation().pk) == set()
    (message,) = mail.outbox
    assert message.to == ["quantri.anmy@example.test"]
    assert "/accounts/reset/" in message.body
    assert "UBND phường An Mỹ" in message.body


def test_an_existing_account_becomes_its_administrator_without_a_new_password(
    org_admin_client: Client,
) -> None:
    known = UserFactory(email="quantri.anmy@example.test")

    org_admin_client.post(NEW, CHILD)

    child = Organisation.objects.get(name="UBND phường An Mỹ")
    assert Membership.objects.get(organisation=child).user == known
    assert known.has_usable_password()
    (message,) = mail.outbox
    assert "/accounts/reset/" not in message.body


def test_the_new_organisation_is_listed_and_starts_with_the_catalogues(
    org_admin_client: Client,
) -> None:
    org_admin_client.post(NEW, CHILD)

    child = Organisation.objects.get(name="UBND phường An Mỹ")
    page = org_admin_client.get(reverse("administration:organisation_list"))
    assert "UBND phường An Mỹ" in page.content.decode()
    assert Channel.objects.filter(organisation=child).count() == len(defaults.CHANNELS)
    assert AudienceGroup.objects.filter(organisation=child).count() == len(
        defaults.AUDIENCES
    )


def test_a_child_without_a_name_or_a_bad_address_gets_vietnamese_messages(
    org_admin_client: Client,
) -> None:
    response = org_admin_client.post(
        NEW, {**CHILD, "name": "", "admin_email": "không phải địa chỉ"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in page
    assert "Nhập địa chỉ email." in page
    assert not Organisation.objects.filter(short_name="An Mỹ").exists()


def test_a_mail_server_down_creates_no_organisation(
    org_admin_client: Client, monkeypatch
) -> None:
    from django.core.mail import EmailMultiAlternatives

    def refuse(self, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)

    response = org_admin_client.post(NEW, CHILD)

    assert response.status_code == 400
    assert not Organisation.objects.filter(name="UBND phường An Mỹ").exists()
    assert not User.objects.filter(email="quantri.anmy@example.test").exists()


def test_the_child_sees_nothing_of_its_parent(org_admin_client: Client) -> None:
    org_admin_client.post(NEW, CHILD)
    child_admin = User.objects.get(email="quantri.anmy@example.test")
    child_admin.set_password("mat-khau-moi-2025")
    child_admin.save()
    client = Client()
    client.force_login(child_admin)

    page = client.get(reverse("administration:channel_list")).content.decode()

    assert client.get(reverse("administration:profile")).status_code == 200
    assert page.count('data-channel="') == len(defaults.CHANNELS)
    assert "Tam Xuân" not in client.get(reverse("administration:people")).text


# --- the service --------------------------------------------------------------------


def test_organisation_create_gives_the_default_catalogues_in_order(org_admin) -> None:
    created = services.organisation_create(
        user=org_admin,
        parent=home_organisation(),
        data={"kind": "commune", "name": "UBND xã Mới", "short_name": "Mới"}
        | {"place": "Mới"},
    )

    channels = Channel.objects.filter(organisation=created).order_by("order")
    assert [c.code for c in channels] == [row[0] for row in defaults.CHANNELS]
    assert channels.get(code="cong-ttdt").form == Channel.Form.ONLINE


@pytest.mark.parametrize("role", [Role.PLANNER, Role.LEADER, Role.UNIT_HEAD])
def test_only_the_parents_administrator_creates_a_child(role) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            user=UserFactory(role=role),
            parent=home_organisation(),
            data={"name": "X", "short_name": "X", "place": "X"},
        )


def test_an_organisation_without_a_parent_is_an_operators_to_create(
    org_admin,
) -> None:
    operator = UserFactory(is_superuser=True)

    with pytest.raises(PermissionDenied):
        services.organisation_create(
            user=org_admin,
            parent=None,
            data={"name": "UBND tỉnh", "short_name": "Tỉnh", "place": "Tỉnh"},
        )
    created = services.organisation_create(
        user=operator,
        parent=None,
        data={"kind": "province", "name": "UBND tỉnh", "short_name": "Tỉnh"}
        | {"place": "Tỉnh"},
    )

    assert created.parent is None


def test_an_organisation_an_operator_adds_in_the_django_admin_gets_them_too(
    client: Client,
) -> None:
    home_organisation()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(
        reverse("admin:organisation_organisation_add"),
        {
            "kind": "province",
            "name": "UBND thành phố Đà Nẵng",
            "short_name": "Đà Nẵng",
            "place": "Đà Nẵng",
            "is_active": "on",
            "document_symbol": "BC-UBND",
            "signer_title": "CHỦ TỊCH",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    created = Organisation.objects.get(short_name="Đà Nẵng")
    assert Channel.objects.filter(organisation=created).count() == len(
        defaults.CHANNELS
    )
