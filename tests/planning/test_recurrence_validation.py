"""A rule that fails or floods is a Vietnamese field error on every path.

Form, model clean (so the saving service), preview page and import all go
through ``campaigns.recurrence.validate_rule``.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from campaigns.models import Activity
from campaigns.services import activities as services
from planning.forms.activities import ActivityForm
from tests.factories import ActivityFactory

from .conftest import activity_post
from .test_import import good_row, upload, xlsx

pytestmark = pytest.mark.django_db

HOSTILE_RULES = [
    "FREQ=MONTHLY;BYDAY=9MO",
    "FREQ=YEARLY;BYDAY=60MO",
    "FREQ=MONTHLY;BYDAY=+9MO;BYSETPOS=1",
    "FREQ=MONTHLY;INTERVAL=-1",
    "FREQ",
    "FREQ=MONTHLY;BYMONTHDAY=0",
    "FREQ=SECONDLY",
    "FREQ=MINUTELY",
    "FREQ=HOURLY",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
]


@pytest.mark.parametrize("rule", HOSTILE_RULES)
def test_form_shows_a_vietnamese_error_on_the_rule_field(world, rule) -> None:
    with translation.override("vi"):
        form = ActivityForm(
            activity_post(world, recurrence_preset="custom", custom_rule=rule),
            plan=world.plan,
        )
        valid = form.is_valid()

    assert not valid
    message = " ".join(form.errors["custom_rule"])
    assert "unpack" not in message
    assert "index" not in message
    assert "quy tắc" in message.lower() or "chu kỳ" in message.lower()


def test_form_accepts_a_daily_rule_over_a_whole_leap_year(world) -> None:
    # 366 dates: the cap is one a day, so a plan's year always fits.
    with translation.override("vi"):
        form = ActivityForm(
            activity_post(world, recurrence_preset="custom", custom_rule="FREQ=DAILY"),
            plan=world.plan,
        )

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("rule", HOSTILE_RULES)
def test_model_clean_refuses_the_rule(world, rule) -> None:
    activity = ActivityFactory.build(
        plan=world.plan,
        theme=world.themes[0],
        channel=world.radio,
        lead_unit=world.commune,
        start_date=dt.date(2024, 1, 1),
        due_date=dt.date(2024, 12, 31),
        recurrence=rule,
    )

    with pytest.raises(ValidationError) as caught:
        activity.clean()

    assert "recurrence" in caught.value.error_dict


def test_saving_service_refuses_a_rule_that_fails_to_expand(world, planner) -> None:
    activity = ActivityFactory.build(
        plan=world.plan,
        theme=world.themes[0],
        channel=world.radio,
        lead_unit=world.commune,
        start_date=dt.date(2024, 1, 1),
        due_date=dt.date(2024, 12, 31),
        recurrence="FREQ=MONTHLY;BYDAY=9MO",
    )

    with pytest.raises(ValidationError):
        services.activity_save(
            activity=activity,
            audience_groups=[],
            objectives=[],
            supporting_units=[],
            expected_version=None,
            user=planner,
        )
    assert not Activity.objects.exists()


@pytest.mark.parametrize("rule", HOSTILE_RULES)
def test_preview_answers_the_error_never_a_500(world, planner_client, rule) -> None:
    with translation.override("vi"):
        response = planner_client.get(
            reverse("planning:recurrence_preview"),
            {
                "start_date": "01/01/2024",
                "due_date": "31/12/2024",
                "recurrence_preset": "custom",
                "custom_rule": rule,
                "lead_unit": world.commune.pk,
            },
        )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="preview-error"' in html
    assert "unpack" not in html
    assert "list index" not in html


@pytest.mark.parametrize("rule", HOSTILE_RULES[:6])
def test_import_names_the_rule_error_on_its_row(world, planner_client, rule) -> None:
    row = good_row()
    row[8] = rule

    with translation.override("vi"):
        response = planner_client.post(
            reverse("planning:plan_import", args=[world.plan.pk]),
            {"file": upload(xlsx([row]))},
        )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-invalid"' in html
    assert "không phải quy tắc lặp hợp lệ" in html
    assert not Activity.objects.exists()


# --- the preview: past dates and starting from today ------


def _preview_html(client, world, **overrides) -> str:
    data = {
        "start_date": "01/01/2026",
        "due_date": "31/12/2026",
        "recurrence_preset": "monthly",
        "month_day": "25",
        "lead_unit": world.commune.pk,
    }
    data.update(overrides)
    with translation.override("vi"):
        response = client.get(reverse("planning:recurrence_preview"), data)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def on_30_november_2026():
    """Frozen before logging in (the session would age otherwise)."""
    moment = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        yield


def test_preview_says_how_many_dates_are_past(
    on_30_november_2026, world, planner_client
) -> None:
    html = _preview_html(planner_client, world)

    assert 'data-past="11"' in html
    assert "11 trong số 12 ngày này đã qua (hôm nay là 30/11/2026)." in html
    assert "sẽ bị quá hạn ngay khi lưu" in html


def test_preview_offers_to_start_from_today(
    on_30_november_2026, world, planner_client
) -> None:
    html = _preview_html(planner_client, world)

    assert 'id="preview-start-today" data-start-from="30/11/2026"' in html
    assert "Bắt đầu từ hôm nay (30/11/2026)" in html


def test_preview_from_today_has_no_past_dates(
    on_30_november_2026, world, planner_client
) -> None:
    html = _preview_html(planner_client, world, start_date="30/11/2026")

    assert 'id="preview-past"' not in html
    assert 'data-dates="1"' in html


def test_preview_of_an_edit_does_not_call_past_dates_new_overdue_tasks(
    on_30_november_2026, world, planner_client
) -> None:
    html = _preview_html(planner_client, world, version="3")

    assert 'data-past="11"' in html
    assert "sẽ bị quá hạn ngay khi lưu" not in html


def test_preview_marks_the_make_up_working_saturday(world, planner_client) -> None:
    html = _preview_html(
        planner_client,
        world,
        start_date="01/04/2025",
        due_date="26/04/2025",
        recurrence_preset="once",
    )

    assert "ngày làm việc bù" in html
    assert 'id="due-off-day"' not in html
