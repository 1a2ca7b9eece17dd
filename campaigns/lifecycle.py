"""The plan's lifecycle, as one rule every path goes through.

docs/design.md, "Lifecycle rules":

- a draft plan's tasks are invisible to units and notify no one;
- an issued plan is live;
- a closed plan is read-only for everyone, reports included; an administrator
  may reopen it (recorded in the plan's history);
- a cancelled activity cancels its open tasks, past-due ones included;
  cancelled is never overdue; work that has a report is never deleted.

The rule lives in one place, the services: every service that writes on
something that belongs to a plan first takes :func:`plan_lock_for_write`, which
locks the plan's row against a change of status and checks it under the lock,
and the pages, forms, import and calendar moves write through the services.
The models' ``save()`` reads nothing (a save is one statement and its history
row), and the Django admin shows a plan's rows read-only (``campaigns.admin``).
Reads scope units out of draft plans in ``TaskQuerySet.visible_to``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection
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


def plan_lock_for_write(plan_id: int) -> Plan:
    """The plan, read under a shared lock for the rest of the transaction, and
    writable (``ValidationError`` code ``plan_closed`` otherwise).

    Writers take ``FOR SHARE`` on the plan's row (they do not block each other);
    :func:`campaigns.services.plans.plan_set_status` takes ``FOR UPDATE``. So a
    close waits for the writes in flight, and a write that starts during a close
    waits for it and then sees the plan closed: no report lands in a closed
    plan. Take it before locking anything under the plan (issuing a plan locks
    its tasks), so that the order is always plan, then tasks. On SQLite, which
    runs one writing transaction at a time, a plain read is enough.
    Must run inside ``transaction.atomic``; ``Plan.DoesNotExist`` if gone.
    """
    from .models import Plan

    if connection.vendor == "postgresql":
        # Django's select_for_update has no FOR SHARE; the table name is the
        # model's own, the id a parameter.
        table = connection.ops.quote_name(Plan._meta.db_table)
        sql = f"SELECT * FROM {table} WHERE id = %s FOR SHARE"  # noqa: S608  # nosec B608
        found = list(Plan.objects.raw(sql, [plan_id]))
        if not found:
            raise Plan.DoesNotExist(plan_id)
        plan = found[0]
    else:
        plan = Plan.objects.get(pk=plan_id)
    plan_ensure_writable(plan)
    return plan


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
