"""The sweep records its reminders in one INSERT ... SELECT: the same
rules as the dry run, run by the database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q

from accounts.roles import Role
from campaigns.models import Activity, Plan, Reminder, Task
from campaigns.reminders import reminders_plan, reminders_sweep
from campaigns.services.members import unit_member_remove
from campaigns.tallies import tallies_kept
from tests.factories import UnitFactory, UserFactory

from .conftest import SWEEP_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sweep_morning")]


@pytest.fixture
def staff(world):
    user = UserFactory(username="canbo-tam-hiep", role=Role.UNIT_STAFF)
    world.unit.staff.add(user)
    return user


def recorded() -> set[tuple]:
    """(task, kind, recipient, address, days to due) of every row of the day."""
    return set(
        Reminder.objects.filter(day=SWEEP_DAY).values_list(
            "task_id", "kind", "recipient_id", "email", "days_offset"
        )
    )


def dry_run() -> str:
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--date", "2024-06-15", stdout=out)
    return out.getvalue()


def test_the_sweep_records_exactly_what_the_dry_run_lists(world, staff) -> None:
    opted_out = UserFactory(username="optout", reminder_emails=False)
    no_email = UserFactory(username="noemail", email="")
    disabled = UserFactory(username="disabled", is_active=False)
    units = [
        world.unit,
        UnitFactory(name="Phòng Tư pháp", contact_email="tuphap@example.test"),
        UnitFactory(name="Phòng Dân tộc", contact_email=""),
        UnitFactory(name="Xã Tam Anh", head=opted_out),
        UnitFactory(name="Xã Tam Hòa", head=no_email, contact_email="tamhoa@x.test"),
        UnitFactory(name="Xã Tam Tiến", head=no_email, contact_email=""),
        UnitFactory(name="Xã Tam Xuân", head=disabled),
    ]
    for unit in units:
        for days in (7, 3, 1, 0, -3, -8, -11):
            world.task(days, unit=unit)
    world.task(3, assignee=staff)
    world.task(-6, assignee=world.head)
    world.task(0, assignee=disabled)
    planned = reminders_plan(day=SWEEP_DAY)

    result = reminders_sweep()

    assert result.reminders_created == len(planned.reminders) == len(recorded())
    assert recorded() == {
        (r.task_id, r.kind, r.recipient.user_id, r.recipient.email, r.days_offset)
        for r in planned.reminders
    }


def test_a_task_whose_assignee_was_removed_reminds_the_head_alone(world, staff) -> None:
    task = world.task(3, assignee=staff)
    unit_member_remove(unit=world.unit, user=world.head, member=staff)

    reminders_sweep()

    assert recorded() == {
        (task.pk, Reminder.Kind.BEFORE_DUE, world.head.pk, world.head.email, 3)
    }
    assert reminders_plan(day=SWEEP_DAY).reminders == []


def test_the_head_assigned_to_their_own_task_is_reminded_once(world) -> None:
    task = world.task(3, assignee=world.head)

    reminders_sweep()

    assert recorded() == {
        (task.pk, Reminder.Kind.BEFORE_DUE, world.head.pk, world.head.email, 3)
    }


def test_a_disabled_head_is_not_copied_and_nobody_else_is_told(world, staff) -> None:
    world.head.is_active = False
    world.head.save(update_fields=["is_active"])
    task = world.task(3, assignee=staff)

    reminders_sweep()

    assert recorded() == {(task.pk, Reminder.Kind.BEFORE_DUE, staff.pk, staff.email, 3)}


def test_an_opted_out_head_is_copied_in_app_only(world, staff) -> None:
    world.head.reminder_emails = False
    world.head.save(update_fields=["reminder_emails"])
    task = world.task(0, assignee=staff)

    reminders_sweep()

    assert recorded() == {
        (task.pk, Reminder.Kind.DUE_TODAY, staff.pk, staff.email, 0),
        (task.pk, Reminder.Kind.DUE_TODAY, world.head.pk, "", 0),
    }


@pytest.mark.parametrize(
    "never",
    [
        "cancelled_activity",
        "closed_plan",
        "draft_plan",
        "done_task",
        "done_task_not_accepted",
        "cancelled_task",
    ],
)
def test_assigned_and_escalated_tasks_that_may_not_be_reminded_record_nothing(
    world, staff, never
) -> None:
    tasks = [world.task(days, assignee=staff) for days in (3, 0, -3, -8)]
    if never == "cancelled_activity":
        Activity.objects.filter(pk__in=[t.activity_id for t in tasks]).update(
            status=Activity.Status.CANCELLED
        )
    elif never in {"closed_plan", "draft_plan"}:
        Plan.objects.filter(pk=world.plan.pk).update(status=never.split("_")[0])
    elif never == "cancelled_task":
        with tallies_kept(Q(pk__in=[task.pk for task in tasks])):
            for task in tasks:
                task.status = Task.Status.CANCELLED
                task.save()
    else:
        with tallies_kept(Q(pk__in=[task.pk for task in tasks])):
            for task in tasks:
                task.status = Task.Status.DONE
                if never == "done_task_not_accepted":
                    task.accepted_at = None
                task.save()

    result = reminders_sweep()

    assert result.reminders_created == 0
    assert not Reminder.objects.exists()


def test_a_second_sweep_the_same_day_records_only_the_new_tasks(world, staff) -> None:
    no_head = UnitFactory(name="Phòng Tư pháp", contact_email="tuphap@example.test")
    world.task(3, assignee=staff)
    world.task(0, unit=no_head)
    world.task(-8)
    first = reminders_sweep()
    late = world.task(1, unit=no_head)

    second = reminders_sweep()
    third = reminders_sweep()

    assert (first.reminders_created, second.reminders_created) == (4, 1)
    assert third.reminders_created == 0
    assert Reminder.objects.count() == 5
    assert Reminder.objects.get(task=late).email == "tuphap@example.test"


def test_without_an_active_planner_the_units_are_reminded_and_a_warning_logged(
    world, caplog
) -> None:
    world.planner.is_active = False
    world.planner.save(update_fields=["is_active"])
    head_task = world.task(3)
    world.task(-8)  # an escalation with nobody to escalate to

    with caplog.at_level(logging.WARNING, logger="campaigns.reminders"):
        result = reminders_sweep()

    assert result.reminders_created == 1
    assert recorded() == {
        (head_task.pk, Reminder.Kind.BEFORE_DUE, world.head.pk, world.head.email, 3)
    }
    assert "need a planner but none is active" in caplog.text
    assert "Cảnh báo: không có cán bộ kế hoạch nào đang hoạt động" in dry_run()


def test_no_warning_when_no_reminder_needs_a_planner(world, caplog) -> None:
    world.planner.is_active = False
    world.planner.save(update_fields=["is_active"])
    world.task(3)

    with caplog.at_level(logging.WARNING, logger="campaigns.reminders"):
        reminders_sweep()

    assert "planner" not in caplog.text


@pytest.mark.parametrize(
    ("head_fields", "contact", "reason"),
    [
        ({"is_active": False}, "a@x.test", "tài khoản của người đứng đầu đã bị khóa"),
        ({"email": ""}, "", "người đứng đầu và đơn vị đều chưa có địa chỉ thư"),
    ],
)
def test_dry_run_names_the_reason_nobody_can_be_reminded(
    world, head_fields, contact, reason
) -> None:
    head = UserFactory(username="truong-tam-tien", **head_fields)
    unit = UnitFactory(name="Xã Tam Tiến", head=head, contact_email=contact)
    task = world.task(1, unit=unit)

    output = dry_run()

    assert f"Xã Tam Tiến ({reason}" in output
    planner_part = output.split(f"Lê Văn Kế Hoạch <{world.planner.email}>")[1]
    assert f"#{task.pk} " in planner_part


def test_dry_run_lists_the_assignee_and_the_heads_copy(world, staff) -> None:
    task = world.task(3, assignee=staff, title="Chuyên mục phát thanh")

    output = dry_run()

    blocks = {block.split(" <")[0]: block for block in output.split("\n\n")}
    assert f"#{task.pk} Chuyên mục phát thanh" in blocks["canbo-tam-hiep"]
    assert "Sắp đến hạn (1)" in blocks["canbo-tam-hiep"]
    assert f"#{task.pk} Chuyên mục phát thanh" in blocks["Trần Thị Hiệp"]
    assert "Nhiệm vụ đã giao cho cán bộ (đồng gửi) (1)" in blocks["Trần Thị Hiệp"]
    assert "Tổng: 2 người nhận, 2 thư điện tử, 2 nhắc việc" in output
