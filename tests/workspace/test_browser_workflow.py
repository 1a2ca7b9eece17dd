"""A unit head reports an overdue task from a phone; the planner sees and
downloads the evidence; another unit head cannot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.roles import Role
from campaigns.models import EvidenceFile, ProgressReport, Task
from notifications.services import notifications_for_new_tasks
from tests.conftest import browser_login
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    ChannelFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)
from tests.screenshots import screenshot_path

from . import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
PHONE = {"width": 390, "height": 844}


def _context(chromium, viewport):
    context = chromium.new_context(
        locale="vi-VN", viewport=viewport, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def commune():
    today = timezone.localdate()
    head = UserFactory(
        username="truong.tamxuan1", first_name="Nguyễn Văn An", role=Role.UNIT_HEAD
    )
    other_head = UserFactory(username="truong.tamhai", role=Role.UNIT_HEAD)
    planner = UserFactory(username="canbo.kehoach", role=Role.PLANNER)
    unit = UnitFactory(name="UBND xã Tam Xuân 1", short_name="Tam Xuân 1", head=head)
    UnitFactory(name="UBND xã Tam Hải", head=other_head)
    radio = ChannelFactory(name="Đài truyền thanh xã", output_unit="lượt phát sóng")
    meeting = ChannelFactory(name="Hội nghị, giao ban", output_unit="buổi")
    portal = ChannelFactory(name="Cổng thông tin điện tử", output_unit="tin, bài")
    people = AudienceGroupFactory(name="Người dân")
    officials = AudienceGroupFactory(name="Cán bộ, công chức")
    # One plan of this year: the personal page reads the current plan.
    plan = PlanFactory(year=today.year)

    def task(title, channel, audiences, days, status=Task.Status.TODO, output=1):
        due = today + dt.timedelta(days=days)
        activity = ActivityFactory(
            plan=plan,
            title=title,
            channel=channel,
            lead_unit=unit,
            audience_groups=audiences,
            start_date=due - dt.timedelta(days=30),
            due_date=due,
            created_by=planner,
        )
        return TaskFactory(
            activity=activity,
            unit=unit,
            due_date=due,
            status=status,
            planned_output=output,
        )

    overdue = task(
        "Phát chuyên mục CCHC trên đài truyền thanh xã", radio, [people], -6, output=2
    )
    task(
        "Lồng ghép CCHC trong giao ban tháng",
        meeting,
        [officials],
        -2,
        Task.Status.IN_PROGRESS,
    )
    task("Đưa tin kết quả CCHC quý lên Cổng thông tin", portal, [people], 3)
    task("Tuyên truyền thủ tục hành chính trực tuyến", radio, [people], 6, output=4)
    task(
        "Hội nghị đối thoại với doanh nghiệp về CCHC", meeting, [officials, people], 25
    )
    task("Phát chuyên mục CCHC tháng trước", radio, [people], -40, Task.Status.DONE, 2)
    Task.objects.filter(status=Task.Status.DONE).update(completed_at=timezone.now())
    notifications_for_new_tasks(
        tasks=Task.objects.filter(unit=unit, due_date__gte=today)
    )
    return {
        "overdue": overdue,
        "head": head,
        "other_head": other_head,
        "planner": planner,
    }


def test_report_an_overdue_task_with_a_pdf_then_planner_downloads_it(
    chromium, live_server, commune, tmp_path
) -> None:
    pdf = tmp_path / "Bien ban phat thanh thang 6.pdf"
    pdf.write_bytes(samples.pdf())
    task = commune["overdue"]

    # The unit head, on a phone.
    context = _context(chromium, PHONE)
    page = context.new_page()
    browser_login(page, live_server, "truong.tamxuan1", PASSWORD)
    page.goto(f"{live_server.url}/my-tasks/")
    page.screenshot(path=screenshot_path("my-tasks-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("#group-overdue [data-task-id]").count() == 2
    bell = page.locator("#notification-bell-compact")
    assert bell.is_visible()
    assert bell.get_attribute("data-unread-count") == "3"

    page.locator(f"#group-overdue [data-task-id='{task.pk}'] a").click()
    page.wait_for_url(f"**/tasks/{task.pk}/")
    page.fill("#id_actual_output", "2")
    page.fill("#id_reach", "3500")
    page.fill("#id_note", "Đã phát 2 lượt chuyên mục CCHC trên loa truyền thanh xã.")
    # A program renamed to .pdf is refused; the typed fields are kept.
    fake = tmp_path / "Bien ban.pdf"
    fake.write_bytes(samples.windows_exe())
    page.set_input_files("#id_files", str(fake))
    page.click("#submit-report")
    page.wait_for_selector("#choose-files-again")
    assert "không phải là tệp PDF thật" in page.locator("#report-form").inner_text()
    assert page.input_value("#id_reach") == "3500"
    page.locator("#report-form").screenshot(
        path=screenshot_path("report-refused-file-390.png")
    )
    assert ProgressReport.objects.filter(task=task).count() == 0

    page.set_input_files("#id_files", str(pdf))
    page.click("#submit-report")
    page.wait_for_selector(".alert-success")
    assert page.locator("#reports [data-report-id]").count() == 1
    page.click("#mark-done")
    page.wait_for_selector("#task[data-status='done']")
    page.screenshot(path=screenshot_path("task-done-390.png"), full_page=True)
    context.close()

    assert Task.objects.get(pk=task.pk).status == Task.Status.DONE
    report = ProgressReport.objects.get(task=task)
    assert report.reach == 3500
    evidence = EvidenceFile.objects.get(report=report)
    file_url = f"{live_server.url}/evidence/{evidence.pk}/"

    # The planner, at a desk, sees the report and downloads the file.
    context = _context(chromium, {"width": 1366, "height": 900})
    page = context.new_page()
    browser_login(page, live_server, "canbo.kehoach", PASSWORD)
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    assert "Đã phát 2 lượt chuyên mục CCHC" in page.locator("#reports").inner_text()
    with page.expect_download() as download_info:
        page.click(f"[data-evidence-id='{evidence.pk}']")
    download = download_info.value
    assert download.suggested_filename == "Bien ban phat thanh thang 6.pdf"
    assert Path(download.path()).read_bytes() == samples.pdf()
    context.close()

    # Another commune's head gets a 404 for the same file URL.
    context = _context(chromium, PHONE)
    page = context.new_page()
    browser_login(page, live_server, "truong.tamhai", PASSWORD)
    response = page.request.get(file_url)
    assert response.status == 404
    assert page.goto(f"{live_server.url}{task.get_absolute_url()}").status == 404
    context.close()
