"""The planning workspace in real headless Chromium (Debian's, via Playwright)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Activity, Plan, Task, Unit
from channels.models import Channel
from demo import data as demo_data
from planning.calendar_feed import CALENDAR_DAY_LIMIT
from tests.conftest import browser_login
from tests.demo_snapshot import DEMO_PASSWORD
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    ChannelFactory,
    ContentThemeFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)
from tests.screenshots import screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
NUI_THANH = demo_data.ORGANISATION["name"]


def _shot(page, name: str) -> None:
    page.screenshot(path=screenshot_path(f"{name}.png"), full_page=True)


@pytest.fixture
def this_year_plan():
    year = timezone.localdate().year
    plan = PlanFactory(year=year, title=f"Kế hoạch tuyên truyền CCHC năm {year}")
    ContentThemeFactory(plan=plan, title="Quan điểm của Đảng về cải cách hành chính")
    ChannelFactory(name="Đài truyền thanh", code="truyen-thanh", color="#198754")
    AudienceGroupFactory(name="Người dân", code="nguoi-dan")
    UnitFactory(name="UBND xã Tam Hải", kind="commune")
    UnitFactory(name="UBND thị trấn Núi Thành", kind="township")
    return plan


def test_planner_creates_a_monthly_activity_and_drags_an_occurrence(
    browser_page, live_server, this_year_plan
):
    planner = UserFactory(role="planner")
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    year = this_year_plan.year
    browser_login(page, live_server, planner.username, PASSWORD)

    page.goto(f"{live_server.url}/activities/new/")
    page.fill("#id_title", "Chuyên mục CCHC trên Đài truyền thanh")
    page.select_option("#id_channel", label="Đài truyền thanh")
    page.select_option("#id_theme", index=1)  # no theme is preselected
    page.check("text=Người dân")
    page.select_option("#id_lead_unit", label="UBND xã Tam Hải")
    page.check("label:has-text('UBND thị trấn Núi Thành')")
    page.fill("#id_start_date", f"01/01/{year}")
    page.fill("#id_due_date", f"31/12/{year}")
    page.select_option("#id_recurrence_preset", "monthly")
    page.select_option("#id_month_day", "25")
    page.locator("#preview-count[data-tasks='24']").wait_for()
    assert "ngày 25" in page.inner_text("#preview-sentence")
    _shot(page, "activity-form")
    # A full-page screenshot leaves Chromium to restore its scroll on the next
    # focus change; settle it before clicking, or the click lands elsewhere.
    page.locator("#save-activity").focus()
    with page.expect_navigation():
        page.click("#save-activity")

    activity = Activity.objects.get()
    assert page.url == f"{live_server.url}{activity.get_absolute_url()}"
    assert page.locator("#tasks tbody tr").count() == 24
    assert "24 tạo mới" in page.inner_text("main")

    today = timezone.localdate()
    source = dt.date(today.year, today.month, 25)
    target = source - dt.timedelta(days=1)
    page.goto(f"{live_server.url}/calendar/?plan={this_year_plan.pk}")
    event = page.locator(
        f".fc-event[data-activity='{activity.pk}'][data-date='{source:%Y-%m-%d}']"
    )
    event.wait_for()
    cell = page.locator(f"td.fc-daygrid-day[data-date='{target:%Y-%m-%d}']")
    box, goal = event.bounding_box(), cell.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2, steps=5)
    page.mouse.move(goal["x"] + goal["width"] / 2, goal["y"] + 40, steps=15)
    page.mouse.up()
    page.locator("#calendar-status .alert").first.wait_for()

    moved = Task.objects.filter(activity=activity, due_date=target)
    assert moved.count() == 2
    assert not Task.objects.filter(activity=activity, due_date=source).exists()


@pytest.fixture
def busy_day(this_year_plan) -> dt.date:
    """A day of this month with more occurrences than the feed sends."""
    day = timezone.localdate().replace(day=12)
    channel = Channel.objects.get()
    unit = Unit.objects.get(name="UBND xã Tam Hải")
    for number in range(1, CALENDAR_DAY_LIMIT + 10):
        activity = ActivityFactory(
            plan=this_year_plan,
            theme=this_year_plan.themes.get(),
            channel=channel,
            lead_unit=unit,
            title=f"Tin bài CCHC số {number} trên Đài truyền thanh xã",
            start_date=day,
            due_date=day,
        )
        TaskFactory(activity=activity)
    return day


def _calendar_page(chromium, live_server, plan: Plan, width: int):
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": width, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_login(page, live_server, UserFactory(role="planner").username, PASSWORD)
    page.goto(f"{live_server.url}/calendar/?plan={plan.pk}")
    return context, page


def test_a_busy_day_shows_its_summary_in_the_month_grid(
    chromium, live_server, this_year_plan, busy_day
):
    """The first occurrences and "+ N hoạt động khác", and nothing hidden behind
    FullCalendar's own "+ more"."""
    context, page = _calendar_page(chromium, live_server, this_year_plan, 1366)
    summary = page.locator(".fc-event.cchc-event-more")
    summary.wait_for()
    cell = page.locator(f"td.fc-daygrid-day[data-date='{busy_day:%Y-%m-%d}']")

    assert summary.inner_text().strip() == "+\u00a09 hoạt động khác"
    assert cell.locator(".fc-event").count() == CALENDAR_DAY_LIMIT + 1
    assert cell.locator(".fc-daygrid-more-link").count() == 0
    context.close()


def test_the_calendar_opens_as_a_list_on_a_phone_and_the_summary_leads_to_the_day(
    chromium, live_server, this_year_plan, busy_day
):
    context, page = _calendar_page(chromium, live_server, this_year_plan, 390)
    summary = page.locator(".fc-list-event.cchc-event-more")
    summary.wait_for()
    page.wait_for_timeout(300)
    _shot(page, "calendar-busy-day-phone")
    toolbar = page.locator(".fc-header-toolbar").bounding_box()
    items = page.locator(".fc-list-event-title", has_text="Tin bài CCHC số")

    assert page.locator(".fc-daygrid-day").count() == 0
    assert toolbar["height"] < 90  # one line of buttons and the month's title
    assert items.count() == CALENDAR_DAY_LIMIT
    assert page.locator(".fc-footer-toolbar .fc-dayGridMonth-button").is_visible()
    with page.expect_navigation():
        summary.locator("a").click()
    assert f"day={busy_day:%Y-%m-%d}" in page.url
    assert page.inner_text("#result-count").strip() == (
        f"{CALENDAR_DAY_LIMIT + 9} hoạt động"
    )
    page.screenshot(path=screenshot_path("activity-list-of-a-day-phone.png"))
    context.close()


def test_leader_sees_the_dashboard_without_edit_buttons(
    demo_db, browser_page, live_server
):
    today = timezone.localdate()
    # Seeded in progress as of today, in the commune the demo's leader works in.
    plan = Plan.objects.get(year=today.year, organisation__name=NUI_THANH)
    page = browser_page
    browser_login(page, live_server, "leader", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/")  # opens on this year's plan
    page.locator("#chart-channels").wait_for()
    page.wait_for_timeout(300)
    _shot(page, "dashboard")

    assert page.locator("#editor-actions").count() == 0
    assert page.locator("a[href^='/activities/new']").count() == 0
    assert int(page.inner_text("#kpi-total")) == plan_task_count(plan)
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert page.locator("#plan-actions form").count() == 0
    page.goto(f"{live_server.url}/calendar/?plan={plan.pk}")
    page.locator(".fc-event").first.wait_for()
    _shot(page, "calendar")


def plan_task_count(plan: Plan) -> int:
    return Task.objects.filter(activity__plan=plan).exclude(status="cancelled").count()


def test_unit_head_gets_403_on_the_new_activity_page(browser_page, live_server):
    head = UserFactory(role="unit_head")
    UnitFactory(head=head)
    page = browser_page
    browser_login(page, live_server, head.username, PASSWORD)

    response = page.goto(f"{live_server.url}/activities/new/")

    assert response.status == 403


def test_the_dashboards_upcoming_deadlines_read_line_by_line_on_a_phone(
    demo_db, chromium, live_server
):
    """Each title takes the row's width (the unit goes under it), not one word a
    line beside the unit's name."""
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    browser_login(page, live_server, "planner", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/")
    page.locator("#chart-channels").wait_for()
    page.wait_for_timeout(300)
    _shot(page, "dashboard-phone")
    row_width = page.locator("#upcoming li").first.bounding_box()["width"]
    title_widths = [
        link.bounding_box()["width"] for link in page.locator("#upcoming li a").all()
    ]
    context.close()

    assert title_widths
    assert min(title_widths) > row_width / 3


def test_on_a_phone_the_activity_filters_beyond_search_open_on_demand(
    chromium, live_server, this_year_plan
):
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    browser_login(page, live_server, UserFactory(role="planner").username, PASSWORD)
    channel = Channel.objects.get()

    page.goto(f"{live_server.url}/activities/")
    hidden_at_first = page.locator("#id_channel").is_visible()
    page.get_by_role("button", name="Thêm bộ lọc").click()
    page.locator("#id_channel").wait_for(state="visible")
    page.goto(f"{live_server.url}/activities/?channel={channel.pk}")
    shown_when_used = page.locator("#id_channel").is_visible()
    toggle = page.get_by_role("button", name="Thêm bộ lọc (1)").is_visible()
    context.close()

    assert not hidden_at_first
    assert shown_when_used
    assert toggle


def test_a_planner_cancels_two_activities_at_once_after_one_question(
    browser_page, live_server, this_year_plan
):
    channel, unit = Channel.objects.get(), Unit.objects.get(name="UBND xã Tam Hải")
    activities = [
        ActivityFactory(
            plan=this_year_plan,
            theme=this_year_plan.themes.get(),
            channel=channel,
            lead_unit=unit,
            title=f"Tin bài CCHC số {n}",
        )
        for n in (1, 2, 3)
    ]
    page = browser_page
    questions: list[str] = []
    page.on(
        "dialog", lambda dialog: (questions.append(dialog.message), dialog.accept())
    )
    browser_login(page, live_server, UserFactory(role="planner").username, PASSWORD)

    page.goto(f"{live_server.url}/activities/?plan={this_year_plan.pk}")
    for activity in activities[:2]:
        page.check(f"#activity-select-{activity.pk}")
    assert page.inner_text("#activity-selected-count") == "2"
    page.select_option("#id_action", "cancel")
    with page.expect_navigation():
        page.click("#activity-batch-apply")

    statuses = {a.pk: a.status for a in Activity.objects.filter(plan=this_year_plan)}
    assert len(questions) == 1
    assert "2" in questions[0]
    assert [statuses[a.pk] for a in activities] == ["cancelled", "cancelled", "active"]
