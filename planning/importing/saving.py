"""Save the checked rows as activities with their tasks, in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from campaigns.lifecycle import plan_ensure_writable
from campaigns.models import Activity, Plan
from campaigns.services.activities import activity_save
from campaigns.services.expansion import ScheduleSummary

from .context import ImportOptions
from .layout import ReadResult
from .validation import ImportPreview, validate_rows


class ImportInvalid(Exception):
    """The rows no longer validate; nothing was saved."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("invalid import")
        self.preview = preview


@dataclass
class ImportResult:
    activities: list[Activity]
    summary: ScheduleSummary
    preview: ImportPreview


@transaction.atomic
def import_rows(
    *,
    plan: Plan,
    read: ReadResult,
    options: ImportOptions | None = None,
    user: User,
    today: dt.date | None = None,
) -> ImportResult:
    """Save every valid row as an activity with its tasks, in one transaction.

    The rows are validated again here (the plan may have changed since the
    preview). Unless ``options.skip_invalid``, one invalid row saves nothing and
    raises :class:`ImportInvalid`; with it, the invalid rows are skipped (each
    listed with its reason in ``result.preview.skipped``). Each activity is
    saved by :func:`campaigns.services.activities.activity_save`, as ``user``
    (``PermissionDenied`` for anyone who may not edit the plan).
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan_ensure_writable(plan)
    options = options or ImportOptions()
    preview = validate_rows(plan=plan, read=read, options=options)
    if not preview.is_valid:
        raise ImportInvalid(preview)
    summary = ScheduleSummary()
    activities = []
    for row in preview.valid_rows:
        data = row.cleaned
        activity = Activity(
            plan=plan,
            title=data["title"],
            description=data.get("description", ""),
            theme=data["theme"],
            channel=data["channel"],
            lead_unit=data["lead_unit"],
            start_date=data["start"],
            due_date=data["due"],
            recurrence=data["recurrence"],
            shift_off_days=options.shift_off_days,
            planned_output=data["planned_output"],
            budget=data["budget"],
        )
        saved = activity_save(
            activity=activity,
            audience_groups=data["audiences"],
            objectives=[],
            supporting_units=data["supporting_units"],
            expected_version=None,
            user=user,
            today=today,
        )
        summary.merge(saved.summary)
        activities.append(activity)
    return ImportResult(activities, summary, preview)
