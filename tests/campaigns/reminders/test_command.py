"""``manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from campaigns.models import Reminder, ReminderSweep
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_dry_run_prints_who_would_get_what_and_changes_nothing(world) -> None:
    world.task(3, title="Chuyên mục CCHC trên Đài truyền thanh")
    world.task(-8, title="Pa-nô tuyên truyền CCHC")

    output = run("--dry-run", "--date", "2024-06-15")

    assert "Nhắc việc ngày 15/06/2024 (chạy thử" in output
    assert f"Trần Thị Hiệp <{world.head.email}> [thư điện tử]" in output
    assert "Chuyên mục CCHC trên Đài truyền thanh · UBND xã Tam Hiệp · 18/06/2024" in (
        output
    )
    assert f"Lê Văn Kế Hoạch <{world.planner.email}> [thư điện tử]" in output
    escalated = (
        "Pa-nô tuyên truyền CCHC · UBND xã Tam Hiệp · 07/06/2024 (quá hạn 8 ngày)"
    )
    assert escalated in output
    assert "Tổng: 2 người nhận, 2 thư điện tử, 2 nhắc việc" in output
    assert not Reminder.objects.exists()
    assert not ReminderSweep.objects.exists()
    assert mail.outbox == []


def test_dry_run_names_units_nobody_can_be_reminded_for(world) -> None:
    unit = UnitFactory(name="Phòng Dân tộc", contact_email="")
    world.task(1, unit=unit)

    output = run("--dry-run", "--date", "2024-06-15")

    assert (
        "Đơn vị không có người nhận nhắc việc: Phòng Dân tộc (đơn vị chưa có người "
        "đứng đầu và chưa có thư điện tử liên hệ)"
    ) in output
    planner_part = output.split(f"Lê Văn Kế Hoạch <{world.planner.email}>")[1]
    assert "Phòng Dân tộc · 16/06/2024 (còn 1 ngày đến hạn)" in planner_part


def test_dry_run_after_a_sweep_has_nothing_left_to_send(world) -> None:
    world.task(3)
    run("--date", "2024-06-15")

    output = run("--dry-run", "--date", "2024-06-15")

    assert "Tổng: 0 người nhận, 0 thư điện tử, 0 nhắc việc; 1 đã ghi nhận" in output


def test_command_sends_the_digests_and_a_second_run_sends_nothing(world) -> None:
    world.task(3)
    world.task(-8)

    first = run("--date", "2024-06-15")
    second = run("--date", "2024-06-15")

    assert len(mail.outbox) == 2
    assert "2 nhắc việc mới, đã gửi 2 thư, 2 người nhận" in first
    assert "0 nhắc việc mới, đã gửi 0 thư, 0 người nhận" in second
    assert ReminderSweep.objects.count() == 2


def test_command_sweeps_today_by_default(world, sweep_morning) -> None:
    world.task(1)

    run()

    assert Reminder.objects.get().day == sweep_morning
    assert len(mail.outbox) == 1


def test_bad_date_is_refused_with_a_clear_message(world) -> None:
    with pytest.raises(CommandError, match="ngày không hợp lệ '15/06/2024'"):
        run("--date", "15/06/2024")

    assert not ReminderSweep.objects.exists()


def test_smtp_outage_fails_the_command_and_a_rerun_sends(world, smtp_fails) -> None:
    smtp_fails(ConnectionRefusedError(111, "Connection refused"))
    world.task(3)

    with pytest.raises(CommandError, match="1 thư không gửi được"):
        run("--date", "2024-06-15")
    assert Reminder.objects.get().status == Reminder.Status.PENDING

    run("--date", "2024-06-15")

    assert len(mail.outbox) == 1
    assert Reminder.objects.get().status == Reminder.Status.SENT
