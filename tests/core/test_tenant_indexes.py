"""Every tenant table's indexes lead with the organisation or the plan (or a
row of one organisation), so that no page of one organisation reads index
entries of the others as the installation grows to a province of many."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models

from accounts.models import User
from organisation.scoping import ScopedManager

# Indexes that lead with something else, each for its reason.
ACROSS_ORGANISATIONS = {
    # The reminder sweep: open tasks by due date, every organisation's (the
    # installation's own work, which reads them all anyway).
    ("campaigns_task", "task_status_due_idx"),
    # A report's submission key: a random key, found by one probe.
    ("campaigns_progressreport", "report_submission_key_unique"),
    # Reports waiting for review, oldest first: only the waiting ones, a few
    # per organisation (the review queue and its reminders).
    ("campaigns_progressreport", "report_review_idx"),
    # The calendar feed's day probes (planning.calendar_feed reads a date
    # range of live tasks and filters by plan from the included column): at a
    # province's scale a day holds every organisation's tasks of that day;
    # docs/deploy.md says what that costs and what follows.
    ("campaigns_task", "task_due_activity_idx"),
    ("campaigns_task", "task_live_due_activity_idx"),
    ("campaigns_task", "task_open_due_activity_idx"),
    # PostgreSQL's trigram indexes of the folded search text: a GIN index
    # cannot lead with an integer column (without btree_gin); a search is a
    # words probe whose few hits the organisation's scope then filters.
    ("campaigns_unit", "unit_search_trgm"),
    ("campaigns_activity", "activity_search_trgm"),
}


def _tenant_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if isinstance(model._default_manager, ScopedManager)
    ]


def _leads_with_a_tenant(model: type[models.Model], column: str) -> bool:
    """``column`` is the organisation, the plan, a foreign key to a row of a
    tenant model (a unit, an activity, a task: one organisation's), or to a
    person (a person's own rows: as few at a province's scale as at one
    commune's)."""
    if column in {"organisation_id", "plan_id"}:
        return True
    for field in model._meta.concrete_fields:
        if field.column == column and field.is_relation:
            related = field.related_model
            assert isinstance(related, type)
            return related is User or isinstance(
                related._default_manager, ScopedManager
            )
    return False


def test_the_tenant_models_are_found() -> None:
    names = {model.__name__ for model in _tenant_models()}
    assert {"Plan", "Unit", "Activity", "Task", "ProgressReport"} <= names


@pytest.mark.django_db
def test_every_tenant_index_leads_with_the_organisation_or_the_plan() -> None:
    wrong = []
    with connection.cursor() as cursor:
        for model in _tenant_models():
            table = model._meta.db_table
            found = connection.introspection.get_constraints(cursor, table)
            for name, info in found.items():
                if info["primary_key"] or not (info["index"] or info["unique"]):
                    continue
                if (table, name) in ACROSS_ORGANISATIONS:
                    continue
                columns = [c for c in info["columns"] or [] if c]
                if columns and not _leads_with_a_tenant(model, columns[0]):
                    wrong.append(f"{table}.{name} {columns}")
    assert wrong == []
