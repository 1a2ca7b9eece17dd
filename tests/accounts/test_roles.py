"""Roles are held per organisation (organisation.Membership), not by groups."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, home_organisation

pytestmark = pytest.mark.django_db


def test_a_person_holds_different_roles_in_two_organisations() -> None:
    here, there = home_organisation(), OrganisationFactory()
    person = UserFactory(role=Role.PLANNER)
    UserFactory(username=person.username, role=Role.UNIT_HEAD, role__organisation=there)
    person = type(person).objects.get(pk=person.pk)

    assert person.roles_in(here.pk) == {Role.PLANNER}
    assert person.roles_in(there.pk) == {Role.UNIT_HEAD}


def test_the_roles_are_those_of_the_organisation_worked_in_now() -> None:
    there = OrganisationFactory()
    person = UserFactory(role=Role.PLANNER)
    UserFactory(username=person.username, role=Role.LEADER, role__organisation=there)
    person = type(person).objects.get(pk=person.pk)

    person.acting_organisation_id = there.pk

    assert person.has_role(Role.LEADER)
    assert not person.can_edit_plans


def test_no_role_in_an_organisation_is_no_role_at_all() -> None:
    person = UserFactory(role=Role.ADMIN)

    assert person.roles_in(OrganisationFactory().pk) == frozenset()


def test_an_operator_administers_any_organisation() -> None:
    operator = UserFactory(is_superuser=True)

    assert Role.ADMIN in operator.roles_in(OrganisationFactory().pk)


def test_no_role_group_is_left() -> None:
    assert not Group.objects.filter(name__in=Role.values).exists()
