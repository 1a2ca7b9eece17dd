from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def _codenames(role: str) -> set[str]:
    return set(
        Group.objects.get(name=role).permissions.values_list("codename", flat=True)
    )


def test_the_four_role_groups_exist() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_planner_edits_the_plan_but_not_reports() -> None:
    codenames = _codenames(Role.PLANNER)
    assert {
        "add_activity",
        "change_activity",
        "change_plan",
        "change_task",
    } <= codenames
    assert "view_progressreport" in codenames
    assert "change_progressreport" not in codenames
    assert "change_user" not in codenames


def test_unit_head_reports_but_cannot_edit_the_plan() -> None:
    codenames = _codenames(Role.UNIT_HEAD)
    assert {"view_task", "add_progressreport", "add_evidencefile"} <= codenames
    assert not codenames & {"add_activity", "change_activity", "change_plan"}


def test_leader_only_views() -> None:
    codenames = _codenames(Role.LEADER)
    assert {"view_plan", "view_activity", "view_task"} <= codenames
    assert all(codename.startswith("view_") for codename in codenames)


def test_admin_manages_users_and_catalogues() -> None:
    codenames = _codenames(Role.ADMIN)
    assert {"change_user", "add_unit", "change_channel", "delete_audiencegroup"} <= (
        codenames
    )
