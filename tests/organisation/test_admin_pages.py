"""An organisation's administrator manages its profile, units, channels and
audience groups on the app's own pages; nobody else may, and another
organisation's ids are not found."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audiences.models import AudienceGroup
from campaigns.models import Unit
from channels.models import Channel
from organisation.models import Organisation
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    ChannelFactory,
    UnitFactory,
    UserFactory,
    home_organisation,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "administration:index",
    "administration:profile",
    "administration:unit_list",
    "administration:unit_create",
    "administration:people",
    "administration:channel_list",
    "administration:channel_create",
    "administration:audience_list",
    "administration:audience_create",
    "administration:organisation_list",
    "administration:organisation_create",
]


@pytest.mark.parametrize("page", PAGES)
def test_the_administrator_opens_every_page(org_admin_client: Client, page) -> None:
    assert org_admin_client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize(
    "role", [Role.PLANNER, Role.LEADER, Role.UNIT_HEAD, Role.UNIT_STAFF]
)
@pytest.mark.parametrize("page", PAGES)
def test_other_roles_are_refused(client: Client, role, page) -> None:
    client.force_login(UserFactory(role=role))

    assert client.get(reverse(page)).status_code == 403
    assert client.post(reverse(page), {"name": "x"}).status_code == 403


def test_an_administrator_of_another_organisation_is_refused_here(
    client: Client, elsewhere
) -> None:
    outsider = UserFactory(role=Role.ADMIN, role__organisation=elsewhere.organisation)
    UserFactory(username=outsider.username, role=Role.PLANNER)
    client.force_login(outsider)
    client.post("/organisation/switch/", {"organisation": home_organisation().pk})

    assert client.get(reverse("administration:profile")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(reverse("administration:index"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_menu_offers_administration_to_administrators_only(
    org_admin_client: Client, planner
) -> None:
    page = org_admin_client.get("/").content.decode()
    planner_client = Client()
    planner_client.force_login(planner)

    assert 'id="nav-administration"' in page
    assert reverse("administration:people") in page
    assert 'id="nav-administration"' not in planner_client.get("/").content.decode()


@pytest.mark.parametrize(
    ("name", "attribute"),
    [
        ("administration:unit_edit", "unit"),
        ("administration:channel_edit", "channel"),
        ("administration:audience_edit", "group"),
        ("administration:person", "person"),
    ],
)
def test_another_organisations_ids_are_not_found(
    org_admin_client: Client, elsewhere, name, attribute
) -> None:
    url = reverse(name, args=[getattr(elsewhere, attribute).pk])

    assert org_admin_client.get(url).status_code == 404
    assert org_admin_client.post(url, {"name": "Đổi", "roles": []}).status_code == 404
    assert org_admin_client.put(url).status_code == 404


def test_another_organisations_rows_stay_as_they_were(
    org_admin_client: Client, elsewhere
) -> None:
    org_admin_client.post(
        reverse("administration:unit_edit", args=[elsewhere.unit.pk]),
        {"name": "Bị đổi", "kind": "commune", "order": 1},
    )
    org_admin_client.post(
        reverse("administration:audience_edit", args=[elsewhere.group.pk]),
        {"action": "delete"},
    )

    assert Unit.objects.get(pk=elsewhere.unit.pk).name == "Phòng Hòa Khánh"
    assert AudienceGroup.objects.filter(pk=elsewhere.group.pk).exists()


def test_no_list_shows_another_organisations_rows(
    org_admin_client: Client, elsewhere
) -> None:
    pages = "".join(
        org_admin_client.get(reverse(name)).content.decode()
        for name in PAGES
        if not name.endswith("_create")
    )

    for word in ("Hòa Khánh", elsewhere.person.username):
        assert word not in pages


# --- profile ------------------------------------------------------------------------


def test_the_profile_is_saved(org_admin_client: Client) -> None:
    data = {
        "parent_name": "UBND thành phố Đà Nẵng",
        "name": "UBND xã Núi Thành",
        "short_name": "Núi Thành",
        "place": "Núi Thành",
        "document_symbol": "BC-UBND",
        "signer_title": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        "signer_name": "Lê Văn Bình",
        "recipients": "UBND thành phố (b/c);\nLưu: VT.",
        "email_sender_name": "",
    }

    response = org_admin_client.post(reverse("administration:profile"), data)

    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=home_organisation().pk)
    assert organisation.name == "UBND xã Núi Thành"
    assert organisation.signer_name == "Lê Văn Bình"


def test_a_profile_without_a_name_gets_a_vietnamese_message(
    org_admin_client: Client,
) -> None:
    response = org_admin_client.post(
        reverse("administration:profile"), {"name": "", "short_name": "X"}
    )

    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    assert Organisation.objects.get(pk=home_organisation().pk).short_name == "Tam Xuân"


# --- units ----------------------------------------------------------------------


def _unit_data(**fields: object) -> dict[str, object]:
    return {
        "name": "Thôn Đông Trà",
        "short_name": "Đông Trà",
        "aliases": "Thôn 1",
        "kind": Unit.Kind.HAMLET,
        "head": "",
        "contact_email": "dongtra@example.test",
        "is_active": "on",
        "order": 3,
        **fields,
    }


def test_a_unit_is_created_in_the_acting_organisation(
    org_admin_client: Client,
) -> None:
    head = UserFactory(role=Role.UNIT_HEAD)

    response = org_admin_client.post(
        reverse("administration:unit_create"), _unit_data(head=head.pk)
    )

    assert response.status_code == 302
    unit = Unit.objects.get(name="Thôn Đông Trà")
    assert unit.organisation == home_organisation()
    assert (unit.kind, unit.head, unit.alias_list) == ("hamlet", head, ["Thôn 1"])


def test_a_units_name_taken_in_the_organisation_is_refused_in_vietnamese(
    org_admin_client: Client,
) -> None:
    UnitFactory(name="Thôn Đông Trà")

    response = org_admin_client.post(
        reverse("administration:unit_create"), _unit_data(name="thôn đông trà")
    )

    assert response.status_code == 400
    assert "Một đơn vị khác của cơ quan đã có tên này." in response.content.decode()


def test_a_unit_may_share_a_name_with_another_organisations(
    org_admin_client: Client, elsewhere
) -> None:
    response = org_admin_client.post(
        reverse("administration:unit_create"), _unit_data(name="Phòng Hòa Khánh")
    )

    assert response.status_code == 302


def test_a_head_must_hold_the_unit_heads_role_here(
    org_admin_client: Client, elsewhere
) -> None:
    planner = UserFactory(role=Role.PLANNER)

    for head in (planner, elsewhere.person):
        response = org_admin_client.post(
            reverse("administration:unit_create"), _unit_data(head=head.pk)
        )
        assert response.status_code == 400
    assert not Unit.objects.filter(name="Thôn Đông Trà").exists()


def test_a_unit_is_edited_and_made_inactive(org_admin_client: Client) -> None:
    unit = UnitFactory(name="Phòng Văn hóa")

    response = org_admin_client.post(
        reverse("administration:unit_edit", args=[unit.pk]),
        _unit_data(name="Phòng Văn hóa - Xã hội", kind="department", is_active=""),
    )

    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.is_active) == ("Phòng Văn hóa - Xã hội", False)


def test_a_unit_keeps_a_head_whose_role_was_taken_back(
    org_admin_client: Client,
) -> None:
    head = UserFactory()
    unit = UnitFactory(name="Phòng Tư pháp", head=head)

    response = org_admin_client.post(
        reverse("administration:unit_edit", args=[unit.pk]),
        _unit_data(name="Phòng Tư pháp", head=head.pk),
    )

    assert response.status_code == 302


# --- channels and audience groups --------------------------------------------------


def test_a_channel_without_a_code_gets_one_from_its_name(
    org_admin_client: Client,
) -> None:
    response = org_admin_client.post(
        reverse("administration:channel_create"),
        {
            "name": "Đài truyền thanh xã",
            "code": "",
            "output_unit": "lượt phát",
            "form": Channel.Form.TRADITIONAL,
            "color": "#123456",
            "order": 1,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    channel = Channel.objects.get(name="Đài truyền thanh xã")
    assert (channel.code, channel.organisation) == (
        "dai-truyen-thanh-xa",
        home_organisation(),
    )


def test_a_bad_colour_gets_a_vietnamese_message(org_admin_client: Client) -> None:
    channel = ChannelFactory(name="Báo chí")

    response = org_admin_client.post(
        reverse("administration:channel_edit", args=[channel.pk]),
        {
            "name": "Báo chí",
            "code": channel.code,
            "output_unit": "bài",
            "form": Channel.Form.TRADITIONAL,
            "color": "đỏ",
            "order": 1,
        },
    )

    assert response.status_code == 400
    assert "#1a2b3c" in response.content.decode()


def test_a_channels_code_taken_is_refused(org_admin_client: Client) -> None:
    ChannelFactory(name="Báo chí", code="bao-chi")

    response = org_admin_client.post(
        reverse("administration:channel_create"),
        {
            "name": "Báo in",
            "code": "bao-chi",
            "output_unit": "bài",
            "form": Channel.Form.TRADITIONAL,
            "color": "#123456",
            "order": 1,
        },
    )

    assert response.status_code == 400
    assert (
        "Một hình thức tuyên truyền khác của cơ quan đã có mã này."
        in response.content.decode()
    )


def test_an_unused_audience_group_is_deleted(org_admin_client: Client) -> None:
    group = AudienceGroupFactory(name="Học sinh")

    response = org_admin_client.post(
        reverse("administration:audience_edit", args=[group.pk]), {"action": "delete"}
    )

    assert response.status_code == 302
    assert not AudienceGroup.objects.filter(pk=group.pk).exists()


def test_an_audience_group_activities_name_is_not_deleted(
    org_admin_client: Client,
) -> None:
    group = AudienceGroupFactory(name="Học sinh")
    ActivityFactory(audience_groups=[group])

    response = org_admin_client.post(
        reverse("administration:audience_edit", args=[group.pk]),
        {"action": "delete"},
        follow=True,
    )

    assert "không xóa được" in response.content.decode()
    assert AudienceGroup.objects.filter(pk=group.pk).exists()


def test_an_audience_group_is_renamed(org_admin_client: Client) -> None:
    group = AudienceGroupFactory(name="Học sinh")

    org_admin_client.post(
        reverse("administration:audience_edit", args=[group.pk]),
        {"name": "Học sinh, sinh viên", "code": group.code, "order": 2},
    )

    group.refresh_from_db()
    assert (group.name, group.order) == ("Học sinh, sinh viên", 2)
