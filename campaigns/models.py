"""The plan's domain: plans, objectives, themes, units, activities, tasks, reports."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audiences.models import AudienceGroup
from channels.models import Channel
from nuithanh_cchc.text import CleanTextMixin
from organisation.selectors import default_plan_issuer

from . import recurrence
from .history import TrackedHistory
from .lifecycle import PlanBoundMixin, plan_closed_error, plan_ensure_writable
from .search import fold
from .text import shorten
from .uploads import KINDS, UploadValidator


def private_storage() -> Storage:
    return storages["private"]


def _random_name(folder: str, filename: str) -> str:
    """Store uploads under a random name; the original name is kept on the row."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def signed_plan_upload_to(instance: Plan, filename: str) -> str:
    return _random_name("plans", filename)


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:
    return _random_name("evidence", filename)


def _with_search_field(kwargs: dict, sources: set[str], search_field: str) -> None:
    """A save limited to ``update_fields`` that touches a searchable field also
    writes its folded copy."""
    fields = kwargs.get("update_fields")
    if fields is not None and sources & set(fields):
        kwargs["update_fields"] = {*fields, search_field}


class Plan(CleanTextMixin, models.Model):
    """A yearly communication plan (kế hoạch), e.g. 45/KH-UBND of 2024."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.CharField(
        _("document number"), max_length=50, blank=True, help_text=_("e.g. 45/KH-UBND")
    )
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issuer"), max_length=200, default=default_plan_issuer)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    general_goal = models.TextField(_("general goal"), blank=True)
    next_year_directions = models.TextField(
        _("directions for next year"),
        blank=True,
        help_text=_("Written by the planner; printed in the yearly report."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_file = models.FileField(
        _("signed file"),
        upload_to=signed_plan_upload_to,
        storage=private_storage,
        blank=True,
        validators=[UploadValidator(("pdf", "doc", "docx"), "SIGNED_PLAN_MAX_BYTES")],
        help_text=_("PDF, DOC or DOCX of the signed plan."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("-year", "issuer")
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=("year", "issuer"),
                name="plan_one_per_year_and_issuer",
                violation_error_message=_("This issuer already has a plan that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="plan_year_in_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.number} " if self.number else ""
        year = "" if str(self.year) in self.title else f" ({self.year})"
        return f"{label}{self.title}{year}"

    def save(self, *args: object, **kwargs: object) -> None:
        """A closed plan only changes by being reopened (status back to issued)."""
        if self._stored_status() == self.Status.CLOSED and self.is_closed:
            raise plan_closed_error(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("planning:plan_detail", args=[self.pk])

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if self._stored_status() == self.Status.CLOSED:
            raise plan_closed_error(self)
        return super().delete(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def ensure_writable(self) -> None:
        """Raise ``ValidationError`` if this plan is closed (see ``lifecycle``)."""
        plan_ensure_writable(self)

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return Plan.objects.filter(pk=self.pk).values_list("status", flat=True).first()


class Objective(CleanTextMixin, PlanBoundMixin, models.Model):
    """A general or specific objective (mục tiêu), optionally measurable."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        SPECIFIC = "specific", _("Specific")

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("plan"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.SPECIFIC
    )
    description = models.TextField(_("description"))
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(
        _("target unit"), max_length=50, blank=True, help_text=_("e.g. %")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("plan", "order", "pk")
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                name="objective_target_not_negative",
                violation_error_message=_("The target cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return shorten(self.description, 80)


class ContentTheme(CleanTextMixin, PlanBoundMixin, models.Model):
    """A content area of the plan (nội dung tuyên truyền)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="themes", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("plan", "order", "pk")
        verbose_name = _("content theme")
        verbose_name_plural = _("content themes")

    def __str__(self) -> str:
        return self.title


class Unit(CleanTextMixin, models.Model):
    """A department, board, commune or the township, with its head."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department or board")
        COMMUNE = "commune", _("Commune")
        TOWNSHIP = "township", _("Township")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other names and abbreviations the unit is written with in plans, one "
            "per line (e.g. Phòng VH&TT). Used when importing an appendix."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name=_("head"),
    )
    # Staff (cán bộ) of the unit; a person may work in several units. The head
    # is not listed here: ``head`` says who heads the unit.
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="staffed_units",
        blank=True,
        verbose_name=_("staff"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Name and short name folded for search (campaigns.search), set by save().
    search_name = models.CharField(max_length=400, blank=True, editable=False)

    class Meta:
        ordering = ("order", "name")
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(f"{self.name} {self.short_name}")
        _with_search_field(kwargs, {"name", "short_name"}, "search_name")
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def alias_list(self) -> list[str]:
        """The other names, one per line (semicolons also separate)."""
        text = self.aliases.replace(";", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]


class Activity(CleanTextMixin, PlanBoundMixin, models.Model):
    """A planned communication activity: once, or recurring by an RRULE."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("plan"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(
        ContentTheme,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("content theme"),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("channel"),
    )
    audience_groups = models.ManyToManyField(
        AudienceGroup, related_name="activities", verbose_name=_("audience groups")
    )
    objectives = models.ManyToManyField(
        Objective,
        related_name="activities",
        blank=True,
        verbose_name=_("objectives served"),
    )
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="led_activities",
        verbose_name=_("lead unit"),
    )
    supporting_units = models.ManyToManyField(
        Unit,
        related_name="supported_activities",
        blank=True,
        verbose_name=_("supporting units"),
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(
        _("due date"),
        help_text=_("For a recurring activity, the last day of the recurrence."),
    )
    recurrence = models.CharField(
        _("recurrence"),
        max_length=500,
        blank=True,
        help_text=_("RFC 5545 rule, e.g. FREQ=MONTHLY;BYMONTHDAY=25. Empty: once."),
    )
    shift_off_days = models.BooleanField(
        _("move weekend and holiday dates to the previous working day"),
        default=False,
    )
    planned_output = models.PositiveIntegerField(
        _("planned output per occurrence"), default=1
    )
    budget = models.DecimalField(
        _("budget (VND)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Optimistic locking: a save states the version it was edited from.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_activities",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Title and description folded for search (campaigns.search), set by save().
    search_text = models.TextField(blank=True, editable=False)
    history = TrackedHistory(
        m2m_fields=[supporting_units, audience_groups], excluded_fields=["search_text"]
    )

    class Meta:
        ordering = ("start_date", "title")
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")),
                name="activity_due_not_before_start",
                violation_error_message=_("The due date cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(planned_output__gte=0),
                name="activity_planned_output_not_negative",
                violation_error_message=_("The planned output cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="activity_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(f"{self.title} {self.description}")
        _with_search_field(kwargs, {"title", "description"}, "search_text")
        from .tallies import tallies_kept, tally_hook_needed

        if not (
            self.pk
            and tally_hook_needed(kwargs.get("update_fields"), {"channel"})
            and Activity.objects.filter(pk=self.pk)
            .exclude(channel_id=self.channel_id)
            .exists()
        ):
            super().save(*args, **kwargs)
            return
        # Another channel: the activity's tasks count under it from now on.
        with tallies_kept(Q(activity_id=self.pk)):
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("planning:activity_detail", args=[self.pk])

    def delete(self, *args: object, **kwargs: object) -> Any:
        from .tallies import tallies_kept

        with tallies_kept(Q(activity_id=self.pk)):
            return super().delete(*args, **kwargs)

    def clean(self) -> None:
        """The rule is validated by expanding it (``recurrence.validate_rule``)."""
        if self.recurrence and self.start_date and self.due_date:
            if self.due_date < self.start_date:
                return  # the constraint's message says it
            try:
                recurrence.validate_rule(
                    self.recurrence, self.start_date, self.due_date
                )
            except ValidationError as exc:
                raise ValidationError({"recurrence": exc.messages}) from exc

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence.strip())

    def occurrence_dates(self) -> list[dt.date]:
        return recurrence.occurrence_dates(
            rule=self.recurrence,
            start=self.start_date,
            end=self.due_date,
            shift_off_days=self.shift_off_days,
        )


UNIT_VISIBLE_PLAN_STATUSES = (Plan.Status.ISSUED, Plan.Status.CLOSED)


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(status__in=Task.OPEN_STATUSES)

    def overdue(self, today: dt.date) -> TaskQuerySet:
        return self.open().filter(due_date__lt=today)

    def shown_to_units(self) -> TaskQuerySet:
        """Tasks a unit may see at all: a draft plan's are the planners' alone
        (DESIGN.md, lifecycle rules)."""
        return self.filter(plan__status__in=UNIT_VISIBLE_PLAN_STATUSES)

    def actionable(self) -> TaskQuerySet:
        """Tasks of live (issued) plans: what a unit still works on."""
        return self.filter(plan__status=Plan.Status.ISSUED)

    def visible_to(self, user: settings.AUTH_USER_MODEL) -> TaskQuerySet:
        """District roles see every task; unit heads and staff their units' tasks.

        The units are a subquery (never a join on the staff table), so a task
        is listed once however many staff its unit has.
        """
        if user.sees_whole_district:
            return self
        return self.in_units_of(user)

    def in_units_of(self, user: settings.AUTH_USER_MODEL) -> TaskQuerySet:
        """Tasks of the units ``user`` heads or staffs (none for other roles),
        never those of a draft plan."""
        if not user.works_in_units:
            return self.none()
        return self.shown_to_units().filter(unit__in=units_of(user))

    def counted_done(self) -> TaskQuerySet:
        """Tasks that count as done in every figure (see :func:`counts_as_done`)."""
        return self.filter(counts_as_done())


def units_of(user: settings.AUTH_USER_MODEL) -> models.QuerySet[Unit]:
    """The units a head or staff member works in: those they head or staff.

    A head's units are the ones they head; a staff member's the ones they are
    listed in. A subquery-friendly queryset of ids.
    """
    conditions = Q()
    if user.is_unit_head:
        conditions |= Q(head=user)
    if user.is_unit_staff:
        conditions |= Q(
            pk__in=Unit.staff.through.objects.filter(user=user).values("unit_id")
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


def awaits_review() -> Q | models.Exists:
    """Tasks with a report waiting for a planner's review (filed, or corrected
    after a return): what the dashboard and reports show as waiting. Nothing
    waits when review is not required."""
    if not settings.REPORT_REVIEW_REQUIRED:
        return Q(pk__in=[])
    return models.Exists(
        ProgressReport.objects.filter(
            task=models.OuterRef("pk"),
            review_status=ProgressReport.ReviewStatus.SUBMITTED,
        )
    )


class Task(PlanBoundMixin, models.Model):
    """One unit's share of one occurrence of an activity."""

    plan_path = "plan"

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
    # activity.plan by campaigns.services.activity_expand_tasks (save() fills it
    # when a task is built without it).
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

    objects = TaskQuerySet.as_manager()

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
            # The calendar feed's live tasks (issue 15): per day, the number of
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

    def save(self, *args: object, **kwargs: object) -> None:
        if self.plan_id is None and self.activity_id is not None:
            self.plan_id = (
                Activity.objects.filter(pk=self.activity_id)
                .values_list("plan_id", flat=True)
                .first()
            )
        from .tallies import TASK_KEY_FIELDS, tallies_kept, tally_hook_needed

        if not tally_hook_needed(kwargs.get("update_fields"), TASK_KEY_FIELDS):
            super().save(*args, **kwargs)
            return
        with tallies_kept(lambda: Q(pk=self.pk) if self.pk else Q(pk__in=[])):
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("workspace:task_detail", args=[self.pk])

    def delete(self, *args: object, **kwargs: object) -> Any:
        from .tallies import tallies_kept

        with tallies_kept(Q(pk=self.pk)):
            return super().delete(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date < today


class ProgressReport(CleanTextMixin, PlanBoundMixin, models.Model):
    """What a unit did for a task: output, reach, note and evidence.

    A report is submitted, then a planner accepts it or returns it with a
    comment; a returned report edited by the unit is submitted again.
    """

    class ReviewStatus(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    plan_path = "task__activity__plan"

    # Reported work is never deleted (DESIGN.md): a task, activity or plan with
    # reports cannot be deleted either, only cancelled.
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="reports", verbose_name=_("task")
    )
    actual_output = models.PositiveIntegerField(_("actual output"), default=0)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    reach = models.PositiveIntegerField(
        _("reach"),
        null=True,
        blank=True,
        help_text=_("Views, listeners or readers, where known."),
    )
    actual_cost = models.DecimalField(
        _("actual cost (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("What the work cost, in VND, if anything was spent."),
    )
    note = models.TextField(_("note"), blank=True)
    evidence_links = models.TextField(
        _("evidence links"), blank=True, help_text=_("One address per line.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="progress_reports",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    review_status = models.CharField(
        _("review status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
    )
    # When the version under review was submitted: filing, or the edit after a
    # return. /reviews/ lists the oldest first.
    review_requested_at = models.DateTimeField(
        _("sent for review at"), default=timezone.now
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_reports",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: an edit states the version it was opened at.
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ("-submitted_at", "-pk")
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [
            models.Index(
                fields=("review_status", "review_requested_at"),
                name="report_review_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_output__gte=0),
                name="report_actual_output_not_negative",
                violation_error_message=_("The output cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__gte=0),
                name="report_participants_not_negative",
                violation_error_message=_("Participants cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(reach__isnull=True) | Q(reach__gte=0),
                name="report_reach_not_negative",
                violation_error_message=_("Reach cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(actual_cost__isnull=True) | Q(actual_cost__gte=0),
                name="report_actual_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.submitted_at:%d/%m/%Y}"

    def save(self, *args: object, **kwargs: object) -> None:
        from .tallies import REPORT_KEY_FIELDS, tallies_kept, tally_hook_needed

        if not tally_hook_needed(kwargs.get("update_fields"), REPORT_KEY_FIELDS):
            super().save(*args, **kwargs)
            return
        with tallies_kept(self._tally_scope):
            super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> Any:
        from .tallies import tallies_kept

        with tallies_kept(self._tally_scope()):
            return super().delete(*args, **kwargs)

    def _tally_scope(self) -> Q:
        """The report's task, as set and as stored (a task may be changed in
        the admin): read at the time the scope is counted."""
        stored = ProgressReport.objects.filter(pk=self.pk).values("task_id")
        return Q(pk=self.task_id) | Q(pk__in=stored)

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line]

    @property
    def is_accepted(self) -> bool:
        return self.review_status == self.ReviewStatus.ACCEPTED

    @property
    def awaits_review(self) -> bool:
        return self.review_status == self.ReviewStatus.SUBMITTED


class Comment(CleanTextMixin, PlanBoundMixin, models.Model):
    """A message on a task, seen by its unit and the district roles."""

    plan_path = "task__activity__plan"

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="comments", verbose_name=_("task")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="task_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=("task", "created_at"), name="comment_task_idx")]

    def __str__(self) -> str:
        return self.body[:80]


class EvidenceFile(CleanTextMixin, PlanBoundMixin, models.Model):
    """A file attached to a report, stored privately under a random name."""

    plan_path = "report__task__activity__plan"

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        verbose_name=_("report"),
    )
    file = models.FileField(
        _("file"),
        upload_to=evidence_upload_to,
        storage=private_storage,
        validators=[UploadValidator(tuple(KINDS), "EVIDENCE_MAX_BYTES")],
    )
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ("uploaded_at", "pk")
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """One reminder of one task to one recipient of one kind on one day.

    The unique constraints make a rerun or a retried worker harmless: the row is
    claimed before the e-mail is sent and marked sent afterwards.
    """

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("Due soon")
        DUE_TODAY = "due_today", _("Due today")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalation to planner")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        IN_APP = "in_app", _("In-app only")
        FAILED = "failed", _("Failed")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("task")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    day = models.DateField(_("day"))
    days_offset = models.IntegerField(
        _("days to due date"), help_text=_("Negative when overdue.")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("-day", "task")
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=("task", "recipient", "kind", "day"),
                condition=Q(recipient__isnull=False),
                name="reminder_once_per_user_kind_day",
                violation_error_message=_("This reminder was already recorded."),
            ),
            models.UniqueConstraint(
                fields=("task", "email", "kind", "day"),
                condition=Q(recipient__isnull=True),
                name="reminder_once_per_email_kind_day",
                violation_error_message=_("This reminder was already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""),
                name="reminder_has_recipient_or_email",
                violation_error_message=_("A reminder needs a recipient or e-mail."),
            ),
        ]
        indexes = [models.Index(fields=("day", "status"), name="reminder_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.task_id} · {self.day:%d/%m/%Y}"


class ReminderSweep(models.Model):
    """A run of the daily reminder sweep, for the dashboard and /healthz."""

    day = models.DateField(_("day"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    reminders_created = models.PositiveIntegerField(_("reminders created"), default=0)
    emails_queued = models.PositiveIntegerField(_("e-mails queued"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ("-started_at",)
        get_latest_by = "started_at"
        verbose_name = _("reminder sweep")
        verbose_name_plural = _("reminder sweeps")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.started_at:%H:%M}"


class TaskTally(models.Model):
    """Progress counters: how many tasks of one plan share one key.

    Dashboards and plan lists read these rows instead of the plan's tasks, so
    their cost follows the number of channels, units, audience groups and days,
    not of tasks (issue 15). A task counts once in its channel's row, once in its
    unit's row and once in the row of each audience group of its activity, on
    its due date, with its status, whether a report of it was accepted and
    whether one waits for review: every figure of :func:`counts_as_done` and
    :func:`awaits_review` can be read back whatever ``REPORT_REVIEW_REQUIRED``
    says. Kept in the transaction of every write by :mod:`campaigns.tallies`;
    ``manage.py rebuild_tallies`` recounts them from the tasks.
    """

    class Dimension(models.TextChoices):
        CHANNEL = "channel", _("channel")
        UNIT = "unit", _("unit")
        # A unit's tasks by month (due_date is the month's first day): the
        # overdue figures of past months without a row per unit and day.
        UNIT_MONTH = "unit_mon", _("unit by month")
        AUDIENCE = "audience", _("audience group")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("plan")
    )
    dimension = models.CharField(
        _("dimension"), max_length=8, choices=Dimension.choices
    )
    # The channel, unit or audience group, by dimension (no foreign key: one
    # column serves three tables).
    key_id = models.PositiveIntegerField(_("key"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Task.Status.choices)
    accepted = models.BooleanField(_("accepted"))
    awaiting_review = models.BooleanField(_("awaiting review"))
    # A plain integer: a counter that drifted below zero must never make a
    # user's write fail; the rebuild command puts it right.
    tasks = models.IntegerField(_("tasks"))

    class Meta:
        verbose_name = _("progress counter")
        verbose_name_plural = _("progress counters")
        constraints = [
            # Leads with what is read: one plan's dimension, by status and day
            # (overdue = open statuses before today).
            models.UniqueConstraint(
                fields=(
                    "plan",
                    "dimension",
                    "status",
                    "due_date",
                    "key_id",
                    "accepted",
                    "awaiting_review",
                ),
                name="tally_one_row_per_key",
            ),
        ]
        indexes = [
            # One unit's counters across plans (a head's /my-tasks/).
            models.Index(
                fields=("key_id", "dimension", "due_date"), name="tally_key_day_idx"
            ),
        ]

    def __str__(self) -> str:
        day = f"{self.due_date:%d/%m/%Y}"
        return f"{self.dimension} {self.key_id} · {day} · {self.tasks}"


class ActivityMonth(models.Model):
    """One activity's live tasks due in one month, for the dashboard's list of
    the month's activities: the first ones by first due date are read from an
    index, whatever the number of activities (issue 15). Rewritten for the
    months a write touches by :mod:`campaigns.tallies`."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="months",
        verbose_name=_("activity"),
    )
    month = models.DateField(_("month"))
    first_due = models.DateField(_("first due date"))
    tasks = models.PositiveIntegerField(_("tasks"))
    units = models.PositiveIntegerField(_("units"))
    # Done as the unit says, and done with an accepted report: "done" is one or
    # the other by REPORT_REVIEW_REQUIRED (counts_as_done).
    done_tasks = models.PositiveIntegerField(_("done"))
    accepted_tasks = models.PositiveIntegerField(_("accepted"))

    class Meta:
        verbose_name = _("activity month")
        verbose_name_plural = _("activity months")
        constraints = [
            models.UniqueConstraint(
                fields=("activity", "month"), name="activity_month_once"
            )
        ]
        indexes = [
            models.Index(
                fields=("plan", "month", "first_due"), name="activity_month_list_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.month:%m/%Y} · {self.tasks}"
