"""Reads of the unit heads' workspace, scoped to what the user may see: a
task's page, its reports and comments, the reports waiting for review. The
/my-tasks/ groups are :mod:`workspace.task_groups`, a task's timeline
:mod:`workspace.timeline`."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from campaigns.models import Comment, EvidenceFile, ProgressReport, Task
from campaigns.selectors import tasks_visible_to


def reports_visible_to(*, user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(
        task__in=Task.objects.visible_to(user)
    ).select_related("task__unit", "task__activity__channel")


def evidence_visible_to(*, user: User) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.filter(
        report__task__in=Task.objects.visible_to(user)
    ).select_related("report__task")


def task_for_page(*, user: User, task_id: int) -> Task:
    """The task with its activity's whole context; Task.DoesNotExist if not seen."""
    task = (
        tasks_visible_to(user=user)
        # Only what the page shows: each more table joined costs the planner
        # more than the query takes (11 tables: 6.5 ms planning, 0.4 ms running).
        .select_related("assignee")
        .prefetch_related("activity__supporting_units", "activity__objectives")
        .get(pk=task_id)
    )
    # A task's plan is its activity's (joined above): no second read.
    task.plan = task.activity.plan
    return task


def task_for_writing(*, user: User, task_id: int) -> Task:
    """The task with what a write's form and who-may check read (its plan,
    unit, activity and channel), without the page's context; Task.DoesNotExist
    if not seen. The service locks and reads it again."""
    return (
        Task.objects.visible_to(user)
        .select_related("plan", "unit", "activity__channel")
        .get(pk=task_id)
    )


def task_reports(*, task: Task) -> list[ProgressReport]:
    return list(
        task.reports.select_related("submitted_by", "reviewed_by").prefetch_related(
            "evidence_files"
        )
    )


def task_comments(*, task: Task) -> list[Comment]:
    return list(task.comments.select_related("author").order_by("created_at", "pk"))
