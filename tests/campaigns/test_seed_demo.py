from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from campaigns.models import Activity, Plan, ProgressReport, Task, Unit

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Plan, Unit, User, Activity, Task, ProgressReport)
    }


def test_seed_demo_twice_gives_the_same_counts(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()

    call_command("seed_demo")

    assert _counts() == first
    assert first["Plan"] == 1
    assert 90 <= first["Activity"] <= 110
    assert first["Unit"] == 31
    assert first["ProgressReport"] > 0


def test_seed_demo_mixes_done_overdue_and_upcoming_tasks(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    statuses = set(Task.objects.values_list("status", flat=True))

    assert {Task.Status.DONE, Task.Status.TODO, Task.Status.IN_PROGRESS} <= statuses
    assert (
        Task.objects.filter(status=Task.Status.DONE, reports__isnull=True).count() == 0
    )
    assert Activity.objects.exclude(recurrence="").count() >= 3


def test_seed_demo_creates_the_demo_accounts_with_the_demo_password(settings) -> None:
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-pass-42"
    call_command("seed_demo")

    for username in ("admin", "planner", "leader", "unithead"):
        assert User.objects.get(username=username).check_password("demo-pass-42")
    assert Unit.objects.get(head__username="unithead").kind == Unit.Kind.COMMUNE


def test_seed_demo_refuses_to_run_with_debug_off(settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")

    assert Plan.objects.count() == 0


def test_seed_demo_runs_with_debug_off_when_forced(settings) -> None:
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert Plan.objects.count() == 1


def test_seed_demo_gives_units_staff_with_assigned_tasks(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    staff = User.objects.get(username="canbo-tam-hiep")
    assert staff.is_unit_staff
    assert list(staff.staffed_units.values_list("head__username", flat=True)) == [
        "unithead"
    ]
    assert Task.objects.filter(assignee=staff).exists()
    assert User.objects.get(username="canbo-vh-tt").staffed_units.count() == 2
