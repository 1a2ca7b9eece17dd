"""Who the writes on a task tell, and how: one rule for every service.

A task of a draft plan reaches no unit until the plan is issued, so its writes
notify no one (docs/design.md, "Lifecycle rules"); nobody is told of their own
act; an inactive account is told nothing; each person once.
"""

from __future__ import annotations

from collections.abc import Iterable

from accounts.models import User
from notifications.models import Notification

from ..models import Task


def task_notify(
    recipients: Iterable[User | None],
    *,
    actor: User,
    kind: str,
    title: str,
    task: Task,
    body: str = "",
    url: str = "",
) -> list[Notification]:
    """One notification about ``task`` to each distinct active recipient other
    than ``actor``, written in one query; none for a task of a draft plan.
    ``url``: where it leads (the task's page when empty).

    ``task.plan`` is read (pass the plan locked by the service: no query)."""
    if task.plan.is_draft:
        return []
    seen: set[int] = set()
    rows = []
    url = (url or task.get_absolute_url())[:500]
    for recipient in recipients:
        if recipient is None or not recipient.is_active:
            continue
        if recipient.pk == actor.pk or recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        notification = Notification(
            organisation_id=task.plan.organisation_id,
            recipient=recipient,
            kind=kind,
            title=title[:300],
            body=body,
            url=url,
            task=task,
        )
        # bulk_create skips save(): clean the text as a save would.
        notification._clean_text_fields()
        rows.append(notification)
    return Notification.objects.bulk_create(rows) if rows else []
