"""Who is reminded of what, and when: the daily sweep run through Celery (eagerly)
on a frozen clock, read back from the delivered mail and the reminder rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from accounts.roles import Role
from campaigns.models import Activity, Plan, Reminder, Task
from campaigns.tasks import send_due_reminders
from notifications.models import Notification
from tests.factories import UnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def sweep() -> dict:
    """Beat's call: no date, so the sweep takes today's date from the clock."""
    return send_due_reminders.apply().get()


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.parametrize("days", [7, 3, 1])
def test_head_is_reminded_on_each_offset_before_the_due_date(
    world, sweep_morning, days
) -> None:
    task = world.task(days)

    sweep()

    (message,) = mail.outbox
    assert message.to == [world.head.email]
    assert f"còn {days} ngày đến hạn" in message.body
    reminder = Reminder.objects.get()
    assert (reminder.task, reminder.recipient, reminder.kind) == (
        task,
        world.head,
        Reminder.Kind.BEFORE_DUE,
    )
    assert (reminder.day, reminder.days_offset, reminder.status) == (
        sweep_morning,
        days,
        Reminder.Status.SENT,
    )


@pytest.mark.parametrize("days", [2, 4, 5, 6, 8, 30])
def test_no_reminder_on_days_that_are_not_offsets(world, sweep_morning, days) -> None:
    world.task(days)

    sweep()

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_head_is_reminded_on_the_due_day(world, sweep_morning) -> None:
    world.task(0)

    sweep()

    (message,) = mail.outbox
    assert "ĐẾN HẠN HÔM NAY (1)" in message.body
    assert Reminder.objects.get().kind == Reminder.Kind.DUE_TODAY


@pytest.mark.parametrize(
    ("days_late", "reminded"),
    [(1, False), (2, False), (3, True), (4, False), (5, False), (6, True), (9, True)],
)
def test_overdue_task_is_reminded_every_third_day(
    world, sweep_morning, days_late, reminded
) -> None:
    world.task(-days_late)

    sweep()

    overdue = Reminder.objects.filter(kind=Reminder.Kind.OVERDUE, recipient=world.head)
    assert overdue.exists() is reminded
    assert bool(mails_to(world.head.email)) is reminded
    if reminded:
        assert f"quá hạn {days_late} ngày" in mails_to(world.head.email)[0].body


def test_overdue_cadence_is_a_setting(world, sweep_morning, settings) -> None:
    settings.REMINDER_OVERDUE_EVERY_DAYS = 2
    world.task(-2)
    world.task(-3)

    sweep()

    assert list(
        Reminder.objects.filter(kind=Reminder.Kind.OVERDUE).values_list(
            "days_offset", flat=True
        )
    ) == [-2]


def test_offsets_are_a_setting(world, sweep_morning, settings) -> None:
    settings.REMINDER_DAYS_BEFORE = [5]
    world.task(5)
    world.task(3)

    sweep()

    assert list(Reminder.objects.values_list("days_offset", flat=True)) == [5]


def test_planner_is_alerted_on_the_eighth_day_overdue(world, sweep_morning) -> None:
    task = world.task(-8)

    sweep()

    (message,) = mail.outbox
    assert message.to == [world.planner.email]
    assert "QUÁ HẠN TRÊN 7 NGÀY: ĐỀ NGHỊ ĐÔN ĐỐC (1)" in message.body
    assert "UBND xã Tam Hiệp" in message.body
    escalation = Reminder.objects.get()
    assert (escalation.task, escalation.recipient, escalation.kind) == (
        task,
        world.planner,
        Reminder.Kind.ESCALATION,
    )


@pytest.mark.parametrize(
    ("days_late", "escalated"),
    [(7, False), (8, True), (9, False), (10, False), (11, True), (14, True)],
)
def test_escalation_starts_after_seven_days_then_follows_the_cadence(
    world, sweep_morning, days_late, escalated
) -> None:
    world.task(-days_late)

    sweep()

    assert (
        Reminder.objects.filter(
            kind=Reminder.Kind.ESCALATION, recipient=world.planner
        ).exists()
        is escalated
    )


def test_escalation_goes_to_every_planner_when_the_author_is_not_one(
    world, sweep_morning
) -> None:
    other_planner = UserFactory(role=Role.PLANNER)
    task = world.task(-8)
    Activity.objects.filter(pk=task.activity_id).update(
        created_by=UserFactory(role=Role.ADMIN)
    )

    sweep()

    assert {m.to[0] for m in mail.outbox} == {world.planner.email, other_planner.email}


def test_escalation_goes_to_the_planner_who_wrote_the_activity(
    world, sweep_morning
) -> None:
    UserFactory(role=Role.PLANNER)
    world.task(-8)

    sweep()

    assert [m.to for m in mail.outbox] == [[world.planner.email]]


@pytest.mark.parametrize("status", [Task.Status.DONE, Task.Status.CANCELLED])
@pytest.mark.parametrize("days", [3, 0, -3, -8])
def test_done_and_cancelled_tasks_are_never_reminded(
    world, sweep_morning, status, days
) -> None:
    world.task(days, status=status)

    sweep()

    assert mail.outbox == []
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("plan_status", [Plan.Status.CLOSED, Plan.Status.DRAFT])
def test_tasks_of_a_closed_or_draft_plan_are_never_reminded(
    world, sweep_morning, plan_status
) -> None:
    for days in (3, 0, -3, -8):
        world.task(days)
    # Closed last: a closed plan takes no new rows (campaigns.lifecycle).
    world.plan.status = plan_status
    world.plan.save(update_fields=["status"])

    sweep()

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_tasks_of_a_cancelled_activity_are_never_reminded(world, sweep_morning) -> None:
    task = world.task(3)
    Activity.objects.filter(pk=task.activity_id).update(
        status=Activity.Status.CANCELLED
    )

    sweep()

    assert mail.outbox == []


def test_in_progress_task_is_reminded(world, sweep_morning) -> None:
    world.task(1, status=Task.Status.IN_PROGRESS)

    sweep()

    assert len(mail.outbox) == 1


def test_opted_out_head_gets_in_app_notifications_only(world, sweep_morning) -> None:
    world.head.reminder_emails = False
    world.head.save(update_fields=["reminder_emails"])
    task = world.task(3)

    sweep()

    assert mail.outbox == []
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.email, reminder.status) == (
        world.head,
        "",
        Reminder.Status.IN_APP,
    )
    notification = Notification.objects.get(recipient=world.head)
    assert notification.task == task
    assert notification.title.startswith("Còn 3 ngày đến hạn")
    assert notification.url == task.get_absolute_url()


def test_opted_out_head_is_not_reported_to_the_planner(world, sweep_morning) -> None:
    world.head.reminder_emails = False
    world.head.save(update_fields=["reminder_emails"])
    world.task(3)

    sweep()

    assert not Reminder.objects.filter(recipient=world.planner).exists()


def test_inactive_head_gets_in_app_only_and_the_planner_is_told(
    world, sweep_morning
) -> None:
    world.head.is_active = False
    world.head.save(update_fields=["is_active"])
    world.task(3)

    sweep()

    assert Reminder.objects.get(recipient=world.head).status == Reminder.Status.IN_APP
    assert Notification.objects.filter(recipient=world.head).count() == 1
    (message,) = mail.outbox
    assert message.to == [world.planner.email]
    assert "tài khoản của người đứng đầu đã bị khóa" in message.body


def test_head_without_email_is_reminded_at_the_unit_contact_address(
    world, sweep_morning
) -> None:
    world.head.email = ""
    world.head.save(update_fields=["email"])
    world.task(1)

    sweep()

    (message,) = mail.outbox
    assert message.to == ["vanthu@tamhiep.test"]
    assert "Kính gửi Trần Thị Hiệp" in message.body
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.email) == (world.head, "vanthu@tamhiep.test")
    assert Notification.objects.filter(recipient=world.head).count() == 1


def test_unit_without_head_is_reminded_at_its_contact_address(
    world, sweep_morning
) -> None:
    unit = UnitFactory(name="Phòng Tư pháp", contact_email="tuphap@example.test")
    world.task(3, unit=unit)

    sweep()

    (message,) = mail.outbox
    assert message.to == ["tuphap@example.test"]
    assert "Kính gửi Phòng Tư pháp" in message.body
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.email) == (None, "tuphap@example.test")


def test_unit_without_head_and_email_is_reported_to_the_planner(
    world, sweep_morning
) -> None:
    unit = UnitFactory(name="Phòng Dân tộc", contact_email="")
    task = world.task(-3, unit=unit)

    sweep()

    (message,) = mail.outbox
    assert message.to == [world.planner.email]
    assert "ĐƠN VỊ KHÔNG CÓ NGƯỜI NHẬN NHẮC VIỆC" in message.body
    assert "Phòng Dân tộc" in message.body
    assert "đơn vị chưa có người đứng đầu và chưa có thư điện tử liên hệ" in (
        message.body
    )
    reminder = Reminder.objects.get()
    assert (reminder.task, reminder.recipient, reminder.kind) == (
        task,
        world.planner,
        Reminder.Kind.OVERDUE,
    )


def test_deactivated_unit_is_never_reminded(world, sweep_morning) -> None:
    world.unit.is_active = False
    world.unit.save(update_fields=["is_active"])
    world.task(3)

    sweep()

    assert mail.outbox == []


def test_opted_out_planner_gets_escalations_in_app(world, sweep_morning) -> None:
    world.planner.reminder_emails = False
    world.planner.save(update_fields=["reminder_emails"])
    world.task(-8)

    sweep()

    assert mail.outbox == []
    notification = Notification.objects.get(recipient=world.planner)
    assert notification.kind == Notification.Kind.ESCALATION
    assert "UBND xã Tam Hiệp" in notification.title


def test_one_digest_per_recipient_with_overdue_first(world, sweep_morning) -> None:
    second_unit = UnitFactory(name="UBND xã Tam Anh Nam", head=world.head)
    world.task(7, title="Chuyên mục phát thanh")
    world.task(0, unit=second_unit, title="Hội nghị giao ban")
    world.task(-6, title="Pa-nô tuyên truyền")
    world.task(-3, unit=second_unit, title="Cuộc thi tìm hiểu")

    sweep()

    (message,) = mail.outbox
    body = message.body
    assert message.subject == "Nhắc việc CCHC ngày 15/06/2024: 4 nhiệm vụ, 2 quá hạn"
    order = [
        body.index(title)
        for title in (
            "Pa-nô tuyên truyền",
            "Cuộc thi tìm hiểu",
            "Hội nghị giao ban",
            "Chuyên mục phát thanh",
        )
    ]
    assert order == sorted(order)
    assert body.index("QUÁ HẠN (2)") < body.index("ĐẾN HẠN HÔM NAY (1)")
    assert body.index("ĐẾN HẠN HÔM NAY (1)") < body.index("SẮP ĐẾN HẠN (1)")
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 4
    assert Notification.objects.filter(recipient=world.head).count() == 4


def test_digest_has_html_and_absolute_links_from_site_url(
    world, sweep_morning, settings
) -> None:
    settings.SITE_URL = "https://cchc.nuithanh.example"
    task = world.task(3)

    sweep()

    (message,) = mail.outbox
    link = f"https://cchc.nuithanh.example/tasks/{task.pk}/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert '<html lang="vi">' in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_second_sweep_the_same_day_sends_nothing(world, sweep_morning) -> None:
    world.task(3)
    world.task(-8)

    first = sweep()
    second = sweep()

    assert len(mail.outbox) == 2
    assert (first["reminders_created"], first["recipients"]) == (2, 2)
    assert (second["reminders_created"], second["recipients"]) == (0, 0)
    assert Reminder.objects.count() == 2


def test_next_day_sweep_reminds_again_on_the_next_offset(world, sweep_morning) -> None:
    world.task(3)
    sweep()

    two_days_later = sweep_morning + dt.timedelta(days=2)
    send_due_reminders.apply(kwargs={"date": two_days_later.isoformat()}).get()

    assert len(mail.outbox) == 2
    assert sorted(Reminder.objects.values_list("days_offset", flat=True)) == [1, 3]


def test_sweep_is_recorded_for_the_dashboard(world, sweep_morning) -> None:
    from campaigns.models import ReminderSweep

    world.task(3)

    sweep()

    recorded = ReminderSweep.objects.get()
    assert recorded.day == sweep_morning
    assert (recorded.recipients, recorded.reminders_created) == (1, 1)
    assert recorded.emails_queued == 1
    assert recorded.finished_at is not None
    assert recorded.error == ""
