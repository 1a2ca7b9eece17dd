"""Where reminders are seen: the dashboard widget, the task page snippet, the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from campaigns.models import Reminder
from campaigns.reminders import installed_at, reminder_sweep_status
from tests.factories import ReminderFactory, ReminderSweepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.test", "x")
    )
    return client


def widget(status) -> str:
    with translation.override("vi"):
        return render_to_string(
            "campaigns/snippets/sweep_status.html", {"sweep_status": status}
        )


def test_recent_sweep_shows_its_time_and_counts_without_warning() -> None:
    now = timezone.now()
    ReminderSweepFactory(started_at=now - dt.timedelta(hours=25))

    status = reminder_sweep_status(now=now)
    html = widget(status)

    assert status.is_stale is False
    assert 'data-sweep-stale="false"' in html
    assert "7 nhắc việc, 3 người nhận, 2 thư điện tử" in html
    assert "data-sweep-warning" not in html


def test_no_sweep_for_26_hours_warns_that_beat_is_down() -> None:
    now = timezone.now()
    ReminderSweepFactory(started_at=now - dt.timedelta(hours=26, minutes=1))

    status = reminder_sweep_status(now=now)
    html = widget(status)

    assert status.is_stale is True
    assert 'data-sweep-stale="true"' in html
    assert "Không có lần quét nhắc việc nào trong 26 giờ qua" in html


def test_a_fresh_install_without_a_sweep_says_so_without_warning() -> None:
    status = reminder_sweep_status(now=installed_at() + dt.timedelta(hours=25))
    html = widget(status)

    assert status.is_stale is False
    assert "Chưa có lần quét nhắc việc nào." in html
    assert "data-sweep-warning" not in html


def test_no_sweep_26_hours_after_install_warns() -> None:
    later = installed_at() + dt.timedelta(hours=26, minutes=1)

    status = reminder_sweep_status(now=later)
    html = widget(status)

    assert status.is_stale is True
    assert "Chưa có lần quét nhắc việc nào." in html
    assert "data-sweep-warning" in html


def test_the_planners_dashboard_of_a_fresh_install_raises_no_alarm(
    planner_client, time_machine
) -> None:
    time_machine.move_to(installed_at() + dt.timedelta(hours=1), tick=False)

    response = planner_client.get("/")

    assert response.status_code == 200
    assert 'data-sweep-stale="false"' in response.content.decode()
    assert "data-sweep-warning" not in response.content.decode()


def test_failed_sweep_is_shown_with_its_error() -> None:
    ReminderSweepFactory(error="OperationalError: connection refused")

    html = widget(reminder_sweep_status())

    assert "data-sweep-error" in html
    assert "OperationalError: connection refused" in html


def test_widget_status_takes_one_query_whatever_the_history(
    django_assert_num_queries,
) -> None:
    ReminderSweepFactory.create_batch(5)

    with django_assert_num_queries(1):
        status = reminder_sweep_status()
    with django_assert_num_queries(0):
        widget(status)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind__exact=overdue", 1),
        ("status__exact=failed", 1),
        ("day=2024-06-14", 1),
        ("day__gte=2024-06-15&day__lt=2024-06-16", 2),
    ],
)
def test_admin_filters_reminders(superuser_client, query, expected) -> None:
    ReminderFactory(kind=Reminder.Kind.OVERDUE, days_offset=-3)
    ReminderFactory(status=Reminder.Status.FAILED, day=dt.date(2024, 6, 14))
    ReminderFactory()

    response = superuser_client.get(f"/admin/campaigns/reminder/?{query}")

    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


def test_admin_filters_reminders_by_recipient(superuser_client) -> None:
    mine = ReminderFactory()
    ReminderFactory.create_batch(2)

    response = superuser_client.get(
        f"/admin/campaigns/reminder/?recipient__id__exact={mine.recipient_id}"
    )

    assert response.context["cl"].result_count == 1
    assert response.context["cl"].result_list[0] == mine


def test_admin_shows_reminders_read_only(superuser_client) -> None:
    reminder = ReminderFactory()

    detail = superuser_client.get(f"/admin/campaigns/reminder/{reminder.pk}/change/")
    add = superuser_client.get("/admin/campaigns/reminder/add/")

    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert add.status_code == 403
