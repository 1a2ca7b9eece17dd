"""What the children did of the activities their parent handed down to them
(``campaigns.services.handover``), for the parent's roll-up.

A child's copy of a parent's activity (``Activity.source``) is the child's
work, in the child's plan, reported there; the parent reads it here in two
grouped queries, inside the children's scope (the roll-up's explicit
cross-organisation read), whatever the number of children. Tasks count as the
child's own pages count them: done by :func:`campaigns.models.counts_as_done`,
overdue by :func:`campaigns.models.overdue_on` (open and due before today);
cancelled tasks are left out, and so are the copies in a draft plan (the child
has not issued them yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from campaigns.models import Plan, ProgressReport, Task, counts_as_done, overdue_on

from .tracking import end_of_day

LIVE_PLANS = (Plan.Status.ISSUED, Plan.Status.CLOSED)


@dataclass
class HandedFigures:
    """One child's work on what its parent handed down in a year."""

    tasks: int = 0
    done: int = 0
    overdue: int = 0
    output: int = 0

    @property
    def received(self) -> bool:
        return self.tasks > 0


def handed_figures(
    *, parent_id: int, child_ids: list[int], year: int, today: dt.date
) -> dict[int, HandedFigures]:
    """Child organisation id -> its figures on the activities of ``parent_id``'s
    plans of ``year``. Run inside a scope holding ``child_ids``."""
    if not child_ids:
        return {}

    def handed(prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}activity__source__plan__organisation_id": parent_id,
                f"{prefix}activity__source__plan__year": year,
                f"{prefix}plan__organisation_id__in": child_ids,
                f"{prefix}plan__status__in": LIVE_PLANS,
            }
        )

    figures: dict[int, HandedFigures] = {}
    rows = (
        Task.objects.filter(handed())
        .exclude(status=Task.Status.CANCELLED)
        .values("plan__organisation_id")
        .annotate(
            tasks=Count("pk"),
            done=Count("pk", filter=counts_as_done()),
            overdue=Count("pk", filter=overdue_on(today)),
        )
        .order_by()
    )
    for row in rows:
        figures[row["plan__organisation_id"]] = HandedFigures(
            tasks=row["tasks"], done=row["done"], overdue=row["overdue"]
        )
    outputs = (
        ProgressReport.objects.filter(
            handed("task__"),
            submitted_at__lt=end_of_day(today),
        )
        .exclude(task__status=Task.Status.CANCELLED)
        .values_list("task__plan__organisation_id")
        .annotate(output=Sum("actual_output", default=0))
        .order_by()
    )
    for organisation_id, output in outputs:
        figures.setdefault(organisation_id, HandedFigures()).output = output
    return figures
