"""Plan services: status (issue, close, reopen) and the copy to another year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns.models import Plan
from campaigns.services import plans as services
from tests.factories import ActivityFactory, PlanFactory, TaskFactory
from tests.planning.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_issuing_a_draft_plan_creates_its_tasks(world, planner):
    plan = PlanFactory(year=2025, status=Plan.Status.DRAFT)
    ActivityFactory(
        plan=plan,
        start_date=dt.date(2025, 1, 1),
        due_date=dt.date(2025, 12, 31),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=10",
    )

    summary = services.plan_set_status(
        plan_id=plan.pk, status=Plan.Status.ISSUED, user=planner, today=TODAY
    )

    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED
    assert summary.created == 12
    assert plan.issued_on == TODAY


def test_a_plan_cannot_jump_from_draft_to_closed(world, planner):
    world.plan.status = Plan.Status.DRAFT
    world.plan.save()

    with pytest.raises(ValidationError):
        services.plan_set_status(
            plan_id=world.plan.pk, status=Plan.Status.CLOSED, user=planner
        )


def test_only_an_administrator_reopens_a_closed_plan(world, planner, admin_user):
    world.plan.status = Plan.Status.CLOSED
    world.plan.save()

    with pytest.raises(PermissionDenied):
        services.plan_set_status(
            plan_id=world.plan.pk, status=Plan.Status.ISSUED, user=planner
        )
    services.plan_set_status(
        plan_id=world.plan.pk, status=Plan.Status.ISSUED, user=admin_user
    )

    world.plan.refresh_from_db()
    assert world.plan.status == Plan.Status.ISSUED


def test_copy_to_next_year_moves_dates_and_copies_no_task(world, planner):
    objective = world.objectives[1]
    source = ActivityFactory(
        plan=world.plan,
        theme=world.themes[1],
        start_date=dt.date(2024, 2, 29),
        due_date=dt.date(2024, 12, 31),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=25;UNTIL=20241231T000000",
        supporting_units=[world.township],
        audience_groups=[world.citizens],
    )
    source.objectives.set([objective])
    TaskFactory(activity=source)
    ActivityFactory(plan=world.plan, theme=world.themes[0], status="cancelled")

    new_plan = services.plan_copy_to_year(
        plan=world.plan, year=2025, title="Kế hoạch năm 2025", user=planner
    )

    assert new_plan.status == Plan.Status.DRAFT
    assert new_plan.year == 2025
    assert list(new_plan.themes.values_list("title", flat=True)) == [
        t.title for t in world.themes
    ]
    assert new_plan.objectives.count() == 2
    copy = new_plan.activities.get()
    assert (copy.start_date, copy.due_date) == (
        dt.date(2025, 2, 28),
        dt.date(2025, 12, 31),
    )
    assert copy.recurrence == "FREQ=MONTHLY;BYMONTHDAY=25;UNTIL=20251231T000000"
    assert copy.theme.plan == new_plan
    assert list(copy.objectives.values_list("description", flat=True)) == [
        objective.description
    ]
    assert copy.objectives.get().plan == new_plan
    assert list(copy.supporting_units.all()) == [world.township]
    assert list(copy.audience_groups.all()) == [world.citizens]
    assert copy.tasks.count() == 0
    assert world.plan.activities.count() == 2, "the source plan is untouched"


def test_copy_into_a_year_that_already_has_a_plan_is_refused(world, planner):
    PlanFactory(year=2025, issuer=world.plan.issuer)

    with pytest.raises(ValidationError):
        services.plan_copy_to_year(
            plan=world.plan, year=2025, title="Trùng năm", user=planner
        )


def test_a_copy_that_loses_the_race_for_its_year_is_a_clear_error(
    world, planner, monkeypatch
) -> None:
    # The other copy commits between this one's check and its insert.
    PlanFactory(year=2025, issuer=world.plan.issuer)
    monkeypatch.setattr(Plan, "full_clean", lambda self, *a, **k: None)

    with pytest.raises(ValidationError) as caught:
        services.plan_copy_to_year(
            plan=world.plan, year=2025, title="Trùng năm", user=planner
        )

    assert caught.value.code == "plan_exists"
    assert Plan.objects.filter(year=2025).count() == 1
