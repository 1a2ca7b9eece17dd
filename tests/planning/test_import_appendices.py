"""Appendices the import never saw (``appendices.py``): every activity read with
the right dates, units and amounts, without touching the file; the names it
cannot place read right once settled as a planner does on the preview."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from campaigns.models import Unit
from campaigns.services.units import unit_alias_add, unit_phrase_ignore
from channels.models import Channel
from planning.importing import ImportOptions
from tests.factories import UserFactory
from tests.planning.appendices import APPENDICES, HOLDOUT, Appendix, read_right, world

EVERY = APPENDICES + HOLDOUT

pytestmark = pytest.mark.django_db

CASES = [
    pytest.param(appendix, expect.title, id=f"{appendix.name}:{expect.title}")
    for appendix in EVERY
    for expect in appendix.expected
]


def _settle(appendix: Appendix) -> None:
    planner = UserFactory(role=Role.PLANNER)
    for name, unit_name in appendix.aliases.items():
        if unit_name:
            unit = Unit.objects.get(name=unit_name)
            unit_alias_add(unit=unit, alias=name, user=planner)
        else:
            unit_phrase_ignore(phrase=name, user=planner)


def _for_all_rows() -> ImportOptions:
    """The one choice of the page for rows whose words name no channel."""
    return ImportOptions(channel=Channel.objects.get(code="giao-ban").pk)


@pytest.mark.parametrize(("appendix", "title"), CASES)
def test_activity_is_read_right_once_its_names_are_settled(appendix, title):
    plan = world(appendix.year)
    _settle(appendix)
    assert read_right(appendix, plan, _for_all_rows())[title] == []


def test_nine_in_ten_activities_are_read_right_without_touching_the_file():
    plans = {year: world(year) for year in {a.year for a in EVERY}}
    results = [
        problems
        for appendix in EVERY
        for problems in read_right(
            appendix, plans[appendix.year], _for_all_rows()
        ).values()
    ]
    right = sum(1 for problems in results if not problems)
    assert right / len(results) >= 0.9, f"{right} of {len(results)}"


def test_a_name_settled_once_is_read_in_the_next_file():
    plan = world()
    appendix = next(a for a in APPENDICES if a.aliases)
    before = read_right(appendix, plan, _for_all_rows())
    _settle(appendix)
    after = read_right(appendix, plan, _for_all_rows())

    assert all(before.values())
    assert not any(after.values())
