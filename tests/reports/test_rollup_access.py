"""Who opens the roll-up and a child's page, and that the parent's people read a
child without being able to write to it by any address or service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from campaigns.models import Plan
from campaigns.services.plans import plan_set_status
from organisation.scoping import acting_in
from tests.campaigns.lifecycle_world import fingerprint, plan_world
from tests.factories import UnitFactory, UserFactory

from .rollup_world import YEAR, commune_make, province_make, today  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

ROLLUP = reverse("reports:rollup")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["leader", "planner", "admin"])
def test_the_provinces_planners_admins_and_leaders_see_the_rollup(role) -> None:
    province = province_make()
    commune_make(province, "UBND xã Tam Xuân")
    user = UserFactory(role=role, role__organisation=province)

    response = _client(user).get(ROLLUP)

    assert response.status_code == 200
    assert "UBND xã Tam Xuân" in response.content.decode()


def test_a_communes_planner_gets_404_on_the_rollup() -> None:
    commune = commune_make(province_make(), "UBND xã Tam Xuân")

    response = _client(commune.planner).get(ROLLUP)

    assert response.status_code == 404


def test_a_provinces_unit_head_gets_403() -> None:
    province = province_make()
    commune_make(province, "UBND xã Tam Xuân")
    head = UserFactory(role="unit_head", role__organisation=province)
    UnitFactory(organisation=province, head=head)

    assert _client(head).get(ROLLUP).status_code == 403


def test_the_navigation_links_the_rollup_only_where_there_are_children() -> None:
    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân")
    leader = UserFactory(role="leader", role__organisation=province)

    provincial = _client(leader).get(reverse("reports:index"), follow=True)
    communal = _client(commune.planner).get(reverse("reports:index"), follow=True)

    assert 'id="nav-rollup"' in provincial.content.decode()
    assert 'id="nav-rollup"' not in communal.content.decode()


def test_a_child_page_shows_the_childs_dashboard_read_only() -> None:
    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân")
    planner = UserFactory(role="planner", role__organisation=province)
    url = reverse("reports:rollup_child", args=[commune.organisation.pk])

    response = _client(planner).get(url, {"year": YEAR})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="read-only"' in body
    assert commune.plan.get_absolute_url() not in body
    assert reverse("planning:activity_create") not in body


@pytest.mark.parametrize("which", ["itself", "another provinces commune", "unknown"])
def test_a_child_page_of_an_organisation_not_under_this_one_is_404(which) -> None:
    province = province_make()
    commune_make(province, "UBND xã Tam Xuân")
    elsewhere = commune_make(province_make("UBND tỉnh Khác"), "UBND xã Khác")
    leader = UserFactory(role="leader", role__organisation=province)
    child_id = {
        "itself": province.pk,
        "another provinces commune": elsewhere.organisation.pk,
        "unknown": 999_999,
    }[which]

    response = _client(leader).get(reverse("reports:rollup_child", args=[child_id]))

    assert response.status_code == 404


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _patterns(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


def test_a_province_planner_cannot_write_to_a_childs_plan_through_any_url() -> None:
    """Every address that takes an id of a plan's rows, posted to with the
    child's ids by the province's planner: refused (403/404/405), and the
    child's plan is as it was."""
    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân", plan_status=None)
    head = UserFactory(role="unit_head", role__organisation=commune.organisation)
    world = plan_world(
        head=head,
        status=Plan.Status.ISSUED,
        year=YEAR,
        organisation=commune.organisation,
    )
    planner = UserFactory(role="planner", role__organisation=province)
    client = _client(planner)
    ids = {
        "plan_id": world.plan.pk,
        "activity_id": world.activity.pk,
        "task_id": world.todo.pk,
        "report_id": world.report.pk,
        "evidence_id": world.evidence.pk,
        "unit_id": world.unit.pk,
    }
    before = fingerprint(world.plan)
    answers = {}
    for name, pattern in _patterns(get_resolver().url_patterns):
        converters = pattern.pattern.converters
        if not converters or not set(converters) <= set(ids):
            continue
        url = reverse(name, args=[ids[key] for key in converters])
        answers[url] = client.post(
            url,
            {"status": "closed", "note": "x", "body": "x", "decision": "accept"},
        ).status_code

    assert len(answers) > 10
    assert {
        url: code for url, code in answers.items() if code not in (403, 404, 405)
    } == {}
    assert fingerprint(world.plan) == before


def test_a_province_planner_cannot_post_a_childs_ids_in_a_form() -> None:
    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân")
    planner = UserFactory(role="planner", role__organisation=province)
    before = fingerprint(commune.plan)

    _client(planner).post(
        reverse("planning:activity_create"),
        {"plan": commune.plan.pk, "title": "Chen vào kế hoạch xã"},
    )

    assert fingerprint(commune.plan) == before


def test_the_policy_refuses_a_province_planner_even_in_the_childs_scope() -> None:
    """Reading in the child's scope grants nothing: the services ask for roles
    in the child's organisation, where the province's planner holds none."""
    province = province_make()
    commune = commune_make(province, "UBND xã Tam Xuân")
    planner = UserFactory(role="planner", role__organisation=province)

    with acting_in([commune.organisation.pk]), pytest.raises(PermissionDenied):
        plan_set_status(
            plan_id=commune.plan.pk, status=Plan.Status.CLOSED, user=planner
        )

    commune.plan.refresh_from_db()
    assert commune.plan.status == Plan.Status.ISSUED
