"""A task's history as one timeline, newest first: status changes,
assignments and moves, reports filed, edited and reviewed, comments and
reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, cast

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User
from campaigns.models import Comment, EvidenceFile, ProgressReport, Task

from .selectors import task_comments


@dataclass
class TimelineEvent:
    at: dt.datetime
    kind: str
    title: str
    user: User | None = None
    detail: str = ""
    # (field label, before, after); the label is translated when shown.
    changes: list[tuple[StrOrPromise, object, object]] = field(default_factory=list)


REPORT_LABELS = {
    name: cast(
        "models.Field[Any, Any]", ProgressReport._meta.get_field(name)
    ).verbose_name
    for name in ("actual_output", "participants", "reach", "note", "evidence_links")
}


REVIEW_TITLES = {
    ProgressReport.ReviewStatus.ACCEPTED: _("Report accepted"),
    ProgressReport.ReviewStatus.RETURNED: _("Report returned"),
    ProgressReport.ReviewStatus.SUBMITTED: _("Report sent for review again"),
}


# simple-history's historical rows are models it generates at run time: untyped.
def _review_event(record: Any) -> TimelineEvent:
    status = record.review_status
    return TimelineEvent(
        at=record.history_date,
        kind=f"review-{status}",
        title=str(REVIEW_TITLES[status]),
        user=record.history_user,
        detail=record.review_comment
        if status != ProgressReport.ReviewStatus.SUBMITTED
        else "",
    )


def _evidence_removals(report_ids: set[int]) -> list[TimelineEvent]:
    """Each evidence file removed from the reports: who, when, which file."""
    return [
        TimelineEvent(
            at=record.history_date,
            kind="evidence-removed",
            title=str(_("Evidence file removed")),
            user=record.history_user,
            detail=record.original_name,
        )
        for record in EvidenceFile.history.filter(
            report_id__in=report_ids, history_type="-"
        ).select_related("history_user")
    ]


def task_timeline(
    *, task: Task, comments: list[Comment] | None = None
) -> list[TimelineEvent]:
    """Status changes, assignments, reports filed, edited (with what they
    replaced) and reviewed, comments and reminders as one timeline, newest
    first; five queries whatever the history's length."""
    events: list[TimelineEvent] = []

    task_records = list(
        task.history.select_related("history_user").order_by("history_date", "pk")
    )
    if task_records:
        first = task_records[0]
        events.append(
            TimelineEvent(
                at=first.history_date,
                kind="created",
                title=str(_("Task assigned to the unit")),
                user=first.history_user,
            )
        )
    for before, after in pairwise(task_records):
        if before.status != after.status:
            events.append(
                TimelineEvent(
                    at=after.history_date,
                    kind=f"status-{after.status}",
                    title=str(
                        _("Status: %(before)s → %(after)s")
                        % {
                            "before": Task.Status(before.status).label,
                            "after": Task.Status(after.status).label,
                        }
                    ),
                    user=after.history_user,
                    detail=after.history_change_reason or "",
                )
            )
        elif before.assignee_id != after.assignee_id:
            events.append(
                TimelineEvent(
                    at=after.history_date,
                    kind="assigned",
                    title=after.history_change_reason or str(_("Assignee changed")),
                    user=after.history_user,
                )
            )
        elif before.due_date != after.due_date:
            events.append(
                TimelineEvent(
                    at=after.history_date,
                    kind="moved",
                    title=str(
                        _("Due date moved: %(before)s → %(after)s")
                        % {
                            "before": f"{before.due_date:%d/%m/%Y}",
                            "after": f"{after.due_date:%d/%m/%Y}",
                        }
                    ),
                    user=after.history_user,
                )
            )

    report_records = list(
        ProgressReport.history.filter(task_id=task.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    previous: dict[int, Any] = {}
    for record in report_records:
        before = previous.get(record.id)
        if record.history_type == "+":
            events.append(
                TimelineEvent(
                    at=record.history_date,
                    kind="report",
                    title=str(_("Progress report filed")),
                    user=record.history_user,
                )
            )
        elif record.history_type == "~" and before is not None:
            if before.review_status != record.review_status:
                events.append(_review_event(record))
            changes = [
                (REPORT_LABELS[name], getattr(before, name), getattr(record, name))
                for name in REPORT_LABELS
                if getattr(before, name) != getattr(record, name)
            ]
            if changes:
                events.append(
                    TimelineEvent(
                        at=record.history_date,
                        kind="report-edited",
                        title=str(_("Progress report edited")),
                        user=record.history_user,
                        changes=changes,
                    )
                )
        elif record.history_type == "-":
            events.append(
                TimelineEvent(
                    at=record.history_date,
                    kind="report-deleted",
                    title=str(_("Progress report deleted")),
                    user=record.history_user,
                )
            )
        previous[record.id] = record

    report_ids = {record.id for record in report_records}
    if report_ids:
        events.extend(_evidence_removals(report_ids))

    if comments is None:
        comments = task_comments(task=task)
    for comment in comments:
        events.append(
            TimelineEvent(
                at=comment.created_at,
                kind="comment",
                title=str(_("Comment")),
                user=comment.author,
                detail=comment.body,
            )
        )

    for reminder in task.reminders.select_related("recipient").order_by("day", "pk"):
        at = reminder.sent_at or reminder.created_at
        recipient = reminder.recipient
        who = (
            (recipient.get_full_name() or recipient.username)
            if recipient
            else reminder.email
        )
        events.append(
            TimelineEvent(
                at=at,
                kind="reminder",
                title=str(
                    _("Reminder (%(kind)s) to %(who)s")
                    % {"kind": reminder.get_kind_display(), "who": who}
                ),
                detail=str(reminder.get_status_display()),
            )
        )
    events.sort(key=lambda event: event.at, reverse=True)
    return events
