"""The office's chain of work in Chromium, on phones: the head
assigns a task to a staff member, who reports with a file; the planner returns
it with a comment; the staff member corrects it; the planner accepts; the task
then counts as done on the dashboard. Every new page fits 390 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.roles import Role
from campaigns.models import EvidenceFile, ProgressReport, Task
from tests.conftest import browser_login
from tests.factories import (
    ActivityFactory,
    ChannelFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

from . import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "issue13"
PHONE = {"width": 390, "height": 844}


def _phone(chromium):
    context = chromium.new_context(locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(15_000)
    return context


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def office():
    today = timezone.localdate()
    head = UserFactory(
        username="truong.tamhiep", first_name="Trần Thị Hiệp", role=Role.UNIT_HEAD
    )
    staff = UserFactory(
        username="canbo-tam-hiep", first_name="Nguyễn Thị Hoa", role=Role.UNIT_STAFF
    )
    planner = UserFactory(
        username="canbo.kehoach", first_name="Lê Văn Kế Hoạch", role=Role.PLANNER
    )
    unit = UnitFactory(name="UBND xã Tam Hiệp", short_name="Tam Hiệp", head=head)
    unit.staff.add(staff)
    plan = PlanFactory(year=today.year)
    activity = ActivityFactory(
        plan=plan,
        title="Phát chuyên mục CCHC trên đài truyền thanh xã",
        channel=ChannelFactory(name="Đài truyền thanh", output_unit="lượt phát sóng"),
        lead_unit=unit,
        start_date=today - dt.timedelta(days=20),
        due_date=today + dt.timedelta(days=2),
        created_by=planner,
    )
    task = TaskFactory(
        activity=activity, unit=unit, due_date=today + dt.timedelta(days=2)
    )
    return {"task": task, "head": head, "staff": staff, "planner": planner}


def test_assign_report_return_correct_accept_counts_done(
    chromium, live_server, office, tmp_path
) -> None:
    task = office["task"]
    url = f"{live_server.url}{task.get_absolute_url()}"
    pdf = tmp_path / "Bien ban phat thanh.pdf"
    pdf.write_bytes(samples.pdf())

    # 1. The head assigns the task to the staff member, on a phone.
    context = _phone(chromium)
    page = context.new_page()
    browser_login(page, live_server, "truong.tamhiep", PASSWORD)
    page.goto(url)
    page.click("#assign-link")
    page.wait_for_selector("#assign-form")
    page.select_option("#id_assignee", str(office["staff"].pk))
    _fits(page)
    _shot(page, "1-assign-390")
    page.click("#save-assignment")
    page.wait_for_url(f"**{task.get_absolute_url()}")
    assert "Nguyễn Thị Hoa" in page.locator("#assignee").inner_text()
    context.close()
    assert Task.objects.get(pk=task.pk).assignee == office["staff"]

    # 2. The staff member finds it first in their tasks and reports with a file.
    context = _phone(chromium)
    page = context.new_page()
    browser_login(page, live_server, "canbo-tam-hiep", PASSWORD)
    page.goto(f"{live_server.url}/my-tasks/")
    _fits(page)
    _shot(page, "2-staff-my-tasks-390")
    page.locator(f"[data-task-id='{task.pk}'] a").first.click()
    page.wait_for_url(f"**{task.get_absolute_url()}")
    page.fill("#id_actual_output", "1")
    page.fill("#id_note", "Đã phát 1 lượt.")
    page.set_input_files("#id_files", str(pdf))
    page.click("#submit-report-done")
    page.wait_for_selector("#awaiting-review")
    _fits(page)
    _shot(page, "3-staff-reported-390")
    context.close()
    report = ProgressReport.objects.get(task=task)
    assert EvidenceFile.objects.filter(report=report).count() == 1
    assert report.review_status == ProgressReport.ReviewStatus.SUBMITTED

    # 3. The planner returns it with a comment, from the reviews page.
    context = _phone(chromium)
    page = context.new_page()
    browser_login(page, live_server, "canbo.kehoach", PASSWORD)
    page.goto(f"{live_server.url}/reviews/")
    assert page.locator("#nav-reviews-count").inner_text() == "1"
    _fits(page)
    _shot(page, "4-reviews-390")
    page.click(f"[data-report-id='{report.pk}'] a")
    page.wait_for_selector("#review-form")
    page.click("label[for=decision-return]")
    page.fill("#id_comment", "Bổ sung ảnh chụp buổi phát thanh.")
    _fits(page)
    _shot(page, "5-review-return-390")
    page.click("#submit-review")
    page.wait_for_selector("#no-reviews")
    context.close()
    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.RETURNED
    assert Task.objects.get(pk=task.pk).status == Task.Status.IN_PROGRESS

    # 4. The staff member sees the comment and corrects the report.
    context = _phone(chromium)
    page = context.new_page()
    browser_login(page, live_server, "canbo-tam-hiep", PASSWORD)
    page.goto(url)
    assert "Bổ sung ảnh chụp" in page.locator("#reports").inner_text()
    _shot(page, "6-staff-returned-390")
    page.click(f"[data-edit-report='{report.pk}']")
    page.wait_for_selector("#report-form")
    page.fill("#id_note", "Đã phát 1 lượt; ảnh chụp đính kèm.")
    page.set_input_files("#id_files", str(pdf))
    page.click("#save-report")
    page.wait_for_selector(".alert-success")
    context.close()
    report.refresh_from_db()
    assert report.review_status == ProgressReport.ReviewStatus.SUBMITTED

    # 5. The planner accepts; the task counts as done on the dashboard.
    context = _phone(chromium)
    page = context.new_page()
    browser_login(page, live_server, "canbo.kehoach", PASSWORD)
    page.goto(f"{live_server.url}/")
    # The corrected report waits (the navigation says so); the task is not done
    # yet, so the dashboard's "done, waiting for review" figure does not count it.
    assert page.locator("#nav-reviews-count").text_content() == "1"
    assert page.locator("#kpi-awaiting-review").count() == 0
    page.goto(f"{live_server.url}/reports/{report.pk}/review/")
    page.click("label[for=decision-accept]")
    page.click("#submit-review")
    page.wait_for_selector("#no-reviews")
    page.goto(f"{live_server.url}/")
    _fits(page)
    _shot(page, "7-dashboard-done-390")
    assert "1 đã hoàn thành" in page.locator("#kpi-total").locator("..").inner_text()
    assert page.locator("#kpi-awaiting-review").count() == 0
    context.close()

    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert task.accepted_at is not None


def test_the_members_page_fits_a_phone(chromium, live_server, office) -> None:
    context = _phone(chromium)
    page = context.new_page()
    browser_login(page, live_server, "truong.tamhiep", PASSWORD)
    page.goto(f"{live_server.url}/units/{office['task'].unit_id}/members/")
    page.fill("#id_email", "moi@example.test")
    page.fill("#id_full_name", "Phạm Văn Mới")
    page.click("#invite-member")
    page.wait_for_selector("[data-member='moi']")
    _fits(page)
    _shot(page, "8-members-390")
    context.close()
