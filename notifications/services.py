"""Writes on in-app notifications. The planning and reminder code call these."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext, override

from accounts.models import User
from campaigns.models import Task

from .models import Notification


@transaction.atomic
def notification_create(
    *,
    recipient: User,
    title: str,
    kind: str = Notification.Kind.OTHER,
    body: str = "",
    url: str = "",
    task: Task | None = None,
    organisation_id: int | None = None,
) -> Notification:
    """One message under the recipient's bell in an organisation (the task's
    unless given); ``url`` defaults to the task's page. ``ValueError`` with
    neither a task nor an organisation."""
    if not url and task is not None:
        url = task.get_absolute_url()
    if organisation_id is None:
        if task is None:
            raise ValueError("a notification needs a task or an organisation")
        organisation_id = task.plan.organisation_id
    return Notification.objects.create(
        organisation_id=organisation_id,
        recipient=recipient,
        kind=kind,
        title=title[:300],
        body=body,
        url=url[:500],
        task=task,
    )


@transaction.atomic
def notifications_for_new_tasks(*, tasks: Iterable[Task]) -> list[Notification]:
    """Tell each unit head about the tasks just assigned to their unit.

    One notification per head and activity: an activity that expands into twelve
    monthly tasks gives one message ("12 new tasks"), not twelve. Units without a
    head, or whose head is inactive, get none (their contact e-mail is the
    reminder code's business).
    """
    tasks = [task for task in tasks if task.pk is not None]
    if not tasks:
        return []
    # Fetch heads and activities in one query whatever the caller passed in;
    # a draft plan's tasks reach no unit (they are told when it is issued).
    fresh = (
        Task.objects.filter(pk__in=[task.pk for task in tasks])
        .shown_to_units()
        .select_related("activity", "plan", "unit__head")
        .order_by("due_date", "pk")
    )
    groups: dict[tuple[int, int], list[Task]] = defaultdict(list)
    heads: dict[int, User] = {}
    for task in fresh:
        head = task.unit.head
        if head is None or not head.is_active:
            continue
        heads[head.pk] = head
        groups[(head.pk, task.activity_id)].append(task)

    notifications = []
    for (head_id, activity_id), head_tasks in groups.items():
        first = head_tasks[0]
        # Stored text is in the default language (Vietnamese): it is read later,
        # outside any request.
        with override(settings.LANGUAGE_CODE):
            if len(head_tasks) == 1:
                title = gettext("New task: %(activity)s") % {
                    "activity": first.activity.title
                }
                body = gettext("%(unit)s · due %(due)s") % {
                    "unit": first.unit.display_name,
                    "due": f"{first.due_date:%d/%m/%Y}",
                }
                url = first.get_absolute_url()
            else:
                title = ngettext(
                    "%(count)d new task: %(activity)s",
                    "%(count)d new tasks: %(activity)s",
                    len(head_tasks),
                ) % {"count": len(head_tasks), "activity": first.activity.title}
                body = gettext("%(unit)s · first due %(due)s") % {
                    "unit": first.unit.display_name,
                    "due": f"{first.due_date:%d/%m/%Y}",
                }
                url = (
                    reverse("workspace:my_tasks")
                    + "?"
                    + urlencode({"activity": activity_id})
                )
        notifications.append(
            Notification(
                organisation_id=first.plan.organisation_id,
                recipient=heads[head_id],
                kind=Notification.Kind.TASK_ASSIGNED,
                title=title[:300],
                body=body,
                url=url,
                task=first,
            )
        )
    return Notification.objects.bulk_create(notifications)


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return (
        Notification.objects.filter(recipient=user)
        .unread()
        .update(read_at=timezone.now())
    )
