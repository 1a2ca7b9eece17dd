"""django-celery-beat's admin in the active language.

Its crontab descriptions come from cron-descriptor in the server's locale ("Every
minute"), and a few labels are not translatable ("Task Name", "Crontab translation",
"Human readable"): the same admin pages with those parts replaced.
"""

from __future__ import annotations

from cron_descriptor import ExpressionDescriptor, Options
from cron_descriptor.Exception import FormatException, MissingFieldException
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
    cronexp,
)

# cron-descriptor's catalogues are named by locale.
CRON_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def crontab_in_words(crontab: CrontabSchedule) -> str:
    """``"Vào lúc 07:30 (Asia/Ho_Chi_Minh)"``: the schedule in the active language."""
    expression = " ".join(
        cronexp(part)
        for part in (
            crontab.minute,
            crontab.hour,
            crontab.day_of_month,
            crontab.month_of_year,
            crontab.day_of_week,
        )
    )
    options = Options()
    options.locale_code = CRON_LOCALES.get(get_language() or "vi", "vi_VN")
    options.use_24hour_time_format = True
    try:
        words = ExpressionDescriptor(expression, options).get_description()
    except (FormatException, MissingFieldException, ValueError):
        words = expression
    return f"{words} ({crontab.timezone})"


class TaskNameFilter(admin.AllValuesFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("task name")


class PeriodicTaskInline(beat_admin.PeriodicTaskInline):
    """The tasks of a schedule, with the task's name labelled in the active language
    (django-celery-beat's field is named "Task Name", untranslatable)."""

    fields = ("name", "task_name", "args", "kwargs")
    readonly_fields = fields

    @admin.display(description=_("task name"))
    def task_name(self, obj: PeriodicTask) -> str:
        return obj.task


for model in (
    PeriodicTask,
    CrontabSchedule,
    ClockedSchedule,
    SolarSchedule,
    IntervalSchedule,
):
    admin.site.unregister(model)


@admin.register(ClockedSchedule)
class ClockedScheduleAdmin(beat_admin.ClockedScheduleAdmin):
    inlines = [PeriodicTaskInline]


@admin.register(SolarSchedule)
class SolarScheduleAdmin(beat_admin.SolarScheduleAdmin):
    inlines = [PeriodicTaskInline]


@admin.register(IntervalSchedule)
class IntervalScheduleAdmin(beat_admin.IntervalScheduleAdmin):
    inlines = [PeriodicTaskInline]


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    list_filter = [
        "enabled",
        "one_off",
        ("task", TaskNameFilter),
        "start_time",
        "last_run_at",
    ]

    @admin.display(description=_("Crontab in words"))
    def crontab_translation(self, obj: PeriodicTask) -> str:
        return crontab_in_words(obj.crontab) if obj.crontab else "—"

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if hasattr(response, "context_data") and response.context_data is not None:
            response.context_data["readable_crontabs"] = {
                crontab.id: crontab_in_words(crontab)
                for crontab in CrontabSchedule.objects.all()
            }
        return response


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    inlines = [PeriodicTaskInline]
    list_display = ("__str__", "in_words")
    fields = (
        "in_words",
        "minute",
        "hour",
        "day_of_month",
        "month_of_year",
        "day_of_week",
        "timezone",
    )
    readonly_fields = ("in_words",)

    @admin.display(description=_("In words"))
    def in_words(self, obj: CrontabSchedule) -> str:
        return crontab_in_words(obj) if obj.pk else "—"
