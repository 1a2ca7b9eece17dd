"""A plan's rows in the Django admin: shown, never written there.

Plans, objectives, themes, activities, tasks, reports and their evidence are
written by the services alone, which apply the plan's lifecycle (a closed plan
is read-only) and keep the progress counters (``campaigns.tallies``). The
installation's operators list, search and read them and their history in the
admin; they change them in the app's pages. The one write offered here goes
through a service: cancelling activities (what replaces deleting reported
work).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns.models import Activity
from campaigns.services.activities import activity_cancel


class PlanRowsReadOnlyMixin:
    """For a ModelAdmin or an inline of a plan's rows: no add, change or delete
    (the list, search, detail and history pages stay)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(description=_("Cancel the selected activities (reports are kept)"))
def cancel_activities(
    modeladmin: admin.ModelAdmin[Activity],
    request: HttpRequest,
    queryset: QuerySet[Activity],
) -> None:
    """``activity_cancel`` on each selected activity: its open tasks are
    cancelled, its reports kept; a closed plan's are refused."""
    user = cast(User, request.user)  # the admin site lets staff users in only
    done = 0
    for activity in queryset:
        try:
            activity_cancel(activity=activity, user=user)
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
