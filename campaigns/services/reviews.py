"""The review queue's writes: who is told that a report waits for review, and
accepting many reports at once.

Reviewers of a task's reports follow the rule the reminder sweep uses for
what goes to a planner (:mod:`campaigns.reminders.candidates`): the activity's
author when an active planner of the task's organisation, else every active
planner of that organisation.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, override

from accounts.models import User
from accounts.roles import Role
from notifications.models import Notification

from ..models import ProgressReport, Task
from ..tallies import tallies_kept
from . import teamwork
from .activity_batches import refusal_named
from .notify import task_notify

#: The most reports one bulk accept takes (a page of the queue is 50).
BULK_ACCEPT_MAX = 100


def reviewers_of(*, task: Task) -> list[User]:
    """The active planners told of ``task``'s reports: the activity's author if
    one of them, else all of them (ordered by id)."""
    planners = list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.PLANNER,
            memberships__organisation_id=task.plan.organisation_id,
        )
        .distinct()
        .order_by("pk")
    )
    author_id = task.activity.created_by_id
    authors = [planner for planner in planners if planner.pk == author_id]
    return authors or planners


def report_submitted_notify(
    *, report: ProgressReport, actor: User, again: bool, done: bool = False
) -> None:
    """Tell the reviewers at once that ``report`` waits for review (``again``:
    a returned report corrected and sent back; ``done``: filed with the task
    marked done). Nobody is told of a draft plan's report or their own."""
    task = report.task
    if task.plan.is_draft:  # nobody is told (and the reviewers are not read)
        return
    with override(settings.LANGUAGE_CODE):
        if again:
            title = gettext("Report sent again for review: %(unit)s · %(activity)s")
        elif done:
            title = gettext("Report to review, task done: %(unit)s · %(activity)s")
        else:
            title = gettext("Report to review: %(unit)s · %(activity)s")
        title %= {"unit": task.unit.display_name, "activity": task.activity.title}
    kind = (
        Notification.Kind.REPORT_RESUBMITTED
        if again
        else Notification.Kind.REPORT_SUBMITTED
    )
    task_notify(
        reviewers_of(task=task),
        actor=actor,
        kind=kind,
        title=title,
        task=task,
        url=reverse("workspace:report_review", args=[report.pk]),
    )


def reports_accept(*, actor: User, report_ids: Iterable[int]) -> list[ProgressReport]:
    """Accept every report of ``report_ids`` (as
    :func:`campaigns.services.teamwork.report_review` accepts one), all or
    nothing, in one transaction.

    ``ProgressReport.DoesNotExist`` when an id is not one of the organisation's
    reports (the page answers 404); ``PermissionDenied`` when ``actor`` may not
    review one of them; ``ValidationError`` naming the report when one may not
    be accepted (a closed plan, a cancelled task, already reviewed), or for no
    id or more than :data:`BULK_ACCEPT_MAX`.
    """
    ids = sorted(set(report_ids))
    if not ids:
        raise ValidationError(
            gettext("Select at least one report."), code="none_selected"
        )
    if len(ids) > BULK_ACCEPT_MAX:
        raise ValidationError(
            gettext("Accept at most %(max)d reports at once.")
            % {"max": BULK_ACCEPT_MAX},
            code="too_many",
        )
    reports = list(
        ProgressReport.objects.filter(pk__in=ids)
        .select_related("task__unit", "task__activity__plan", "task__plan")
        .order_by("pk")
    )
    if len(reports) != len(ids):
        raise ProgressReport.DoesNotExist
    accepted: list[ProgressReport] = []
    tasks = Q(pk__in={report.task_id for report in reports})
    # Ids in order: two bulk accepts lock the same rows in the same order.
    with transaction.atomic(), tallies_kept(tasks):
        for report in reports:
            try:
                accepted.append(
                    teamwork.report_review(
                        report=report, user=actor, decision=teamwork.Decision.ACCEPT
                    )
                )
            except ValidationError as exc:
                label = (
                    f"{report.task.unit.display_name} · {report.task.activity.title}"
                )
                raise refusal_named(exc, label) from exc
    return accepted
