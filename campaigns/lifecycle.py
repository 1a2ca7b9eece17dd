"""The plan's lifecycle, as one rule every path goes through.

DESIGN.md, "Lifecycle rules":

- a draft plan's tasks are invisible to units and notify no one;
- an issued plan is live;
- a closed plan is read-only for everyone, reports included; an administrator
  may reopen it (recorded in the plan's history);
- a cancelled activity cancels its open tasks, past-due ones included;
  cancelled is never overdue; work that has a report is never deleted.

Every write on something that belongs to a plan calls :func:`plan_ensure_writable`
(services, forms, admin, import, calendar, CLI); the models call it again in
``save()`` and ``delete()`` (:class:`PlanBoundMixin`) so that a path that forgets
is still refused. Reads scope units out of draft plans in
``TaskQuerySet.visible_to``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Plan

PLAN_CLOSED_CODE = "plan_closed"
CLOSED_MESSAGE = _(
    "The plan “%(plan)s” is closed: it is read-only. Ask an administrator to "
    "reopen it if something must change."
)


def plan_closed_error(plan: Plan) -> ValidationError:
    """The error every refused write raises (Vietnamese through the .po)."""
    return ValidationError(
        CLOSED_MESSAGE, code=PLAN_CLOSED_CODE, params={"plan": plan.title}
    )


def plan_ensure_writable(plan: Plan | None) -> None:
    """Raise ``ValidationError`` (code ``plan_closed``) when ``plan`` is closed.

    The one guard for every write on a plan or anything under it: objectives,
    themes, activities, tasks, reports, evidence, assignments, comments, costs.
    Pass the plan as freshly read in the writing transaction (a service that
    locks its row with ``select_related("activity__plan")`` has it).
    """
    if plan is not None and plan.is_closed:
        raise plan_closed_error(plan)


DRAFT_MESSAGE = _("This plan is still a draft: its tasks start when it is issued.")


def lifecycle_message(plan: Plan) -> str:
    """Why nothing of ``plan`` can be worked on now ("" for an issued plan)."""
    if plan.is_closed:
        return str(CLOSED_MESSAGE % {"plan": plan.title})
    if plan.is_draft:
        return str(DRAFT_MESSAGE)
    return ""


def is_plan_closed_error(exc: ValidationError) -> bool:
    return getattr(exc, "code", None) == PLAN_CLOSED_CODE or any(
        getattr(error, "code", None) == PLAN_CLOSED_CODE
        for error in getattr(exc, "error_list", [])
    )


class PlanBoundMixin:
    """For models under a plan: ``save()`` and ``delete()`` refuse on a closed plan.

    ``plan_path`` leads from the row to its plan ("plan", "activity__plan",
    "task__activity__plan"). The plan's status is read from the database, not from
    a cached object, so a plan closed meanwhile is seen.
    """

    plan_path = "plan"

    def _stored_plan(self) -> Plan | None:
        from .models import Plan

        first = self.plan_path.split("__")[0]
        key = getattr(self, f"{first}_id", None)
        if key is None:
            return None
        if first == "plan":
            return Plan.objects.filter(pk=key).first()
        # e.g. a report's task id -> Plan.objects.filter(activities__tasks=id)
        return Plan.objects.filter(**{_REVERSE_PATHS[self.plan_path]: key}).first()

    def ensure_writable(self) -> None:
        plan_ensure_writable(self._stored_plan())

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.ensure_writable()
        super().save(*args, **kwargs)  # type: ignore[misc]

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self.ensure_writable()
        return super().delete(*args, **kwargs)  # type: ignore[misc]


# From the first hop's id to the plan, walking back.
_REVERSE_PATHS = {
    "activity__plan": "activities",
    "task__activity__plan": "activities__tasks",
    "report__task__activity__plan": "activities__tasks__reports",
}
