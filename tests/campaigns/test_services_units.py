"""The names units are written with, kept from an import's preview."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns.models import Unit, UnitGroupPhrase
from campaigns.services.units import (
    unit_alias_add,
    unit_create_named,
    unit_phrase_ignore,
)
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_an_alias_is_added_to_the_units_other_names(planner):
    unit = UnitFactory(name="Báo và Phát thanh, Truyền hình Đà Nẵng", aliases="Báo ĐN")

    unit_alias_add(unit=unit, alias="Đài PT-TH Đà Nẵng", user=planner)

    unit.refresh_from_db()
    assert unit.alias_list == ["Báo ĐN", "Đài PT-TH Đà Nẵng"]


def test_an_alias_the_unit_has_already_is_not_added_twice(planner):
    unit = UnitFactory(name="Sở Nội vụ", aliases="SNV")

    unit_alias_add(unit=unit, alias="snv", user=planner)

    unit.refresh_from_db()
    assert unit.alias_list == ["SNV"]


def test_an_alias_naming_another_unit_is_refused(planner):
    UnitFactory(name="Sở Tư pháp", short_name="STP")
    unit = UnitFactory(name="Sở Nội vụ")

    with pytest.raises(ValidationError) as error:
        unit_alias_add(unit=unit, alias="stp", user=planner)

    assert error.value.code == "alias_taken"
    assert Unit.objects.get(pk=unit.pk).aliases == ""


@pytest.mark.parametrize("alias", ["", "   ", "x" * 201])
def test_an_empty_or_overlong_alias_is_refused(planner, alias):
    unit = UnitFactory()

    with pytest.raises(ValidationError):
        unit_alias_add(unit=unit, alias=alias, user=planner)


def test_a_leader_may_not_name_units(leader):
    unit = UnitFactory()

    with pytest.raises(PermissionDenied):
        unit_alias_add(unit=unit, alias="Tên khác", user=leader)
    with pytest.raises(PermissionDenied):
        unit_phrase_ignore(phrase="Hiệp hội Doanh nghiệp", user=leader)
    with pytest.raises(PermissionDenied):
        unit_create_named(name="Đoàn Thanh niên xã", kind="commune", user=leader)


def test_an_ignored_name_becomes_a_phrase_naming_no_unit(planner):
    row = unit_phrase_ignore(phrase="Hiệp hội Doanh nghiệp tỉnh", user=planner)

    assert UnitGroupPhrase.objects.get(pk=row.pk).kind_list == []


def test_a_units_own_name_cannot_be_ignored(planner):
    UnitFactory(name="Sở Nội vụ")

    with pytest.raises(ValidationError):
        unit_phrase_ignore(phrase="SỞ NỘI VỤ", user=planner)


def test_a_new_unit_is_created_with_the_name_as_written(planner):
    unit = unit_create_named(
        name="Đoàn Thanh niên xã", kind=Unit.Kind.DEPARTMENT, user=planner
    )

    assert (unit.name, unit.kind, unit.is_active) == (
        "Đoàn Thanh niên xã",
        Unit.Kind.DEPARTMENT,
        True,
    )


def test_a_new_unit_needs_a_known_kind_and_a_free_name(planner):
    UnitFactory(name="Sở Nội vụ")

    with pytest.raises(ValidationError):
        unit_create_named(name="Đoàn Thanh niên", kind="galaxy", user=planner)
    with pytest.raises(ValidationError):
        unit_create_named(name="sở nội vụ", kind=Unit.Kind.DEPARTMENT, user=planner)


def test_the_group_phrases_of_the_two_level_system_are_seeded():
    phrases = {row.phrase: row.kind_list for row in UnitGroupPhrase.objects.all()}

    assert "ward" in phrases["UBND các xã, phường"]
    assert phrases["Các sở, ban, ngành"] == ["department"]
    assert phrases["Các thôn, khối phố"] == ["hamlet"]
    assert phrases["Ủy ban MTTQ và các đoàn thể"] == ["front"]
    assert phrases["Các đơn vị liên quan"] == []
