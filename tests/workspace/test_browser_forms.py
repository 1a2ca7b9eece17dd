"""A staff member reports a cost of 250.000 with a photo, on a phone and on an
office PC: the form refused once (a bad link) keeps the photo, lists its errors
at the top and focuses the first; the saved cost reads 250.000. Dates are
picked dd/mm/yyyy in Vietnamese; a file is removed only after a question,
without losing what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from campaigns.models import Activity, EvidenceFile, ProgressReport, Task
from tests.conftest import browser_login
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

from . import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
SCREENS = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 900}}


@pytest.fixture
def staff_task() -> Task:
    today = timezone.localdate()
    head = UserFactory(username="truong.tamxuan", role=Role.UNIT_HEAD)
    staff = UserFactory(
        username="canbo.hoa",
        last_name="Nguyễn",
        first_name="Thị Hoa",
        role=Role.UNIT_STAFF,
    )
    unit = UnitFactory(name="UBND xã Tam Xuân", head=head)
    unit.staff.add(staff)
    activity = ActivityFactory(
        title="Hội nghị tuyên truyền CCHC cho người dân",
        channel=ChannelFactory(name="Hội nghị", output_unit="buổi"),
        lead_unit=unit,
        start_date=today - dt.timedelta(days=20),
        due_date=today + dt.timedelta(days=5),
    )
    return TaskFactory(
        activity=activity,
        unit=unit,
        assignee=staff,
        due_date=today + dt.timedelta(days=5),
    )


def _page(chromium, live_server, screen: str):
    context = chromium.new_context(locale="en-US", viewport=SCREENS[screen])
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    browser_login(page, live_server, "canbo.hoa", PASSWORD)
    return context, page, problems


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_cost_with_a_photo_survives_a_refused_form(
    chromium, live_server, staff_task, tmp_path, screen
) -> None:
    photo = tmp_path / "Anh hoi nghi.jpg"
    photo.write_bytes(samples.jpg())
    context, page, problems = _page(chromium, live_server, screen)
    page.goto(f"{live_server.url}{staff_task.get_absolute_url()}")

    page.fill("#id_actual_output", "1")
    page.fill("#id_actual_cost", "250.000")
    page.fill("#id_evidence_links", "nhóm zalo của xã")
    page.set_input_files("#id_files", str(photo))
    page.click("#submit-report")
    page.wait_for_load_state("networkidle")

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert "Không phải địa chỉ web" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "id_evidence_links"
    kept = page.locator("#kept-files")
    assert "Anh hoi nghi.jpg" in kept.inner_text()
    assert kept.locator("input[name=kept_files]").is_checked()
    assert page.input_value("#id_actual_cost") == "250.000"
    page.screenshot(
        path=screenshot_path(f"report-refused-{screen}.png"), full_page=True
    )
    if screen == "390":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.fill("#id_evidence_links", "")
    page.click("#submit-report")
    page.wait_for_load_state("networkidle")

    report = ProgressReport.objects.get(task=staff_task)
    assert report.actual_cost == 250_000
    assert [e.original_name for e in EvidenceFile.objects.filter(report=report)] == [
        "Anh hoi nghi.jpg"
    ]
    saved = page.locator(f"#report-{report.pk}")
    assert saved.locator("[data-field=actual-cost]").inner_text() == "250.000"
    assert "Anh hoi nghi.jpg" in saved.inner_text()
    assert "Nguyễn Thị Hoa" in saved.inner_text()
    page.screenshot(path=screenshot_path(f"report-saved-{screen}.png"), full_page=True)
    assert not [p for p in problems if "Content Security Policy" in p], problems
    context.close()


def test_a_file_is_removed_after_a_question_keeping_what_was_typed(
    chromium, live_server, staff_task, tmp_path
) -> None:
    photo = tmp_path / "Anh hoi nghi.jpg"
    photo.write_bytes(samples.jpg())
    context, page, problems = _page(chromium, live_server, "390")
    page.goto(f"{live_server.url}{staff_task.get_absolute_url()}")
    page.fill("#id_actual_output", "1")
    page.set_input_files("#id_files", str(photo))
    page.click("#submit-report")
    page.wait_for_load_state("networkidle")
    page.click("[data-edit-report]")
    page.wait_for_load_state("networkidle")
    page.fill("#id_note", "Đã tổ chức tại hội trường xã")

    questions: list[str] = []

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    page.click("[data-evidence-delete]")
    page.wait_for_selector("[data-evidence-removed]")

    assert "Anh hoi nghi.jpg" in questions[0]
    assert page.input_value("#id_note") == "Đã tổ chức tại hội trường xã"
    assert not EvidenceFile.objects.exists()
    page.screenshot(path=screenshot_path("evidence-removed-390.png"), full_page=True)
    page.click("#save-report")
    page.wait_for_load_state("networkidle")
    history = page.locator("#history")
    assert "Anh hoi nghi.jpg" in history.inner_text()
    assert page.locator('[data-event="evidence-removed"]').count() == 1
    assert not [p for p in problems if "Content Security Policy" in p], problems
    context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_dates_are_picked_day_first_in_vietnamese(
    chromium, live_server, staff_task, screen
) -> None:
    UserFactory(username="canbo.kehoach", role=Role.PLANNER)
    context = chromium.new_context(locale="en-US", viewport=SCREENS[screen])
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, live_server, "canbo.kehoach", PASSWORD)
    year = timezone.localdate().year

    for path in (f"/reports/{year}/", "/activities/", "/activities/new/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("input[type=date]").count() == 0, path

    page.goto(f"{live_server.url}/reports/{year}/")
    page.click("#report-as-of")
    calendar = page.locator(".flatpickr-calendar.open")
    assert calendar.is_visible()
    weekdays = calendar.locator(".flatpickr-weekdays").inner_text().split()
    assert weekdays[0] == "T2"
    assert weekdays[-1] == "CN"
    assert calendar.locator(".cur-month").inner_text().startswith("Tháng")
    page.screenshot(path=screenshot_path(f"date-picker-{screen}.png"), full_page=False)
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)").nth(
        14
    ).click()
    value = page.input_value("#report-as-of")
    assert value.startswith("15/")
    assert value.endswith(f"/{year}")
    page.click("#report-period-picker button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#report-as-of") == value
    context.close()


def test_the_activity_forms_error_is_listed_at_the_top_and_focused(
    chromium, live_server
) -> None:
    year = timezone.localdate().year
    plan = PlanFactory(year=year, title=f"Kế hoạch tuyên truyền CCHC năm {year}")
    ContentThemeFactory(plan=plan, title="Quan điểm của Đảng về CCHC")
    ChannelFactory(name="Đài truyền thanh")
    AudienceGroupFactory(name="Người dân")
    UnitFactory(name="UBND xã Tam Hải")
    UserFactory(username="canbo.kehoach", role=Role.PLANNER)
    context = chromium.new_context(locale="en-US", viewport=SCREENS["1366"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, live_server, "canbo.kehoach", PASSWORD)

    page.goto(f"{live_server.url}/activities/new/")
    page.fill("#id_title", "Chuyên mục CCHC trên Đài truyền thanh")
    page.select_option("#id_channel", label="Đài truyền thanh")
    page.select_option("#id_theme", index=1)
    page.check("text=Người dân")
    page.select_option("#id_lead_unit", label="UBND xã Tam Hải")
    page.fill("#id_start_date", f"01/03/{year}")
    page.fill("#id_due_date", f"31/03/{year}")
    page.fill("#id_budget", "một triệu rưỡi")
    page.locator("#save-activity").focus()
    with page.expect_navigation():
        page.click("#save-activity")

    summary = page.locator("#error-summary")
    assert summary.evaluate("e => e.getBoundingClientRect().top + scrollY") < 400
    assert "1.200.000" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "id_budget"
    page.screenshot(path=screenshot_path("activity-refused-1366.png"))
    page.fill("#id_budget", "1,5 triệu")
    with page.expect_navigation():
        page.click("#save-activity")
    assert Activity.objects.filter(budget=1_500_000).exists(), page.inner_text(
        "#error-summary"
    )
    context.close()
