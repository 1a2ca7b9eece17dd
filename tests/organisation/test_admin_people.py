"""An organisation's people and their roles: listed, added, invited by e-mail,
changed and taken back, by its administrator, with the rules that keep the
organisation administrable and its units headed."""

from __future__ import annotations

import re
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from organisation import services
from organisation.models import Membership
from tests.factories import UnitFactory, UserFactory, home_organisation

pytestmark = pytest.mark.django_db

PEOPLE = reverse("administration:people")


def _roles(user: User) -> set[str]:
    return set(
        Membership.objects.filter(
            user=user, organisation=home_organisation()
        ).values_list("role", flat=True)
    )


def test_the_list_shows_each_person_with_roles_and_units(
    org_admin_client: Client,
) -> None:
    person = UserFactory(
        username="lan", first_name="Lan", last_name="Thị", role=Role.UNIT_HEAD
    )
    UserFactory(username="lan", role=Role.PLANNER)
    UnitFactory(name="Phòng Văn hóa", short_name="Văn hóa", head=person)

    page = org_admin_client.get(PEOPLE).content.decode()

    row = re.search(r'data-person="lan">(.*?)</li>', page, re.S).group(1)
    assert "Thị Lan" in row
    assert "Người đứng đầu đơn vị" in row
    assert "Cán bộ phụ trách kế hoạch" in row
    assert "Văn hóa" in row


def test_the_list_is_searched_without_accents(org_admin_client: Client) -> None:
    UserFactory(username="lan", first_name="Lan", last_name="Thị", role=Role.LEADER)
    UserFactory(username="binh", first_name="Bình", last_name="Văn", role=Role.LEADER)

    page = org_admin_client.get(PEOPLE, {"q": "binh"}).content.decode()

    assert 'data-person="binh"' in page
    assert 'data-person="lan"' not in page


def test_an_existing_account_is_added_by_its_address(
    org_admin_client: Client, elsewhere
) -> None:
    response = org_admin_client.post(
        PEOPLE,
        {
            "action": "add",
            "account": elsewhere.person.email.upper(),
            "roles": [Role.PLANNER, Role.LEADER],
        },
    )

    assert response.status_code == 302
    assert _roles(elsewhere.person) == {Role.PLANNER, Role.LEADER}
    assert elsewhere.person.roles_in(elsewhere.organisation.pk) == {Role.UNIT_HEAD}


def test_an_unknown_account_gets_a_vietnamese_message(
    org_admin_client: Client,
) -> None:
    response = org_admin_client.post(
        PEOPLE, {"action": "add", "account": "khong-ai", "roles": [Role.PLANNER]}
    )

    assert response.status_code == 400
    assert "Không có tài khoản đang hoạt động nào" in response.content.decode()


def test_adding_without_a_role_is_refused(org_admin_client: Client) -> None:
    person = UserFactory()

    response = org_admin_client.post(
        PEOPLE, {"action": "add", "account": person.username}
    )

    assert response.status_code == 400
    assert "Hãy chọn ít nhất một vai trò." in response.content.decode()
    assert _roles(person) == set()


def test_someone_who_works_here_already_is_not_added_twice(
    org_admin_client: Client,
) -> None:
    person = UserFactory(role=Role.LEADER)

    response = org_admin_client.post(
        PEOPLE, {"action": "add", "account": person.username, "roles": ["planner"]}
    )

    assert response.status_code == 400
    assert "đã làm việc tại cơ quan này" in response.content.decode()
    assert _roles(person) == {Role.LEADER}


def test_an_invitation_creates_the_account_and_mails_a_set_password_link(
    org_admin_client: Client,
) -> None:
    response = org_admin_client.post(
        PEOPLE,
        {
            "action": "invite",
            "email": "moi@example.test",
            "full_name": "Nguyễn Văn Mới",
            "roles": [Role.PLANNER],
        },
    )

    assert response.status_code == 302
    member = User.objects.get(email="moi@example.test")
    assert not member.has_usable_password()
    assert _roles(member) == {Role.PLANNER}
    (message,) = mail.outbox
    assert message.to == ["moi@example.test"]
    assert "Tam Xuân" in message.subject
    assert "/accounts/reset/" in message.body
    assert "Cán bộ phụ trách kế hoạch" in message.body
    assert "CCHC Tam Xuân" in message.from_email


def test_an_invitation_to_an_address_with_an_account_is_refused(
    org_admin_client: Client,
) -> None:
    UserFactory(email="co@example.test")

    response = org_admin_client.post(
        PEOPLE,
        {"action": "invite", "email": "co@example.test", "roles": [Role.PLANNER]},
    )

    assert response.status_code == 400
    assert "Đã có tài khoản dùng địa chỉ này" in response.content.decode()
    assert not mail.outbox


def test_an_invitation_while_the_mail_server_is_down_saves_nothing(
    org_admin_client: Client, monkeypatch
) -> None:
    def refuse(self, fail_silently: bool = False) -> int:
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)

    response = org_admin_client.post(
        PEOPLE,
        {"action": "invite", "email": "moi@example.test", "roles": [Role.PLANNER]},
    )

    assert response.status_code == 400
    assert "Máy chủ thư không gửi được lời mời" in response.content.decode()
    assert not User.objects.filter(email="moi@example.test").exists()


# --- one person's roles ---------------------------------------------------------------


def test_roles_are_granted_and_revoked(org_admin_client: Client) -> None:
    person = UserFactory(role=Role.LEADER)

    response = org_admin_client.post(
        reverse("administration:person", args=[person.pk]),
        {"roles": [Role.PLANNER, Role.ADMIN]},
    )

    assert response.status_code == 302
    assert _roles(person) == {Role.PLANNER, Role.ADMIN}


def test_an_unknown_role_gets_a_vietnamese_message(org_admin_client: Client) -> None:
    person = UserFactory(role=Role.LEADER)

    response = org_admin_client.post(
        reverse("administration:person", args=[person.pk]), {"roles": ["chief"]}
    )

    assert response.status_code == 400
    assert "không phải là một trong các lựa chọn" in response.content.decode()
    assert _roles(person) == {Role.LEADER}


def test_an_administrator_cannot_take_away_their_own_admin_role(
    org_admin_client: Client, org_admin
) -> None:
    response = org_admin_client.post(
        reverse("administration:person", args=[org_admin.pk]),
        {"roles": [Role.PLANNER]},
    )

    assert response.status_code == 400
    assert "Bạn không thể tự bỏ vai trò quản trị" in response.content.decode()
    assert _roles(org_admin) == {Role.ADMIN}


def test_an_administrator_cannot_remove_themselves(
    org_admin_client: Client, org_admin
) -> None:
    response = org_admin_client.post(
        reverse("administration:person", args=[org_admin.pk]), {"action": "remove"}
    )

    assert response.status_code == 400
    assert _roles(org_admin) == {Role.ADMIN}


def test_another_administrator_may_be_removed(org_admin_client: Client) -> None:
    other = UserFactory(role=Role.ADMIN)

    response = org_admin_client.post(
        reverse("administration:person", args=[other.pk]), {"action": "remove"}
    )

    assert response.status_code == 302
    assert _roles(other) == set()
    assert User.objects.filter(pk=other.pk, is_active=True).exists()


def test_the_head_role_of_someone_heading_a_unit_stays(
    org_admin_client: Client,
) -> None:
    head = UserFactory(role=Role.UNIT_HEAD)
    UnitFactory(name="Phòng Tư pháp", short_name="Tư pháp", head=head)

    response = org_admin_client.post(
        reverse("administration:person", args=[head.pk]), {"action": "remove"}
    )

    assert response.status_code == 400
    assert "đang là người đứng đầu Tư pháp" in response.content.decode()
    assert _roles(head) == {Role.UNIT_HEAD}


def test_the_staff_role_of_someone_on_a_units_staff_stays(
    org_admin_client: Client,
) -> None:
    staff = UserFactory(role=Role.UNIT_STAFF)
    UnitFactory(name="Phòng Tư pháp", short_name="Tư pháp").staff.add(staff)

    response = org_admin_client.post(
        reverse("administration:person", args=[staff.pk]), {"roles": []}
    )

    assert response.status_code == 400
    assert "đang là cán bộ của Tư pháp" in response.content.decode()
    assert _roles(staff) == {Role.UNIT_STAFF}


def test_someone_with_no_role_here_is_not_found(org_admin_client: Client) -> None:
    nobody = UserFactory()

    response = org_admin_client.get(reverse("administration:person", args=[nobody.pk]))

    assert response.status_code == 404


def test_a_removed_person_keeps_their_roles_elsewhere(
    org_admin_client: Client, elsewhere
) -> None:
    UserFactory(username=elsewhere.person.username, role=Role.LEADER)

    org_admin_client.post(
        reverse("administration:person", args=[elsewhere.person.pk]),
        {"action": "remove"},
    )

    assert _roles(elsewhere.person) == set()
    assert elsewhere.person.roles_in(elsewhere.organisation.pk) == {Role.UNIT_HEAD}


# --- the services refuse whoever may not act ---------------------------------------


@pytest.mark.parametrize(
    "role", [Role.PLANNER, Role.LEADER, Role.UNIT_HEAD, Role.UNIT_STAFF]
)
def test_only_an_administrator_grants_roles(role) -> None:
    actor = UserFactory(role=role)
    person = UserFactory()

    with pytest.raises(PermissionDenied):
        services.member_add(
            user=actor,
            organisation=home_organisation(),
            member=person,
            roles=[Role.ADMIN],
        )
    with pytest.raises(PermissionDenied):
        services.membership_set_roles(
            user=actor, organisation=home_organisation(), member=actor, roles=["admin"]
        )

    assert _roles(person) == set()


def test_an_administrator_of_another_organisation_grants_nothing_here(
    elsewhere,
) -> None:
    outsider = UserFactory(role=Role.ADMIN, role__organisation=elsewhere.organisation)

    with pytest.raises(PermissionDenied):
        services.membership_set_roles(
            user=outsider,
            organisation=home_organisation(),
            member=outsider,
            roles=[Role.ADMIN],
        )


def test_a_disabled_account_gets_no_new_role(org_admin) -> None:
    disabled = UserFactory(is_active=False, role=Role.LEADER)

    with pytest.raises(ValidationError) as caught:
        services.membership_set_roles(
            user=org_admin,
            organisation=home_organisation(),
            member=disabled,
            roles=[Role.LEADER, Role.PLANNER],
        )

    assert caught.value.code == "inactive"
