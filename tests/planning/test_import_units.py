"""Units as offices write them after the two-level reform: names holding
commas and "và", line breaks and bullets, group phrases kept as data."""

from __future__ import annotations

import pytest

from campaigns.models import Unit, UnitGroupPhrase
from planning.importing.units import unit_directory
from tests.factories import home_organisation
from tests.planning.appendices import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    world()
    return unit_directory()


def _names(directory, text):
    found = directory.read(text)
    assert found.unknown == [], found.unknown
    return [unit.name for unit in found.units]


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        (
            "Báo và Phát thanh, Truyền hình Đà Nẵng",
            ["Báo và Phát thanh, Truyền hình Đà Nẵng"],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Đà Nẵng",
            [
                "Sở Văn hóa, Thể thao và Du lịch",
                "Báo và Phát thanh, Truyền hình Đà Nẵng",
            ],
        ),
        (
            "Sở Tư pháp, Sở Khoa học và Công nghệ",
            ["Sở Tư pháp", "Sở Khoa học và Công nghệ"],
        ),
        (
            "Văn phòng HĐND và UBND xã\nPhòng Văn hóa - Xã hội",
            ["Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội"],
        ),
        (
            "- Phòng Kinh tế, Hạ tầng và Đô thị\n- Công an xã",
            ["Phòng Kinh tế, Hạ tầng và Đô thị", "Công an xã"],
        ),
        (
            "• Phòng Văn hóa - Xã hội • Công an xã",
            ["Phòng Văn hóa - Xã hội", "Công an xã"],
        ),
        (
            "Công an xã và Văn phòng HĐND và UBND xã",
            ["Công an xã", "Văn phòng HĐND và UBND xã"],
        ),
        ("Ủy ban nhân dân xã Hòa Vang", ["UBND xã Hòa Vang"]),
        ("Sở VHTTDL", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ],
)
def test_a_cell_naming_units_as_offices_write_them(units, written, names):
    assert _names(units, written) == names


def test_a_group_phrase_names_every_unit_of_its_kinds(units):
    found = units.read("Các sở, ban, ngành; UBND các xã, phường")

    kinds = {unit.kind for unit in found.units}
    assert kinds == {Unit.Kind.DEPARTMENT, Unit.Kind.COMMUNE, "ward"}
    assert [written for written, _count in found.groups] == [
        "Các sở, ban, ngành",
        "UBND các xã, phường",
    ]


def test_a_group_phrase_followed_by_its_place_is_read(units):
    found = units.read("UBND các xã, phường trên địa bàn tỉnh")

    assert {unit.kind for unit in found.units} == {Unit.Kind.COMMUNE, "ward"}


def test_a_group_of_a_kind_no_unit_has_yet_is_reported_as_empty(units):
    found = units.read("Các thôn, khối phố")

    assert (found.units, found.unknown, found.empty) == ([], [], ["Các thôn, khối phố"])


def test_an_organisation_adds_a_group_phrase_as_data():
    world()
    UnitGroupPhrase.objects.create(
        organisation=home_organisation(), phrase="Các đơn vị sự nghiệp", kinds="commune"
    )

    found = unit_directory().read("Các đơn vị sự nghiệp")

    assert found.units
    assert {unit.kind for unit in found.units} == {Unit.Kind.COMMUNE}


def test_a_unit_alias_comes_before_a_group_phrase():
    world()
    unit = Unit.objects.get(name="Ủy ban MTTQ Việt Nam xã")
    unit.aliases = "Các đoàn thể"
    unit.save()

    assert _names(unit_directory(), "Các đoàn thể") == ["Ủy ban MTTQ Việt Nam xã"]


def test_an_unknown_name_with_commas_is_reported_once_whole(units):
    found = units.read("Sở Giáo dục và Đào tạo, Sở Nội vụ")

    assert [unit.name for unit in found.units] == ["Sở Nội vụ"]
    assert [name for name, _suggestion in found.unknown] == ["Sở Giáo dục và Đào tạo"]


def test_two_unknown_names_each_starting_a_name_are_two(units):
    found = units.read("Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân xã")

    assert [name for name, _s in found.unknown] == [
        "Hiệp hội Doanh nghiệp tỉnh",
        "Hội Nông dân xã",
    ]


def test_a_vague_phrase_names_no_unit(units):
    found = units.read("Các đơn vị liên quan")

    assert (found.units, found.unknown, found.vague) == (
        [],
        [],
        ["Các đơn vị liên quan"],
    )
