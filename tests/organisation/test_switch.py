"""A person who works in several organisations switches between them."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from tests.factories import OrganisationFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hats(client: Client):
    """A planner at home who heads nothing but leads in another commune."""
    other = OrganisationFactory(name="UBND xã Tam Anh Nam", short_name="Tam Anh Nam")
    person = UserFactory(role=Role.PLANNER)
    UserFactory(username=person.username, role=Role.LEADER, role__organisation=other)
    PlanFactory(title="Kế hoạch ở nhà", year=2026)
    PlanFactory(organisation=other, title="Kế hoạch Tam Anh Nam", year=2026)
    client.force_login(person)
    return client, other


def test_the_menu_offers_each_organisation(two_hats) -> None:
    client, other = two_hats

    page = client.get("/plans/").content.decode()

    assert 'id="organisation-switch"' in page
    assert other.name in page


def test_after_switching_the_pages_are_the_other_organisations(two_hats) -> None:
    client, other = two_hats

    client.post("/organisation/switch/", {"organisation": other.pk})
    page = client.get("/plans/").content.decode()

    assert "Kế hoạch Tam Anh Nam" in page
    assert "Kế hoạch ở nhà" not in page


def test_the_roles_follow_the_switch(two_hats) -> None:
    client, other = two_hats

    client.post("/organisation/switch/", {"organisation": other.pk})

    assert client.get("/plans/new/").status_code == 403


def test_switching_to_an_organisation_one_is_not_in_is_refused(two_hats) -> None:
    client, _other = two_hats
    stranger = OrganisationFactory()
    PlanFactory(organisation=stranger, title="Kế hoạch người lạ", year=2026)

    response = client.post(
        "/organisation/switch/", {"organisation": stranger.pk}, follow=True
    )

    assert "Bạn không làm việc tại cơ quan đó." in response.content.decode()
    assert "Kế hoạch người lạ" not in client.get("/plans/").content.decode()
