"""Writes of the unit's chain of work: assignment, review and comments.

A head hands a task to one of the unit's staff; a planner accepts or returns the
report filed on it; anyone working on the task discusses it in comments. Every
write locks the task row, checks who acts (:mod:`campaigns.policy`) and refuses
on a closed plan.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from notifications.models import Notification

from ..lifecycle import plan_lock_for_write
from ..models import Activity, Comment, ProgressReport, Task, Unit
from ..policy import can_assign, can_comment, can_lead_unit, can_review, require
from ..revisions import task_touch
from ..tallies import report_awaiting
from ..tally_moves import tallies_task_moved, task_figures
from .notify import task_notify

COMMENT_MAX_LENGTH = 4000
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")


class Decision:
    ACCEPT = "accept"
    RETURN = "return"
    CHOICES = (ACCEPT, RETURN)


def _locked(task: Task) -> Task:
    """The task row locked, after its plan's row
    (:func:`campaigns.lifecycle.plan_lock_for_write`: refused if closed), with
    ``awaiting`` (a report of it waits for review) read under the lock."""
    plan = plan_lock_for_write(task.plan_id)
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("unit__head", "activity", "assignee")
        .annotate(awaiting=report_awaiting())
        .get(pk=task.pk)
    )
    if task.plan_id != plan.pk:
        # Its activity moved to another plan meanwhile (rare): that one.
        plan = plan_lock_for_write(task.plan_id)
    task.plan = plan
    task.activity.plan = plan
    return task


def _name(user: User) -> str:
    return user.get_full_name() or user.username


# --- assignment -------------------------------------------------------------


def _check_assignee(unit: Unit, assignee: User | None) -> None:
    if assignee is None:
        return
    is_staff = unit.staff.filter(pk=assignee.pk).exists()
    if not (
        is_staff
        and assignee.is_active
        and Role.UNIT_STAFF in assignee.roles_in(unit.organisation_id)
    ):
        raise ValidationError(
            _("%(name)s is not a staff member of %(unit)s."),
            code="not_staff",
            params={"name": _name(assignee), "unit": unit.display_name},
        )


def _assign(task: Task, *, user: User, assignee: User | None) -> bool:
    """Set the assignee of a locked task whose assigner was checked; False when
    nothing changed."""
    if not task.is_open:
        raise ValidationError(_("Only an open task can be assigned."), code="not_open")
    if task.assignee_id == (assignee.pk if assignee else None):
        return False
    task.assignee = assignee
    task._change_reason = (
        gettext("Assigned to %(name)s") % {"name": _name(assignee)}
        if assignee
        else gettext("Assignment removed")
    )[:100]
    task.save(update_fields=["assignee", "updated_at"])
    return True


@transaction.atomic
def task_assign(*, task: Task, user: User, assignee: User | None) -> Task:
    """Hand ``task`` to ``assignee`` (a staff member of its unit), or take it
    back with None. Only the unit's head or an admin; the assignee is notified.

    Raises PermissionDenied for anyone else, ValidationError for a closed plan,
    a task no longer open or an assignee outside the unit's staff.
    """
    task = _locked(task)
    require(can_assign, user, task)
    _check_assignee(task.unit, assignee)
    if _assign(task, user=user, assignee=assignee) and assignee is not None:
        with override(settings.LANGUAGE_CODE):
            title = gettext("Task assigned to you: %(activity)s") % {
                "activity": task.activity.title
            }
            body = gettext("%(unit)s · due %(due)s") % {
                "unit": task.unit.display_name,
                "due": f"{task.due_date:%d/%m/%Y}",
            }
        task_notify(
            [assignee],
            actor=user,
            kind=Notification.Kind.TASK_ASSIGNED,
            title=title,
            body=body,
            task=task,
        )
    return task


@transaction.atomic
def activity_tasks_assign(
    *, activity: Activity, unit: Unit, user: User, assignee: User | None
) -> int:
    """Assign every open task of ``activity`` for ``unit`` at once; returns how
    many changed. One notification for the lot. The errors of
    :func:`task_assign`."""
    require(can_lead_unit, user, unit)
    _check_assignee(unit, assignee)
    plan = plan_lock_for_write(activity.plan_id)
    tasks = list(
        Task.objects.select_for_update(of=("self",))
        .select_related("unit__head", "activity")
        .filter(activity=activity, unit=unit, status__in=Task.OPEN_STATUSES)
        .order_by("due_date", "pk")
    )
    for task in tasks:
        task.plan = task.activity.plan = plan
    changed = [task for task in tasks if _assign(task, user=user, assignee=assignee)]
    if changed and assignee is not None:
        with override(settings.LANGUAGE_CODE):
            title = gettext("%(count)d tasks assigned to you: %(activity)s") % {
                "count": len(changed),
                "activity": activity.title,
            }
        task_notify(
            [assignee],
            actor=user,
            kind=Notification.Kind.TASK_ASSIGNED,
            title=title,
            body=unit.display_name,
            task=changed[0],
        )
    return len(changed)


# --- review -----------------------------------------------------------------


@transaction.atomic
def report_review(
    *, report: ProgressReport, user: User, decision: str, comment: str = ""
) -> ProgressReport:
    """A planner or admin accepts a submitted report or returns it with a comment.

    Accepting marks the task done (completed when the accepted version was sent,
    if the unit had not marked it done) and makes it count as done in every
    figure. Returning puts the task back in progress and tells the assignee and
    the head. Nobody reviews their own report (PermissionDenied); a report not
    waiting for review, a cancelled task or a closed plan is a ValidationError.
    """
    if decision not in Decision.CHOICES:
        raise ValidationError(_("Choose accept or return."), code="bad_decision")
    task = _locked(report.task)
    task_touch(task)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    require(can_review, user, report)
    if task.status == Task.Status.CANCELLED:
        raise ValidationError(
            _("This task is cancelled: its reports are final."), code="cancelled"
        )
    if report.review_status != ProgressReport.ReviewStatus.SUBMITTED:
        raise ValidationError(
            _("This report was already reviewed."), code="already_reviewed"
        )
    comment = comment.strip()
    if decision == Decision.RETURN and not comment:
        raise ValidationError(
            _("Say what must change before returning the report."),
            code="no_comment",
        )
    before = task_figures(task, awaiting=task.awaiting)  # type: ignore[attr-defined]
    now = timezone.now()
    report.review_status = (
        ProgressReport.ReviewStatus.ACCEPTED
        if decision == Decision.ACCEPT
        else ProgressReport.ReviewStatus.RETURNED
    )
    report.reviewed_by = user
    report.reviewed_at = now
    report.review_comment = comment[:COMMENT_MAX_LENGTH]
    report._change_reason = (
        gettext("Accepted") if decision == Decision.ACCEPT else gettext("Returned")
    )
    report.save(
        update_fields=[
            "review_status",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "updated_at",
        ]
    )
    fields = ["accepted_at", "updated_at"]
    if decision == Decision.ACCEPT:
        task.accepted_at = now
        if task.status != Task.Status.DONE:
            task.status = Task.Status.DONE
            task.completed_at = report.review_requested_at
            fields += ["status", "completed_at"]
        task._change_reason = gettext("Report accepted")
    else:
        task.accepted_at = None
        if task.status == Task.Status.DONE:
            task.status = Task.Status.IN_PROGRESS
            task.completed_at = None
            fields += ["status", "completed_at"]
        task._change_reason = gettext("Report returned")
    task.save(update_fields=fields)
    others_waiting = (
        task.reports.filter(review_status=ProgressReport.ReviewStatus.SUBMITTED)
        .exclude(pk=report.pk)
        .exists()
    )
    tallies_task_moved(before, task_figures(task, awaiting=others_waiting))

    with override(settings.LANGUAGE_CODE):
        if decision == Decision.ACCEPT:
            title = gettext("Report accepted: %(activity)s")
        else:
            title = gettext("Report returned: %(activity)s")
        title %= {"activity": task.activity.title}
    task_notify(
        [task.assignee, task.unit.head, report.submitted_by],
        actor=user,
        kind=(
            Notification.Kind.REPORT_ACCEPTED
            if decision == Decision.ACCEPT
            else Notification.Kind.REPORT_RETURNED
        ),
        title=title,
        body=comment,
        task=task,
    )
    return report


# --- comments ---------------------------------------------------------------


def mentioned_users(*, task: Task, body: str) -> list[User]:
    """Active users named ``@username`` in ``body`` who may see ``task``; a name
    nobody has, or someone who may not see the task, is ignored (never told)."""
    names = {name.rstrip(".") for name in MENTION.findall(body)}
    if not names:
        return []
    candidates = User.objects.filter(username__in=names, is_active=True).order_by(
        "username"
    )
    return [
        user
        for user in candidates
        if Task.objects.visible_to(user).filter(pk=task.pk).exists()
    ]


@transaction.atomic
def comment_create(*, task: Task, user: User, body: str) -> Comment:
    """Add a comment to the task's thread; each ``@username`` who may see the task
    is notified. Raises PermissionDenied for anyone who may not write on the
    thread (:func:`campaigns.policy.can_comment`), ValidationError for
    an empty or over-long comment or a closed plan."""
    task = _locked(task)
    require(can_comment, user, task)
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a comment first."), code="empty")
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("A comment has at most %(count)d characters."),
            code="too_long",
            params={"count": COMMENT_MAX_LENGTH},
        )
    comment = Comment.objects.create(task=task, author=user, body=body)
    mentioned = mentioned_users(task=task, body=body)
    if mentioned:
        with override(settings.LANGUAGE_CODE):
            title = gettext("%(name)s mentioned you: %(activity)s") % {
                "name": _name(user),
                "activity": task.activity.title,
            }
        task_notify(
            mentioned,
            actor=user,
            kind=Notification.Kind.MENTION,
            title=title,
            body=body[:500],
            task=task,
        )
    return comment
