"""A new organisation's dashboard lists its first steps (profile, a unit, a
planner, a plan) to its planners and administrators until all are done."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from organisation.first_steps import first_steps
from tests.factories import (
    OrganisationFactory,
    PlanFactory,
    UnitFactory,
    UserFactory,
    home_organisation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_commune():
    """A commune just created: a name, no signer, no unit, plan or planner."""
    home_organisation()
    return OrganisationFactory(name="UBND xã Mới", short_name="Mới", place="Mới")


def _dashboard(role: str, organisation) -> str:
    client = Client()
    client.force_login(UserFactory(role=role, role__organisation=organisation))
    return client.get("/").content.decode()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PLANNER])
def test_the_card_shows_on_a_new_organisations_dashboard(role, new_commune) -> None:
    page = _dashboard(role, new_commune)

    assert 'id="first-steps"' in page
    assert 'data-step="plan" data-done="0"' in page


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_HEAD])
def test_readers_and_units_do_not_see_it(role, new_commune) -> None:
    UnitFactory(organisation=new_commune)

    assert 'id="first-steps"' not in _dashboard(role, new_commune)


def test_the_administrator_gets_links_the_planner_only_the_plans(
    new_commune,
) -> None:
    admin_page = _dashboard(Role.ADMIN, new_commune)
    planner_page = _dashboard(Role.PLANNER, new_commune)

    assert 'href="/administration/units/new/"' in admin_page
    assert 'href="/administration/units/new/"' not in planner_page
    assert 'href="/plans/new/"' in planner_page


def test_each_step_is_ticked_when_done(new_commune) -> None:
    UnitFactory(organisation=new_commune)
    UserFactory(role=Role.PLANNER, role__organisation=new_commune)

    steps = first_steps(new_commune)

    assert (steps.profile, steps.unit, steps.planner, steps.plan) == (
        False,
        True,
        True,
        False,
    )
    assert 'data-step="unit" data-done="1"' in _dashboard(Role.ADMIN, new_commune)


def test_the_card_goes_away_once_all_are_done(new_commune) -> None:
    new_commune.signer_name = "Lê Văn Bình"
    new_commune.recipients = "Lưu: VT."
    new_commune.save()
    UnitFactory(organisation=new_commune)
    UserFactory(role=Role.PLANNER, role__organisation=new_commune)
    PlanFactory(organisation=new_commune)

    assert first_steps(new_commune).done
    assert 'id="first-steps"' not in _dashboard(Role.ADMIN, new_commune)


def test_another_organisations_units_and_plans_do_not_count(new_commune) -> None:
    UnitFactory()
    PlanFactory()
    UserFactory(role=Role.PLANNER)

    steps = first_steps(new_commune)

    assert (steps.unit, steps.planner, steps.plan) == (False, False, False)


def test_the_administrations_index_shows_the_steps(new_commune) -> None:
    client = Client()
    client.force_login(UserFactory(role=Role.ADMIN, role__organisation=new_commune))

    page = client.get("/administration/").content.decode()

    assert 'id="first-steps"' in page
