"""Reminders of assigned tasks: the assignee is reminded, the head is
copied in the head's own digest, and each person still gets one e-mail a day,
exactly once whatever reruns, redeliveries and races happen."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.roles import Role
from campaigns.digests import reminder_digest_deliver
from campaigns.models import Reminder
from campaigns.reminders import RecipientKey, reminders_sweep
from campaigns.tasks import send_due_reminders, send_reminder_digest
from notifications.models import Notification
from tests.factories import UserFactory

from .conftest import SWEEP_DAY

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("eager_celery", "sweep_morning"),
]


@pytest.fixture
def staff(world):
    user = UserFactory(
        username="canbo-tam-hiep",
        first_name="Văn Cán Bộ",
        last_name="Phạm",
        email="canbo@tamhiep.test",
        role=Role.UNIT_STAFF,
    )
    world.unit.staff.add(user)
    return user


def sweep() -> dict:
    return send_due_reminders.apply().get()


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_assignee_is_reminded_and_the_head_copied(world, staff) -> None:
    task = world.task(3, assignee=staff, title="Chuyên mục phát thanh")

    sweep()

    (to_staff,) = mails_to(staff.email)
    (to_head,) = mails_to(world.head.email)
    assert "Chuyên mục phát thanh" in to_staff.body
    assert "SẮP ĐẾN HẠN (1)" in to_staff.body
    assert "Chuyên mục phát thanh" in to_head.body
    assert "giao cho Phạm Văn Cán Bộ" in to_head.body
    assert "(ĐỒNG GỬI)" in to_head.body
    assert "ĐỒNG GỬI" not in to_staff.body
    assert set(
        Reminder.objects.filter(task=task).values_list("recipient_id", flat=True)
    ) == {staff.pk, world.head.pk}


def test_the_head_gets_one_digest_with_own_and_copied_tasks(world, staff) -> None:
    world.task(3, assignee=staff, title="Việc của cán bộ")
    world.task(0, title="Việc của người đứng đầu")

    sweep()

    (to_head,) = mails_to(world.head.email)
    assert "Việc của cán bộ" in to_head.body
    assert "Việc của người đứng đầu" in to_head.body
    assert len(mail.outbox) == 2


def test_unassigned_tasks_remind_the_head_as_before(world, staff) -> None:
    world.task(3)

    sweep()

    assert [m.to for m in mail.outbox] == [[world.head.email]]


def test_a_disabled_assignee_falls_back_to_the_head(world, staff) -> None:
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    world.task(3, assignee=staff)

    sweep()

    assert [m.to for m in mail.outbox] == [[world.head.email]]
    assert "ĐỒNG GỬI" not in mail.outbox[0].body


def test_a_second_sweep_sends_nothing_to_assignee_or_head(world, staff) -> None:
    world.task(3, assignee=staff)
    world.task(-3, assignee=staff)

    first = sweep()
    second = sweep()

    assert (first["reminders_created"], first["recipients"]) == (4, 2)
    assert (second["reminders_created"], second["recipients"]) == (0, 0)
    assert len(mails_to(staff.email)) == 1
    assert len(mails_to(world.head.email)) == 1
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 4


def test_redelivered_digests_send_nothing_more(world, staff) -> None:
    world.task(3, assignee=staff)
    sweep()

    for user in (staff, world.head):
        result = send_reminder_digest.apply(
            args=(SWEEP_DAY.isoformat(), user.pk, user.email)
        ).get()
        assert result["reminders"] == 0
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(recipient=staff).count() == 1
    assert Notification.objects.filter(recipient=world.head).count() == 1


def test_a_racing_sweep_records_assignee_and_copy_once(
    world, staff, racing_sweep
) -> None:
    world.task(3, assignee=staff)
    result = reminders_sweep()

    assert racing_sweep
    assert result.reminders_created == 0
    assert Reminder.objects.count() == 2
    assert set(result.recipients) == {
        RecipientKey(staff.pk, staff.email),
        RecipientKey(world.head.pk, world.head.email),
    }


def test_a_failed_send_to_the_assignee_is_retried_without_resending_the_head(
    world, staff, smtp_fails
) -> None:
    world.task(3, assignee=staff)
    state = smtp_fails(TimeoutError("timed out"))
    keys = reminders_sweep().recipients
    staff_key = RecipientKey(staff.pk, staff.email)
    head_key = RecipientKey(world.head.pk, world.head.email)
    assert set(keys) == {staff_key, head_key}

    with pytest.raises(TimeoutError):
        reminder_digest_deliver(day=SWEEP_DAY, recipient=staff_key)
    reminder_digest_deliver(day=SWEEP_DAY, recipient=head_key)
    reminder_digest_deliver(day=SWEEP_DAY, recipient=staff_key)
    reminder_digest_deliver(day=SWEEP_DAY, recipient=head_key)

    assert state["attempts"] == 3
    assert len(mails_to(staff.email)) == 1
    assert len(mails_to(world.head.email)) == 1


def test_the_assignee_in_app_only_when_opted_out(world, staff) -> None:
    staff.reminder_emails = False
    staff.save(update_fields=["reminder_emails"])
    world.task(3, assignee=staff)

    sweep()

    assert mails_to(staff.email) == []
    assert Notification.objects.filter(recipient=staff).count() == 1
    assert len(mails_to(world.head.email)) == 1


def test_the_digest_names_the_assignee_family_name_first(world) -> None:
    hoa = UserFactory(
        username="canbo-hoa",
        last_name="Nguyễn",
        first_name="Thị Hoa",
        email="hoa@tamhiep.test",
        role=Role.UNIT_STAFF,
    )
    world.unit.staff.add(hoa)
    world.task(3, assignee=hoa)

    sweep()

    (to_staff,) = mails_to(hoa.email)
    (to_head,) = mails_to(world.head.email)
    assert "Nguyễn Thị Hoa" in to_staff.body
    assert "giao cho Nguyễn Thị Hoa" in to_head.body
