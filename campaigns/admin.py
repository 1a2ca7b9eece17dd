from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ops.history import ReadableHistoryAdmin as SimpleHistoryAdmin

from . import search
from .admin_closed import ClosedPlanReadOnlyMixin
from .admin_protect import ReportedWorkProtectedMixin, cancel_activities
from .models import (
    Activity,
    ContentTheme,
    EvidenceFile,
    Objective,
    Plan,
    ProgressReport,
    Reminder,
    ReminderSweep,
    Task,
    Unit,
)
from .tallies import tallies_kept


class FoldedSearchMixin:
    """Admin search (and autocomplete) that also finds text typed without
    diacritics or in another case: "tam hiep" finds "Tam Hiệp"."""

    folded_search_fields: tuple[str, ...] = ()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        plain, may_duplicate = super().get_search_results(
            request, queryset, search_term
        )
        if not search.words(search_term) or not self.folded_search_fields:
            return plain, may_duplicate
        folded = queryset.filter(search.matches(search_term, self.folded_search_fields))
        return plain | folded, True


class TalliedAdminMixin:
    """Keeps the progress counters through the admin's writes that the model
    hooks cannot see: many-to-many fields and inlines (saved after the row) and
    bulk deletes (``QuerySet.delete()``). See :mod:`campaigns.tallies`."""

    tasks_path = "pk"  # from a task to this admin's object

    def _scope(self, pks: list[Any]) -> Q:
        return Q(**{f"{self.tasks_path}__in": pks})

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        with tallies_kept(self._scope([form.instance.pk])):
            super().save_related(request, form, formsets, change)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with tallies_kept(self._scope(list(queryset.values_list("pk", flat=True)))):
            super().delete_queryset(request, queryset)  # type: ignore[misc]


class ObjectiveInline(ClosedPlanReadOnlyMixin, admin.TabularInline):
    model = Objective
    extra = 0


class ContentThemeInline(ClosedPlanReadOnlyMixin, admin.TabularInline):
    model = ContentTheme
    extra = 0


@admin.register(Plan)
class PlanAdmin(
    ReportedWorkProtectedMixin, ClosedPlanReadOnlyMixin, SimpleHistoryAdmin
):
    reports_path = "task__activity__plan"
    list_display = ("title", "year", "number", "issuer", "status", "issued_on")
    list_filter = ("status", "year", "issuer")
    search_fields = ("title", "number", "general_goal")
    date_hierarchy = "issued_on"
    inlines = (ObjectiveInline, ContentThemeInline)


@admin.register(Objective)
class ObjectiveAdmin(ClosedPlanReadOnlyMixin, admin.ModelAdmin):
    plan_path = "plan"
    list_display = ("description", "plan", "kind", "target_value", "target_unit")
    list_filter = ("kind", "plan__year")
    search_fields = ("description",)
    list_select_related = ("plan",)


@admin.register(ContentTheme)
class ContentThemeAdmin(ClosedPlanReadOnlyMixin, admin.ModelAdmin):
    plan_path = "plan"
    list_display = ("title", "plan", "order")
    list_filter = ("plan__year",)
    search_fields = ("title", "description")
    list_select_related = ("plan",)


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    folded_search_fields = ("search_name",)
    list_display = ("name", "short_name", "kind", "head", "contact_email", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = (
        "name",
        "short_name",
        "aliases",
        "contact_email",
        "head__username",
    )
    list_select_related = ("head",)
    autocomplete_fields = ("head",)


class TaskInline(ClosedPlanReadOnlyMixin, admin.TabularInline):
    plan_path = "plan"
    model = Task
    extra = 0
    fields = ("unit", "due_date", "is_lead", "status", "planned_output")
    autocomplete_fields = ("unit",)
    show_change_link = True


@admin.register(Activity)
class ActivityAdmin(
    TalliedAdminMixin,
    ReportedWorkProtectedMixin,
    FoldedSearchMixin,
    ClosedPlanReadOnlyMixin,
    SimpleHistoryAdmin,
):
    reports_path = "task__activity"
    tasks_path = "activity"
    actions = (cancel_activities,)
    folded_search_fields = ("search_text", "lead_unit__search_name")
    plan_path = "plan"
    list_display = (
        "title",
        "plan",
        "channel",
        "lead_unit",
        "start_date",
        "due_date",
        "recurrence",
        "status",
    )
    list_filter = ("status", "plan__year", "channel", "theme", "audience_groups")
    search_fields = ("title", "description", "lead_unit__name")
    date_hierarchy = "start_date"
    list_select_related = ("plan", "channel", "lead_unit")
    autocomplete_fields = ("lead_unit", "supporting_units")
    filter_horizontal = ("audience_groups", "objectives")
    inlines = (TaskInline,)


@admin.register(Task)
class TaskAdmin(
    TalliedAdminMixin,
    ReportedWorkProtectedMixin,
    FoldedSearchMixin,
    ClosedPlanReadOnlyMixin,
    SimpleHistoryAdmin,
):
    reports_path = "task"
    folded_search_fields = ("activity__search_text", "unit__search_name")
    plan_path = "activity__plan"
    list_display = ("activity", "unit", "due_date", "status", "is_lead")
    list_filter = ("status", "is_lead", "activity__channel", "unit__kind")
    search_fields = ("activity__title", "unit__name")
    date_hierarchy = "due_date"
    list_select_related = ("activity", "unit")
    raw_id_fields = ("activity",)
    autocomplete_fields = ("unit",)


class EvidenceFileInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0
    can_delete = False
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(ProgressReport)
class ProgressReportAdmin(ClosedPlanReadOnlyMixin, SimpleHistoryAdmin):
    plan_path = "task__activity__plan"
    list_display = (
        "task",
        "actual_output",
        "participants",
        "reach",
        "submitted_by",
        "submitted_at",
    )
    list_filter = ("task__activity__channel", "task__unit")
    search_fields = ("note", "task__activity__title", "task__unit__name")
    date_hierarchy = "submitted_at"
    list_select_related = ("task__activity", "task__unit", "submitted_by")
    raw_id_fields = ("task",)
    inlines = (EvidenceFileInline,)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A report is never deleted: correct it, or cancel its task."""
        return False


class WrittenBySweepAdmin(admin.ModelAdmin):
    """Rows the reminder sweep writes: viewed and filtered, never added or edited
    (deleting a reminder lets a later sweep of its day send it again)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: object | None = None
    ) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(WrittenBySweepAdmin):
    list_display = (
        "task",
        "task_unit",
        "kind",
        "day",
        "days_offset",
        "recipient",
        "email",
        "status",
        "sent_at",
    )
    list_filter = (
        "kind",
        "status",
        "day",
        ("recipient", admin.RelatedOnlyFieldListFilter),
        "task__unit",
    )
    search_fields = (
        "email",
        "recipient__username",
        "recipient__first_name",
        "recipient__last_name",
        "task__activity__title",
        "task__unit__name",
    )
    date_hierarchy = "day"
    list_select_related = ("task__activity", "task__unit", "recipient")
    raw_id_fields = ("task", "recipient")

    @admin.display(description=_("unit"), ordering="task__unit__name")
    def task_unit(self, reminder: Reminder) -> str:
        return reminder.task.unit.name


@admin.register(ReminderSweep)
class ReminderSweepAdmin(WrittenBySweepAdmin):
    list_display = (
        "day",
        "started_at",
        "finished_at",
        "recipients",
        "reminders_created",
        "emails_queued",
        "error",
    )
    date_hierarchy = "day"
