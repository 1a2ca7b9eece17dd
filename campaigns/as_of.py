"""What a row said at the end of a day, read from its history
(django-simple-history) in the same query as the row: a report rebuilt later
reads outputs, costs, budgets, cancellations, titles and names as the report
issued that day did.

Each value is one SQL expression: the row's own column when the row was not
changed since (its ``updated_at``; a model without one always asks its
history), else the column of the row's last history record saved before the
end of the day. A row with no record before then (loaded later, or older than
its history) reads as it stands.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Exists, F, Model, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from .figures import end_of_day


def _records(model: type[Model], ref: str, end: dt.datetime) -> Any:
    history = model.history.model  # type: ignore[attr-defined]  # simple-history
    return history.objects.filter(id=OuterRef(ref), history_date__lt=end).order_by(
        "-history_date", "-history_id"
    )


def value_on(
    model: type[Model], field: str, as_of: dt.date, prefix: str = ""
) -> Case | Coalesce:
    """``field`` of the ``model`` row (the queried one, or the one at
    ``prefix``, e.g. ``"unit__"``) as it stood at the end of ``as_of``."""
    end = end_of_day(as_of)
    records = _records(model, f"{prefix}pk" if prefix else "pk", end)
    column: Any = model._meta.get_field(field)
    output = column.target_field if column.is_relation else column
    then = Subquery(records.values(field)[:1], output_field=output)
    now = F(f"{prefix}{field}")
    if not any(f.name == "updated_at" for f in model._meta.concrete_fields):
        return Coalesce(then, now, output_field=output)
    return Case(
        When(Q(**{f"{prefix}updated_at__lt": end}), then=now),
        When(~Exists(records), then=now),
        default=then,
        output_field=output,
    )
