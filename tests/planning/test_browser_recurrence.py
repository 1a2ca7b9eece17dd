"""The recurrence preview in real headless Chromium: past dates, start from today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import browser_login
from tests.factories import (
    ChannelFactory,
    ContentThemeFactory,
    PlanFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"


def test_start_from_today_sets_the_start_date_and_clears_past_dates(
    browser_page, live_server
):
    today = timezone.localdate()
    if today == dt.date(today.year, 1, 1):
        pytest.skip("on 1 January no date of the year is past yet")
    plan = PlanFactory(year=today.year, title="Kế hoạch tuyên truyền CCHC")
    ContentThemeFactory(plan=plan, title="Cải cách hành chính")
    ChannelFactory(name="Đài truyền thanh", code="truyen-thanh")
    UnitFactory(name="UBND xã Tam Hải", kind="commune")
    planner = UserFactory(role="planner")
    page = browser_page
    browser_login(page, live_server, planner.username, PASSWORD)

    page.goto(f"{live_server.url}/activities/new/")
    page.select_option("#id_lead_unit", label="UBND xã Tam Hải")
    page.fill("#id_start_date", f"01/01/{today.year}")
    page.fill("#id_due_date", f"31/12/{today.year}")
    page.select_option("#id_recurrence_preset", "custom")
    page.fill("#id_custom_rule", "FREQ=DAILY")
    past = (today - dt.date(today.year, 1, 1)).days
    page.locator(f"#preview-past[data-past='{past}']").wait_for()

    page.click("#preview-start-today")

    page.locator("#preview-past").wait_for(state="detached")
    assert page.input_value("#id_start_date") == f"{today:%d/%m/%Y}"
    remaining = (dt.date(today.year, 12, 31) - today).days + 1
    page.locator(f"#preview-count[data-dates='{remaining}']").wait_for()
