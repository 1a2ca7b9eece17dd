"""The campaign domain in the Django admin: the units catalogue is edited here;
a plan's rows (plan, objectives, themes, activities, tasks, reports, evidence)
are shown read-only and written by the services (:mod:`.admin_plan_rows`); the
reminders are the sweep's."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ops.history import ReadableHistoryAdmin as SimpleHistoryAdmin

from . import admin_issued, search, workdays  # noqa: F401 (admin_issued registers its admin)
from .admin_plan_rows import PlanRowsReadOnlyMixin, cancel_activities
from .models import (
    Activity,
    ContentTheme,
    EvidenceFile,
    Objective,
    OfficialDay,
    Plan,
    ProgressReport,
    Reminder,
    ReminderSweep,
    Task,
    Unit,
    UnitGroupPhrase,
)
from .revisions import organisation_plans_touch


class FoldedSearchMixin(admin.ModelAdmin[Any]):
    """Admin search (and autocomplete) that also finds text typed without
    diacritics or in another case: "tam hiep" finds "Tam Hiệp"."""

    folded_search_fields: tuple[str, ...] = ()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        if not search.words(search_term) or not self.folded_search_fields:
            return super().get_search_results(request, queryset, search_term)
        # The plain fields (codes, user names) are searched with the folded
        # words too, so a term finds the same rows with or without its marks.
        plain, _may_duplicate = super().get_search_results(
            request, queryset, search.fold(search_term)
        )
        folded = queryset.filter(search.matches(search_term, self.folded_search_fields))
        return plain | folded, True


class ObjectiveInline(PlanRowsReadOnlyMixin, admin.TabularInline[Objective, Plan]):
    model = Objective
    extra = 0


class ContentThemeInline(
    PlanRowsReadOnlyMixin, admin.TabularInline[ContentTheme, Plan]
):
    model = ContentTheme
    extra = 0


@admin.register(Plan)
class PlanAdmin(PlanRowsReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("title", "year", "number", "issuer", "status", "issued_on")
    list_filter = ("status", "year", "issuer")
    search_fields = ("title", "number", "general_goal")
    date_hierarchy = "issued_on"
    inlines = (ObjectiveInline, ContentThemeInline)


@admin.register(Objective)
class ObjectiveAdmin(PlanRowsReadOnlyMixin, admin.ModelAdmin[Objective]):
    list_display = ("description", "plan", "kind", "target_value", "target_unit")
    list_filter = ("kind", "plan__year")
    search_fields = ("description",)
    list_select_related = ("plan",)


@admin.register(ContentTheme)
class ContentThemeAdmin(PlanRowsReadOnlyMixin, admin.ModelAdmin[ContentTheme]):
    list_display = ("title", "plan", "order")
    list_filter = ("plan__year",)
    search_fields = ("title", "description")
    list_select_related = ("plan",)


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin[Unit]):
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

    def save_model(
        self, request: HttpRequest, obj: Unit, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        # A unit's name is in every report of its organisation's plans.
        organisation_plans_touch(obj.organisation_id)


@admin.register(UnitGroupPhrase)
class UnitGroupPhraseAdmin(admin.ModelAdmin[UnitGroupPhrase]):
    list_display = ("phrase", "kind_names", "organisation", "is_active")
    list_filter = ("is_active",)
    search_fields = ("phrase", "kinds")

    @admin.display(description=_("kinds of unit"))
    def kind_names(self, row: UnitGroupPhrase) -> str:
        """The kinds by their names (the stored values are code words)."""
        if row.names_every_unit:
            return str(_("every unit"))
        labels = dict(Unit.Kind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in row.kind_list)


class TaskInline(PlanRowsReadOnlyMixin, admin.TabularInline[Task, Activity]):
    model = Task
    extra = 0
    fields = ("unit", "due_date", "is_lead", "status", "planned_output")
    show_change_link = True


@admin.register(Activity)
class ActivityAdmin(PlanRowsReadOnlyMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    actions = (cancel_activities,)
    folded_search_fields = ("search_text", "lead_unit__search_name")
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
    inlines = (TaskInline,)


@admin.register(Task)
class TaskAdmin(PlanRowsReadOnlyMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    folded_search_fields = ("activity__search_text", "unit__search_name")
    list_display = ("activity", "unit", "due_date", "status", "is_lead")
    list_filter = ("status", "is_lead", "activity__channel", "unit__kind")
    search_fields = ("activity__title", "unit__name")
    date_hierarchy = "due_date"
    list_select_related = ("activity", "unit")


class EvidenceFileInline(
    PlanRowsReadOnlyMixin, admin.TabularInline[EvidenceFile, ProgressReport]
):
    model = EvidenceFile
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(ProgressReport)
class ProgressReportAdmin(PlanRowsReadOnlyMixin, SimpleHistoryAdmin):
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
    inlines = (EvidenceFileInline,)


_Row = TypeVar("_Row", bound=Model)


class WrittenBySweepAdmin(admin.ModelAdmin[_Row]):
    """Rows the reminder sweep writes: viewed and filtered, never added or edited
    (deleting a reminder lets a later sweep of its day send it again)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: object | None = None
    ) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(WrittenBySweepAdmin[Reminder]):
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
class ReminderSweepAdmin(WrittenBySweepAdmin[ReminderSweep]):
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


@admin.register(OfficialDay)
class OfficialDayAdmin(admin.ModelAdmin[OfficialDay]):
    """The installation's decisions (no organisation) and every organisation's."""

    list_display = ("date", "kind", "name", "organisation")
    list_filter = ("kind", "organisation")
    date_hierarchy = "date"
    search_fields = ("name",)

    def save_model(
        self, request: HttpRequest, obj: OfficialDay, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(workdays.forget)

    def delete_model(self, request: HttpRequest, obj: OfficialDay) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(workdays.forget)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[OfficialDay]
    ) -> None:
        super().delete_queryset(request, queryset)
        transaction.on_commit(workdays.forget)
