"""The activity form: dd/mm/yyyy dates, presets, plan consistency, clear errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from campaigns.models import Plan
from planning.forms.activities import ActivityForm
from tests.factories import ContentThemeFactory, PlanFactory

from .conftest import activity_post

pytestmark = pytest.mark.django_db


def _form(world, **overrides) -> ActivityForm:
    with translation.override("vi"):
        form = ActivityForm(activity_post(world, **overrides), plan=world.plan)
        form.is_valid()
    return form


def test_form_accepts_day_first_dates_and_builds_the_monthly_rule(world) -> None:
    form = _form(world)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == dt.date(2024, 1, 1)
    assert form.cleaned_data["due_date"] == dt.date(2024, 12, 31)
    assert form.instance.recurrence == "FREQ=MONTHLY;BYMONTHDAY=25"


def test_form_shows_dates_as_day_first(world) -> None:
    form = ActivityForm(initial={"start_date": dt.date(2024, 3, 5)}, plan=world.plan)

    assert 'value="05/03/2024"' in str(form["start_date"])


def test_month_first_date_is_refused_with_a_vietnamese_message(world) -> None:
    form = _form(world, start_date="2024/13/01")

    assert form.errors["start_date"] == [
        "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 25/03/2024."
    ]


def test_due_before_start_is_refused(world) -> None:
    form = _form(world, start_date="01/06/2024", due_date="01/05/2024")

    assert form.errors["due_date"] == ["Hạn hoàn thành không được trước ngày bắt đầu."]


def test_dates_outside_the_plan_year_are_refused(world) -> None:
    form = _form(world, due_date="15/01/2025")

    assert "due_date" in form.errors
    assert "2024" in form.errors["due_date"][0]


def test_custom_preset_needs_a_rule(world) -> None:
    form = _form(world, recurrence_preset="custom", custom_rule="")

    assert "custom_rule" in form.errors


def test_malformed_custom_rule_is_refused_not_crashing(world) -> None:
    form = _form(world, recurrence_preset="custom", custom_rule="FREQ=SOMETIMES")

    assert "custom_rule" in form.errors


def test_theme_of_another_plan_is_refused(world) -> None:
    other = ContentThemeFactory(plan=PlanFactory(year=2025))

    form = _form(world, theme=other.pk)

    assert "theme" in form.errors


def test_closed_plan_is_not_offered(world) -> None:
    world.plan.status = Plan.Status.CLOSED
    world.plan.save()

    form = _form(world)

    assert "plan" in form.errors
    assert world.plan not in form.fields["plan"].queryset


def test_lead_unit_is_dropped_from_supporting_units(world) -> None:
    form = _form(world, supporting_units=[world.commune.pk, world.township.pk])

    assert form.is_valid(), form.errors
    assert form.cleaned_data["supporting_units"] == [world.township]


def test_editing_an_activity_starts_from_its_preset(world) -> None:
    form = _form(world)
    form.save(commit=False)
    activity = form.instance
    activity.save()
    activity.audience_groups.set([world.citizens])

    edit = ActivityForm(instance=activity)

    assert edit.initial["recurrence_preset"] == "monthly"
    assert edit.initial["month_day"] == 25
    assert edit.fields["plan"].disabled


@pytest.mark.parametrize(
    ("typed", "budget"),
    [("1.200.000", 1_200_000), ("1,5 triệu", 1_500_000), ("250000", 250_000)],
)
def test_budget_is_read_as_vietnamese_write_it(world, typed, budget) -> None:
    form = _form(world, budget=typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget"] == budget


def test_budget_is_shown_back_with_dots(world) -> None:
    form = _form(world, budget="1200000", title="")

    assert 'value="1.200.000"' in str(form["budget"])


def test_unreadable_budget_says_how_to_write_it(world) -> None:
    form = _form(world, budget="một triệu")

    message = " ".join(form.errors["budget"])
    assert "1.200.000" in message
    assert "chữ số thập phân" not in message
