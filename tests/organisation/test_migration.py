"""A single-organisation installation migrates with no loss: its profile
becomes the first organisation, which owns every plan, unit, catalogue row and
notification, and the members of the role groups hold those roles in it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from campaigns.tallies import tallies_rebuild

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("organisation", "0001_organisation_profile"),
    ("accounts", "0004_calendar_token"),
    ("campaigns", "0016_report_cost_not_negative"),
    ("channels", "0001_initial"),
    ("audiences", "0001_initial"),
    ("notifications", "0002_review_and_mention_kinds"),
]


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return [
        key
        for key in executor.loader.graph.leaf_nodes()
        if key[0]
        in {
            "organisation",
            "accounts",
            "campaigns",
            "channels",
            "audiences",
            "notifications",
        }
    ]


def _old_installation(apps) -> dict[str, int]:
    """A profile, two role groups with members, a unit, a plan with an
    activity and a task, catalogues and a notification."""
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    profile = apps.get_model("organisation", "OrganisationProfile").objects.create(
        pk=1, name="UBND huyện Núi Thành", short_name="Núi Thành", place="Núi Thành"
    )
    planner = User.objects.create(username="planner")
    head = User.objects.create(username="head")
    Group.objects.get_or_create(name="planner")[0].user_set.add(planner)
    Group.objects.get_or_create(name="unit_head")[0].user_set.add(head)
    unit = apps.get_model("campaigns", "Unit").objects.create(name="Phòng Nội vụ")
    channel = apps.get_model("channels", "Channel").objects.create(
        name="Đài truyền thanh", code="radio", output_unit="lượt"
    )
    apps.get_model("audiences", "AudienceGroup").objects.create(
        name="Người dân", code="citizens"
    )
    plan = apps.get_model("campaigns", "Plan").objects.create(
        year=2024, title="Kế hoạch 2024", issuer=profile.name
    )
    theme = apps.get_model("campaigns", "ContentTheme").objects.create(
        plan=plan, title="Nội dung 1"
    )
    activity = apps.get_model("campaigns", "Activity").objects.create(
        plan=plan,
        theme=theme,
        title="Phát thanh",
        lead_unit=unit,
        channel=channel,
        start_date=dt.date(2024, 1, 1),
        due_date=dt.date(2024, 12, 31),
    )
    task = apps.get_model("campaigns", "Task").objects.create(
        activity=activity, plan=plan, unit=unit, due_date=dt.date(2024, 3, 1)
    )
    apps.get_model("notifications", "Notification").objects.create(
        recipient=head, title="Nhiệm vụ mới", task=task
    )
    return {"plan": plan.pk, "unit": unit.pk}


def test_a_single_organisation_database_migrates_with_no_loss() -> None:
    old = _migrate(BEFORE)
    ids = _old_installation(old)
    counts = {
        label: old.get_model(*label.split(".")).objects.count()
        for label in (
            "campaigns.Plan",
            "campaigns.Unit",
            "campaigns.Activity",
            "campaigns.Task",
            "channels.Channel",
            "audiences.AudienceGroup",
            "notifications.Notification",
            "accounts.User",
        )
    }

    new = _migrate(_latest())

    Organisation = new.get_model("organisation", "Organisation")
    first = Organisation.objects.get()
    assert (first.pk, first.name) == (1, "UBND huyện Núi Thành")
    for label, count in counts.items():
        model = new.get_model(*label.split("."))
        assert model.objects.count() == count, label
        if any(f.name == "organisation" for f in model._meta.get_fields()):
            assert model.objects.filter(organisation=first).count() == count, label
    Membership = new.get_model("organisation", "Membership")
    assert sorted(Membership.objects.values_list("user__username", "role")) == [
        ("head", "unit_head"),
        ("planner", "planner"),
    ]
    assert not new.get_model("auth", "Group").objects.filter(name="planner").exists()
    assert (
        new.get_model("campaigns", "Plan").objects.get(pk=ids["plan"]).organisation_id
        == 1
    )
    # The old rows were written around the services: recount, as an upgrade does.
    tallies_rebuild()
