"""The admin refuses to delete reported work and offers cancelling instead."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ProgressReport
from .services.activities import activity_cancel


class ReportedWorkProtectedMixin:
    """Work that has a report is never deleted, only cancelled (DESIGN.md).

    Deleting a row whose tasks have reports is refused up front with a
    Vietnamese explanation pointing to cancelling, instead of Django's list of
    protected objects (the database refuses anyway: reports are PROTECTed).
    ``reports_path`` leads from a report to this row ("task__activity").
    """

    reports_path = ""

    def _reported(self, obj: Any) -> bool:
        return ProgressReport.objects.filter(**{self.reports_path: obj}).exists()

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None and self._reported(obj):
            messages.error(
                request,
                gettext(
                    "“%(name)s” has reported work: it cannot be deleted, so that "
                    "no report or evidence is lost. Cancel it instead (set its "
                    "status to Cancelled, or use the action “Cancel the selected "
                    "activities”): its open tasks are cancelled and the reports kept."
                )
                % {"name": obj},
            )
            info = (self.model._meta.app_label, self.model._meta.model_name)
            return HttpResponseRedirect(
                reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            )
        return super().delete_view(request, object_id, extra_context)


@admin.action(description=_("Cancel the selected activities (reports are kept)"))
def cancel_activities(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> None:
    done = 0
    for activity in queryset:
        try:
            activity_cancel(activity=activity, user=request.user)
        except ValidationError as exc:
            modeladmin.message_user(
                request, f"{activity}: {' '.join(exc.messages)}", messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request,
            gettext("%(count)d activities cancelled with their open tasks.")
            % {"count": done},
            messages.SUCCESS,
        )
