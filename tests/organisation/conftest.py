"""An administrator of the home organisation, and another organisation with a
unit, a channel, an audience group and a person of its own."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from audiences.models import AudienceGroup
from campaigns.models import Unit
from channels.models import Channel
from organisation.models import Organisation
from tests.factories import (
    AudienceGroupFactory,
    ChannelFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
    home_organisation,
)


@dataclass
class Elsewhere:
    organisation: Organisation
    unit: Unit
    channel: Channel
    group: AudienceGroup
    person: User


@pytest.fixture
def org_admin(db) -> User:
    home_organisation()
    return UserFactory(
        username="quantri", first_name="Trị", last_name="Quản", role=Role.ADMIN
    )


@pytest.fixture
def org_admin_client(client: Client, org_admin: User) -> Client:
    client.force_login(org_admin)
    return client


@pytest.fixture
def elsewhere(db) -> Elsewhere:
    other = OrganisationFactory(name="UBND phường Hòa Khánh", short_name="Hòa Khánh")
    person = UserFactory(
        username="nguoi-hoa-khanh",
        first_name="Hòa Khánh",
        last_name="Người",
        role=Role.UNIT_HEAD,
        role__organisation=other,
    )
    return Elsewhere(
        organisation=other,
        unit=UnitFactory(organisation=other, name="Phòng Hòa Khánh", head=person),
        channel=ChannelFactory(organisation=other, name="Loa Hòa Khánh"),
        group=AudienceGroupFactory(organisation=other, name="Tiểu thương Hòa Khánh"),
        person=person,
    )
