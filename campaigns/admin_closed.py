"""A closed plan is read-only in the admin too (the planning pages refuse as well).

Each admin class names how to reach the plan from its object; change and delete
are refused on a closed plan's rows, and a form that would attach a row to a
closed plan is invalid. Administrators reopen a plan from its page in the app.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Plan

CLOSED_MESSAGE = _("This plan is closed: it can no longer change.")  # form-level


def _plan_of(obj: Any, path: str) -> Plan | None:
    for name in path.split("__") if path else ():
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj if isinstance(obj, Plan) else None


class ClosedPlanForm(forms.ModelForm):
    plan_path = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        stored = _plan_of(self.instance, self.plan_path) if self.instance.pk else None
        if stored is not None and stored.is_closed:
            raise forms.ValidationError(CLOSED_MESSAGE)
        first = self.plan_path.split("__")[0] if self.plan_path else ""
        target = data.get(first) if first else None
        rest = self.plan_path.split("__", 1)[1] if "__" in self.plan_path else ""
        plan = _plan_of(target, rest) if target is not None and rest else target
        if isinstance(plan, Plan) and plan.is_closed:
            raise forms.ValidationError(CLOSED_MESSAGE)
        return data


class ClosedPlanReadOnlyMixin:
    """For a ModelAdmin or an inline: ``plan_path`` leads from the row to its plan
    ("" for the plan itself, "plan", "activity__plan", "task__activity__plan")."""

    plan_path = ""

    def _closed(self, obj: Any) -> bool:
        if obj is None:
            return False
        plan = obj if isinstance(obj, Plan) else _plan_of(obj, self.plan_path)
        return plan is not None and plan.is_closed

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._closed(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._closed(obj):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if isinstance(self, admin.options.InlineModelAdmin):
            if self._closed(obj):
                return False
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if self.plan_path and "form" not in kwargs:
            kwargs["form"] = type(
                "ClosedPlanGuardForm",
                (ClosedPlanForm,),
                {"plan_path": self.plan_path, "__module__": __name__},
            )
        return super().get_form(request, obj, **kwargs)
