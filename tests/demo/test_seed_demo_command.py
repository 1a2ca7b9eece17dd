"""The seed_demo command: refuses to run with DEBUG off unless forced."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from campaigns.models import Plan
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_to_run_with_debug_off(settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")

    assert Plan.objects.count() == 0


def test_seed_demo_runs_with_debug_off_when_forced(settings, time_machine) -> None:
    time_machine.move_to("2026-11-30 09:00 +07:00", tick=False)
    settings.DEBUG = False

    call_command("seed_demo", "--force", verbosity=0)

    years = list(Plan.objects.values_list("year", flat=True))
    # The commune's 2024 and 2026 plans; the city's and seven other children's 2026.
    assert sorted(years) == [2024] + [2026] * 9


def test_seed_demo_if_empty_leaves_an_installation_with_an_organisation_alone(
    settings,
) -> None:
    settings.DEBUG = True
    OrganisationFactory(name="UBND xã Tam Thanh")

    call_command("seed_demo", "--if-empty", verbosity=0)

    assert Plan.objects.count() == 0
