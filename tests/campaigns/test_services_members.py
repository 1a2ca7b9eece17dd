"""A unit's staff: who a head may add, and invitations that lose a race or
meet a mail server that is down."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from campaigns.selectors import member_candidates
from campaigns.services import members
from tests.factories import UserFactory


@pytest.fixture(params=[Role.PLANNER, Role.ADMIN, Role.LEADER])
def district_person(request) -> object:
    return UserFactory(role=request.param)


def test_a_head_may_not_add_someone_with_a_district_role(
    scene, district_person
) -> None:
    with pytest.raises(ValidationError) as caught:
        members.unit_member_add(
            unit=scene.unit, user=scene.head, member=district_person
        )

    assert caught.value.code == "not_candidate"
    assert not scene.unit.staff.filter(pk=district_person.pk).exists()
    assert (
        Role.UNIT_STAFF
        not in type(district_person).objects.get(pk=district_person.pk).roles
    )


def test_a_head_may_not_add_the_head_of_another_unit(scene) -> None:
    with pytest.raises(ValidationError):
        members.unit_member_add(
            unit=scene.unit, user=scene.head, member=scene.other_head
        )

    assert not scene.unit.staff.filter(pk=scene.other_head.pk).exists()


def test_an_admin_may_not_add_a_leader_to_a_units_staff(
    scene, admin_user, leader
) -> None:
    with pytest.raises(ValidationError):
        members.unit_member_add(unit=scene.unit, user=admin_user, member=leader)


def test_the_candidates_are_plain_accounts_and_staff_of_other_units(
    scene, planner, leader, admin_user
) -> None:
    plain = UserFactory()
    other_staff = UserFactory(role=Role.UNIT_STAFF)
    scene.other_unit.staff.add(other_staff)

    candidates = set(member_candidates(unit=scene.unit))

    assert {plain, other_staff, scene.head} <= candidates
    assert not {planner, leader, admin_user, scene.other_head} & candidates
