"""The plan's lifecycle, as one rule every path goes through.

docs/design.md, "Lifecycle rules":

- a draft plan's tasks are invisible to units and notify no one;
- an issued plan is live;
- a closed plan is read-only for everyone, reports included; an administrator
  may reopen it (recorded in the plan's history);
- a cancelled activity cancels its open tasks, past-due ones included;
  cancelled is never overdue; work that has a report is never deleted.

The rule lives in one place, the services: every service that writes on
something that belongs to a plan calls :func:`plan_ensure_writable` with the
plan as read in its transaction, and the pages, forms, import and calendar
moves write through the services. The models' ``save()`` reads nothing (a save
is one statement and its history row), and the Django admin shows a plan's
rows read-only (``campaigns.admin``). Reads scope units out of draft plans in
``TaskQuerySet.visible_to``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
