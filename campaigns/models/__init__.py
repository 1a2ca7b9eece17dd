"""The plan's domain, by aggregate: plans, units, activities, tasks, reports,
reminders and the progress counters. Every model and public helper is
importable from ``campaigns.models`` (the migrations name the upload helpers
there)."""

from .activities import Activity
from .calendar import OfficialDay
from .issued import IssuedReport, IssuedReportFile
from .plans import ContentTheme, Objective, Plan
from .reminders import Reminder, ReminderSweep
from .reports import Comment, EvidenceFile, ProgressReport, awaits_review
from .revisions import PlanRevision
from .storage import (
    evidence_upload_to,
    issued_report_upload_to,
    private_storage,
    signed_plan_upload_to,
)
from .tallies import ActivityMonth, TaskTally
from .tasks import (
    UNIT_VISIBLE_PLAN_STATUSES,
    Task,
    TaskQuerySet,
    counts_as_done,
    done_awaiting_review,
    in_term_on,
    is_open,
    overdue_on,
    units_of,
)
from .units import Unit, UnitGroupPhrase

__all__ = [
    "UNIT_VISIBLE_PLAN_STATUSES",
    "Activity",
    "ActivityMonth",
    "Comment",
    "ContentTheme",
    "EvidenceFile",
    "IssuedReport",
    "IssuedReportFile",
    "Objective",
    "OfficialDay",
    "Plan",
    "PlanRevision",
    "ProgressReport",
    "Reminder",
    "ReminderSweep",
    "Task",
    "TaskQuerySet",
    "TaskTally",
    "Unit",
    "UnitGroupPhrase",
    "awaits_review",
    "counts_as_done",
    "done_awaiting_review",
    "evidence_upload_to",
    "in_term_on",
    "is_open",
    "issued_report_upload_to",
    "overdue_on",
    "private_storage",
    "signed_plan_upload_to",
    "units_of",
]
