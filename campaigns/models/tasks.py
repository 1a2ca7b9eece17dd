"""Tasks: one unit's share of one occurrence of an activity, and the rules
that read them (who sees what, what counts as done)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.scoping import ScopedManager, ScopedQuerySetMixin

from .activities import Activity
from .plans import Plan
from .units import Unit

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

UNIT_VISIBLE_PLAN_STATUSES = (Plan.Status.ISSUED, Plan.Status.CLOSED)


class Member(Protocol):
    """What these rules read of an ``accounts.models.User`` (the models do not
    import accounts, which depends on them)."""

    pk: Any

    @property
    def sees_whole_district(self) -> bool: ...
    @property
    def works_in_units(self) -> bool: ...
    @property
    def is_unit_head(self) -> bool: ...
    @property
    def is_unit_staff(self) -> bool: ...


class TaskQuerySet(ScopedQuerySetMixin, models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(is_open())

    def overdue(self, today: dt.date) -> TaskQuerySet:
        return self.filter(overdue_on(today))

    def shown_to_units(self) -> TaskQuerySet:
        """Tasks a unit may see at all: a draft plan's are the planners' alone
        (docs/design.md, lifecycle rules)."""
        return self.filter(plan__status__in=UNIT_VISIBLE_PLAN_STATUSES)

    def actionable(self) -> TaskQuerySet:
        """Tasks of live (issued) plans: what a unit still works on."""
        return self.filter(plan__status=Plan.Status.ISSUED)

    def visible_to(self, user: Member) -> TaskQuerySet:
        """District roles see every task; unit heads and staff their units' tasks.

        The units are a subquery (never a join on the staff table), so a task
        is listed once however many staff its unit has.
        """
        if user.sees_whole_district:
            return self
        return self.in_units_of(user)

    def in_units_of(self, user: Member) -> TaskQuerySet:
        """Tasks of the units ``user`` heads or staffs (none for other roles),
        never those of a draft plan."""
        if not user.works_in_units:
            return self.none()
        return self.shown_to_units().filter(unit__in=units_of(user))

    def counted_done(self) -> TaskQuerySet:
        """Tasks that count as done in every figure (see :func:`counts_as_done`)."""
        return self.filter(counts_as_done())


def units_of(user: Member) -> models.QuerySet[Unit, Any]:
    """The units a head or staff member works in: those they head or staff.

    A head's units are the ones they head; a staff member's the ones they are
    listed in. A subquery-friendly queryset of ids.
    """
    conditions = Q()
    if user.is_unit_head:
        conditions |= Q(head=user)
    if user.is_unit_staff:
        conditions |= Q(
            pk__in=Unit.staff.through.objects.filter(user_id=user.pk).values("unit_id")
        )
    if not conditions:
        return Unit.objects.none().values("pk")
    return Unit.objects.filter(conditions).values("pk")


def counts_as_done(prefix: str = "") -> Q:
    """The one rule of "done" for every figure: dashboard, reports, exports.

    With ``REPORT_REVIEW_REQUIRED`` (default on) a task counts as done when it is
    done *and* a report of it was accepted by a planner (``Task.accepted_at``,
    kept by the review services); off, the unit's "done" stands. ``prefix`` is
    the path to the task from the queried model, e.g. ``"tasks__"``.
    """
    condition = Q(**{f"{prefix}status": Task.Status.DONE})
    if settings.REPORT_REVIEW_REQUIRED:
        condition &= Q(**{f"{prefix}accepted_at__isnull": False})
    return condition


def done_awaiting_review(prefix: str = "") -> Q:
    """Marked done by its unit but not counted done yet: with
    ``REPORT_REVIEW_REQUIRED``, no planner has accepted its report (a report
    returned puts the task back in progress, so such a task's report is waiting
    for review). Never true with review off. Its own figure everywhere: neither
    done nor overdue."""
    if not settings.REPORT_REVIEW_REQUIRED:
        return Q(**{f"{prefix}pk__in": []})
    return Q(
        **{f"{prefix}status": Task.Status.DONE, f"{prefix}accepted_at__isnull": True}
    )


def is_open(prefix: str = "") -> Q:
    """Work still to carry out: to do or in progress."""
    return Q(**{f"{prefix}status__in": Task.OPEN_STATUSES})


def overdue_on(day: dt.date, prefix: str = "") -> Q:
    """Open and due before ``day``: a task done (accepted or awaiting review)
    or cancelled is never overdue."""
    return is_open(prefix) & Q(**{f"{prefix}due_date__lt": day})


def in_term_on(day: dt.date, prefix: str = "") -> Q:
    """Open and due on ``day`` or later."""
    return is_open(prefix) & Q(**{f"{prefix}due_date__gte": day})


class Task(models.Model):
    """One unit's share of one occurrence of an activity."""

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.TODO, Status.IN_PROGRESS)

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("activity"),
    )
    # The activity's plan, copied so that per-plan reads need no join with the
    # activities and use the plan-leading indexes below. Kept equal to
    # activity.plan by campaigns.services.activity_expand_tasks, the one place
    # tasks are built: whoever builds a task sets it (save() reads nothing).
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("plan"),
        editable=False,
        db_index=False,  # led by task_plan_status_due_idx
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("unit")
    )
    due_date = models.DateField(_("due date"))
    is_lead = models.BooleanField(_("lead unit"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TODO
    )
    planned_output = models.PositiveIntegerField(_("planned output"), default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("assignee"),
        help_text=_("A staff member of the unit; reminders go to them."),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Set when a planner accepts a report of the task, cleared when the task is
    # reopened or a report returned: see counts_as_done().
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ScopedManager.from_queryset(TaskQuerySet)("plan__organisation")

    # Not fields: set on some instances only, by whoever reads them.
    # The reason simple-history stores with the next history record.
    _change_reason: str
    # Computed for a unit's work lists (workspace.task_groups) and the
    # overdue report (reports.selectors): days to the due date, days past it,
    # and whether the viewer may only read the task.
    days_left: int
    days_overdue: int
    read_only: bool

    class Meta:
        ordering = ("due_date", "pk")
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(
                fields=("activity", "unit", "due_date"),
                name="task_one_per_activity_unit_day",
                violation_error_message=_(
                    "This unit already has a task for this activity on that day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_output__gte=0),
                name="task_planned_output_not_negative",
                violation_error_message=_("The planned output cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=("status", "due_date"), name="task_status_due_idx"),
            models.Index(fields=("unit", "due_date"), name="task_unit_due_idx"),
            # Dashboards, reports and exports: one plan's tasks by status and day.
            models.Index(
                fields=("plan", "status", "due_date"), name="task_plan_status_due_idx"
            ),
            # A unit's tasks in one plan (unit heads' dashboard, by-unit figures).
            models.Index(
                fields=("plan", "unit", "due_date"), name="task_plan_unit_due_idx"
            ),
            # The calendar: the occurrences of a date range, grouped by activity.
            models.Index(fields=("due_date", "activity"), name="task_due_activity_idx"),
            # /my-tasks/: a unit's open tasks by due date (overdue first); done
            # tasks left out, so the first page is the first rows read.
            models.Index(
                fields=("unit", "due_date"),
                condition=Q(status__in=("todo", "in_progress")),
                name="task_open_unit_due_idx",
            ),
            # /my-tasks/: a unit's latest done tasks, the first page read from
            # the index (the unit's done tasks are thousands at scale 10).
            models.Index(
                "unit",
                models.F("completed_at").desc(),
                models.F("due_date").desc(),
                models.F("id").desc(),
                condition=Q(status="done"),
                name="task_done_unit_recent_idx",
            ),
            # The calendar feed's live tasks: per day, the number of
            # occurrences and the first few activities, read from the index
            # alone, also for one plan (PostgreSQL; SQLite keeps the partial
            # index without the included column).
            models.Index(
                fields=("due_date", "activity"),
                include=("plan",),
                condition=~Q(status="cancelled"),
                name="task_live_due_activity_idx",
            ),
            # The feed's first overdue activities of a day, without walking the
            # done tasks (a small index: open tasks only).
            models.Index(
                fields=("due_date", "activity"),
                include=("plan", "unit"),
                condition=Q(status__in=("todo", "in_progress")),
                name="task_open_due_activity_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.unit} · {self.due_date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("workspace:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date < today


class ReportFlag(TypedDict):
    """``has_report``, annotated (an Exists on the task's reports) by the
    services that move or re-expand tasks; the plugin types an Exists as Any."""

    has_report: Any


if TYPE_CHECKING:  # WithAnnotations takes a second parameter in type checks only
    TaskWithReportFlag = WithAnnotations[Task, ReportFlag]
