"""In-app notifications: the service others call, the bell, the list."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from notifications.models import Notification
from notifications.services import notification_create, notifications_for_new_tasks
from tests.factories import (
    ActivityFactory,
    NotificationFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)


def test_one_new_task_gives_its_head_one_notification_linking_to_it(db) -> None:
    head = UserFactory()
    task = TaskFactory(activity__lead_unit=UnitFactory(head=head))

    [note] = notifications_for_new_tasks(tasks=[task])

    assert note.recipient == head
    assert note.kind == Notification.Kind.TASK_ASSIGNED
    assert note.task == task
    assert note.url == task.get_absolute_url()
    assert note.title == f"Nhiệm vụ mới: {task.activity.title}"


def test_a_recurring_activity_gives_one_notification_per_head(db) -> None:
    head, other = UserFactory(), UserFactory()
    unit, other_unit = UnitFactory(head=head), UnitFactory(head=other)
    activity = ActivityFactory(lead_unit=unit)
    tasks = [
        TaskFactory(activity=activity, unit=u, due_date=dt.date(2024, m, 25))
        for u in (unit, other_unit)
        for m in (1, 2, 3)
    ]

    notes = notifications_for_new_tasks(tasks=tasks)

    assert sorted(n.recipient_id for n in notes) == sorted([head.pk, other.pk])
    mine = next(n for n in notes if n.recipient == head)
    assert mine.title == f"3 nhiệm vụ mới: {activity.title}"
    assert mine.url == f"/my-tasks/?activity={activity.pk}"
    assert "25/01/2024" in mine.body


def test_units_without_an_active_head_are_skipped(db) -> None:
    headless = TaskFactory(activity__lead_unit=UnitFactory(head=None))
    retired = TaskFactory(
        activity__lead_unit=UnitFactory(head=UserFactory(is_active=False))
    )

    assert notifications_for_new_tasks(tasks=[headless, retired]) == []
    assert notifications_for_new_tasks(tasks=[]) == []


def test_new_task_notifications_cost_the_same_for_any_number_of_tasks(
    db, django_assert_num_queries
) -> None:
    tasks = [
        TaskFactory(activity__lead_unit=UnitFactory(head=UserFactory()))
        for _ in range(5)
    ]

    # One read of tasks with their heads, one bulk insert, and the savepoint
    # pair of the service's transaction.
    with django_assert_num_queries(4):
        notifications_for_new_tasks(tasks=tasks)


def test_notification_create_links_to_the_task_by_default(db) -> None:
    user = UserFactory()
    task = TaskFactory()

    note = notification_create(
        recipient=user, title="Sắp đến hạn", kind=Notification.Kind.REMINDER, task=task
    )

    assert note.url == task.get_absolute_url()
    assert not note.is_read


def test_the_bell_shows_the_unread_count(client, unit_head) -> None:
    NotificationFactory.create_batch(3, recipient=unit_head)
    NotificationFactory(
        recipient=unit_head, read_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    )
    NotificationFactory()  # someone else's
    client.force_login(unit_head)

    response = client.get("/")

    assert 'data-unread-count="3"' in response.text
    assert "3 thông báo chưa đọc" in response.text


def test_the_bell_endpoint_refreshes_the_count(client, unit_head) -> None:
    NotificationFactory(recipient=unit_head)
    client.force_login(unit_head)

    response = client.get(reverse("notifications:bell"))

    assert 'data-unread-count="1"' in response.text


def test_the_bell_endpoint_after_the_session_expired_swaps_nothing(client) -> None:
    response = client.get(reverse("notifications:bell"))

    assert response.status_code == 204
    assert response.content == b""


def test_opening_a_notification_marks_it_read_and_follows_its_link(
    client, unit_head
) -> None:
    note = NotificationFactory(recipient=unit_head, url="/my-tasks/")
    client.force_login(unit_head)

    response = client.post(reverse("notifications:open", args=[note.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/my-tasks/"
    note.refresh_from_db()
    assert note.is_read


def test_an_outside_link_is_not_followed(client, unit_head) -> None:
    note = NotificationFactory(recipient=unit_head, url="https://evil.example/")
    client.force_login(unit_head)

    response = client.post(reverse("notifications:open", args=[note.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_mark_one_read_with_htmx_returns_the_item(client, unit_head) -> None:
    note = NotificationFactory(recipient=unit_head)
    client.force_login(unit_head)

    response = client.post(
        reverse("notifications:read", args=[note.pk]), HTTP_HX_REQUEST="true"
    )

    assert 'data-read="true"' in response.text
    assert response["HX-Trigger"] == "notifications-changed"
    note.refresh_from_db()
    assert note.is_read


def test_mark_all_read(client, unit_head) -> None:
    NotificationFactory.create_batch(4, recipient=unit_head)
    client.force_login(unit_head)

    response = client.post(reverse("notifications:read_all"), follow=True)

    assert Notification.objects.filter(recipient=unit_head).unread().count() == 0
    assert "Đã đánh dấu đã đọc 4 thông báo." in response.text


def test_the_list_filters_unread(client, unit_head) -> None:
    NotificationFactory(recipient=unit_head, title="Chưa đọc A")
    NotificationFactory(
        recipient=unit_head,
        title="Đã đọc B",
        read_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    client.force_login(unit_head)

    response = client.get(reverse("notifications:list"), {"unread": "1"})

    assert "Chưa đọc A" in response.text
    assert "Đã đọc B" not in response.text
