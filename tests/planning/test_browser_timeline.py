"""The year at a glance in Chromium: readable at 1366 px, and at 390 px the
chart scrolls sideways inside itself with the activity names kept in view;
printable on A4 landscape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.roles import Role
from campaigns.models import Activity, Plan, Task
from tests.conftest import browser_login
from tests.factories import (
    ActivityFactory,
    ChannelFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "timeline"

ACTIVITIES = [
    ("Phát chuyên mục CCHC trên đài truyền thanh xã", 0, 1, 12, True),
    ("Treo băng rôn tuyên truyền tại Bộ phận một cửa", 1, 3, 4, False),
    ("Đăng tin CCHC trên cổng thông tin điện tử", 2, 1, 12, True),
    ("Hội nghị đối thoại với người dân về thủ tục hành chính", 3, 6, 6, False),
    ("Cuộc thi tìm hiểu về cải cách hành chính", 3, 8, 10, False),
    ("Tuyên truyền dịch vụ công trực tuyến tại nhà văn hóa thôn", 0, 4, 9, False),
]


def _year() -> Plan:
    plan_year = timezone.localdate().year
    planner = UserFactory(username="canbo.kehoach", role=Role.PLANNER)
    plan = PlanFactory(
        year=plan_year, title=f"Kế hoạch tuyên truyền CCHC năm {plan_year}"
    )
    channels = [
        ChannelFactory(name="Đài truyền thanh", color="#d63384"),
        ChannelFactory(name="Pa-nô, băng rôn", color="#fd7e14"),
        ChannelFactory(name="Cổng thông tin điện tử", color="#0d6efd"),
        ChannelFactory(name="Hội nghị, hội thi", color="#198754"),
    ]
    units = [
        UnitFactory(name="UBND xã Tam Xuân"),
        UnitFactory(name="Văn phòng HĐND và UBND"),
    ]
    for n, (title, channel, first, last, monthly) in enumerate(ACTIVITIES):
        unit = units[n % 2]
        last_day = 31 if last == 12 else 28
        activity = ActivityFactory(
            plan=plan,
            title=title,
            channel=channels[channel],
            lead_unit=unit,
            start_date=dt.date(plan_year, first, 1),
            due_date=dt.date(plan_year, last, last_day),
            created_by=planner,
        )
        months = range(first, last + 1) if monthly else [last]
        for month in months:
            TaskFactory(
                activity=activity,
                unit=unit,
                due_date=dt.date(plan_year, month, 25),
                status=Task.Status.DONE if month < 4 else Task.Status.TODO,
            )
    return plan


def test_the_year_at_a_glance_on_a_desktop_and_a_phone(chromium, live_server) -> None:
    plan = _year()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    url = f"{live_server.url}/plans/{plan.pk}/timeline/"

    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, live_server, "canbo.kehoach", PASSWORD)
    page.goto(url)
    assert page.locator(".gantt-row[data-activity]").count() == len(ACTIVITIES)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # Each bar in its channel's colour (#d63384 for the radio's).
    radio = Activity.objects.filter(plan=plan, channel__color="#d63384").first()
    bar = page.locator(f".gantt-row[data-activity='{radio.pk}'] .gantt-bar").first
    assert bar.evaluate("el => getComputedStyle(el).backgroundColor") == (
        "rgb(214, 51, 132)"
    )
    page.screenshot(path=str(SCREENSHOTS / "1-by-channel-1366.png"), full_page=True)
    page.click("#timeline-by-unit")
    page.wait_for_url("**group=unit")
    page.screenshot(path=str(SCREENSHOTS / "2-by-unit-1366.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "3-print-1366.png"), full_page=True)
    context.close()

    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, live_server, "canbo.kehoach", PASSWORD)
    page.goto(url)
    # The page itself does not scroll sideways; the chart does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chart = page.locator("#timeline")
    assert chart.evaluate("el => el.scrollWidth > el.clientWidth")
    page.screenshot(path=str(SCREENSHOTS / "4-phone-390.png"), full_page=True)
    chart.evaluate("el => { el.scrollLeft = 400; }")
    label = page.locator(".gantt-row[data-activity] .gantt-label").first
    box = label.bounding_box()
    assert box is not None
    assert box["x"] < 30  # still in view, stuck to the left
    page.screenshot(path=str(SCREENSHOTS / "5-phone-scrolled-390.png"), full_page=True)
    context.close()
