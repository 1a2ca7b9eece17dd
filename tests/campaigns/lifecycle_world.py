"""A closed plan and a draft plan with work in every state, and a fingerprint of
everything a plan holds, to prove that a refused write changed nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile

from accounts.models import User
from campaigns.models import (
    Activity,
    Comment,
    ContentTheme,
    EvidenceFile,
    Objective,
    Plan,
    ProgressReport,
    Task,
    Unit,
)
from organisation.models import Organisation
from tests.factories import (
    ActivityFactory,
    ChannelFactory,
    ContentThemeFactory,
    ObjectiveFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    home_organisation,
)


@dataclass
class PlanWorld:
    plan: Plan
    unit: Unit
    activity: Activity
    todo: Task
    in_progress: Task
    done: Task
    report: ProgressReport
    evidence: EvidenceFile
    objective: Objective
    theme: ContentTheme


def plan_world(
    *,
    head: User,
    status: str,
    year: int = 2024,
    organisation: Organisation | None = None,
    name: str = "",
) -> PlanWorld:
    """A plan of ``year`` with an activity whose tasks are to do, in progress
    (reported, with a file) and done; its status is set last. In the home
    organisation unless another is given; ``name`` marks its titles."""
    organisation = organisation or home_organisation()
    plan = PlanFactory(
        organisation=organisation,
        year=year,
        status=Plan.Status.ISSUED,
        **({"title": f"Kế hoạch {name}"} if name else {}),
    )
    unit = UnitFactory(
        organisation=organisation,
        head=head,
        **({"name": f"Phòng {name}"} if name else {}),
    )
    activity = ActivityFactory(
        plan=plan,
        channel=ChannelFactory(organisation=organisation),
        **({"title": f"Hoạt động {name}"} if name else {}),
        lead_unit=unit,
        start_date=dt.date(year, 1, 1),
        due_date=dt.date(year, 12, 31),
    )
    todo = TaskFactory(activity=activity, due_date=dt.date(year, 3, 1))
    in_progress = TaskFactory(
        activity=activity, due_date=dt.date(year, 4, 1), status=Task.Status.IN_PROGRESS
    )
    done = TaskFactory(
        activity=activity, due_date=dt.date(year, 5, 1), status=Task.Status.DONE
    )
    report = ProgressReportFactory(task=in_progress, submitted_by=head, note="đã làm")
    ProgressReportFactory(task=done, submitted_by=head)
    evidence = EvidenceFile(
        report=report,
        original_name="anh.png",
        content_type="image/png",
        size=4,
        uploaded_by=head,
    )
    evidence.file.save("evidence.png", ContentFile(b"\x89PNG"), save=False)
    evidence.save()
    objective = ObjectiveFactory(plan=plan)
    theme = ContentThemeFactory(plan=plan)
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return PlanWorld(
        plan,
        unit,
        activity,
        todo,
        in_progress,
        done,
        report,
        evidence,
        objective,
        theme,
    )


def fingerprint(plan: Plan) -> tuple:
    """Everything of ``plan`` a write could change, as plain values."""
    plan = Plan.objects.get(pk=plan.pk)
    return (
        tuple(
            getattr(plan, f.attname)
            for f in Plan._meta.concrete_fields
            if f.name != "updated_at"
        ),
        tuple(Objective.objects.filter(plan=plan).values_list().order_by("pk")),
        tuple(ContentTheme.objects.filter(plan=plan).values_list().order_by("pk")),
        tuple(
            Activity.objects.filter(plan=plan)
            .values_list("pk", "title", "status", "version", "start_date", "due_date")
            .order_by("pk")
        ),
        tuple(
            Task.objects.filter(activity__plan=plan)
            .values_list(
                "pk", "status", "due_date", "planned_output", "unit", "assignee"
            )
            .order_by("pk")
        ),
        tuple(
            ProgressReport.objects.filter(task__activity__plan=plan)
            .values_list(
                "pk", "actual_output", "note", "version", "reach", "review_status"
            )
            .order_by("pk")
        ),
        tuple(
            Comment.objects.filter(task__activity__plan=plan)
            .values_list("pk", "body")
            .order_by("pk")
        ),
        tuple(
            EvidenceFile.objects.filter(report__task__activity__plan=plan)
            .values_list("pk", "file")
            .order_by("pk")
        ),
    )
