"""The reviewers' part of the daily digest: one pending row per task whose
report waits for review, to each of its reviewers (the rule of
:func:`campaigns.services.reviews.reviewers_of`, read here for every task at
once). They were told in-app when the report was sent; the digest lists what
still waits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role

from ..models import Reminder
from ..selectors import reviews_waiting


def review_reminders_record(*, day: dt.date) -> int:
    """Record the day's review rows (kind ``review``, days to the task's due
    date) as pending; rows recorded already are skipped. Returns how many rows
    were new. Five queries, whatever the number of reports."""
    waiting = (
        reviews_waiting()
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .values_list(
            "task_id",
            "task__due_date",
            "task__plan__organisation_id",
            "task__activity__created_by_id",
        )
        .distinct()
    )
    tasks = list(waiting)
    if not tasks:
        return 0
    planners: dict[int, list[int]] = defaultdict(list)
    rows = User.objects.filter(
        is_active=True,
        memberships__role=Role.PLANNER,
        memberships__organisation_id__in={org for _t, _d, org, _a in tasks},
    ).values_list("pk", "memberships__organisation_id", "email", "reminder_emails")
    people: dict[int, tuple[str, bool]] = {}
    for pk, organisation_id, email, wants in rows.order_by("pk"):
        planners[organisation_id].append(pk)
        people[pk] = (email, wants)
    now = timezone.now()
    reminders = []
    for task_id, due_date, organisation_id, author_id in sorted(set(tasks)):
        in_organisation = planners.get(organisation_id, [])
        recipients = [author_id] if author_id in in_organisation else in_organisation
        for recipient_id in recipients:
            email, wants = people[recipient_id]
            reminders.append(
                Reminder(
                    task_id=task_id,
                    kind=Reminder.Kind.REVIEW,
                    day=day,
                    days_offset=(due_date - day).days,
                    recipient_id=recipient_id,
                    email=email if wants else "",
                    status=Reminder.Status.PENDING,
                    created_at=now,
                )
            )
    before = Reminder.objects.filter(day=day, kind=Reminder.Kind.REVIEW).count()
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
    after = Reminder.objects.filter(day=day, kind=Reminder.Kind.REVIEW).count()
    return after - before
