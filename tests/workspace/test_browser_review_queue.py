"""A planner accepts twenty reports at once on a 1366 px screen: select all on
the page, leave five out, one confirmation, one POST."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.roles import Role
from campaigns.models import ProgressReport, Task
from tests.conftest import browser_login
from tests.factories import (
    ActivityFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "reviews"
DESKTOP = {"width": 1366, "height": 900}


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_planner_accepts_twenty_reports_at_once(chromium, live_server) -> None:
    today = timezone.localdate()
    planner = UserFactory(
        username="canbo.kehoach", first_name="Lê Văn Kế Hoạch", role=Role.PLANNER
    )
    plan = PlanFactory(year=today.year)
    units = [
        UnitFactory(
            name=f"UBND xã {name}",
            short_name=name,
            head=UserFactory(first_name=f"Trưởng {name}", role=Role.UNIT_HEAD),
        )
        for name in ("Tam Xuân", "Tam Anh", "Tam Hải", "Đức Phú", "Tam Mỹ")
    ]
    activities = [
        ActivityFactory(
            plan=plan,
            title=title,
            lead_unit=units[0],
            start_date=today - dt.timedelta(days=60),
            due_date=today + dt.timedelta(days=30),
            created_by=planner,
        )
        for title in (
            "Phát chuyên mục CCHC trên đài truyền thanh xã",
            "Treo băng rôn tuyên truyền Bộ phận một cửa",
            "Đăng tin CCHC trên cổng thông tin điện tử",
            "Hội nghị đối thoại với người dân về thủ tục hành chính",
            "Tuyên truyền dịch vụ công trực tuyến tại nhà văn hóa thôn",
        )
    ]
    now = timezone.now()
    reports = []
    for n in range(25):
        unit = units[n % 5]
        task = TaskFactory(
            activity=activities[n // 5],
            unit=unit,
            status=Task.Status.IN_PROGRESS,
            due_date=today + dt.timedelta(days=n + 1),
        )
        reports.append(
            ProgressReportFactory(
                task=task,
                submitted_by=unit.head,
                review_requested_at=now - dt.timedelta(hours=30 - n),
            )
        )

    context = chromium.new_context(locale="vi-VN", viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_login(page, live_server, "canbo.kehoach", PASSWORD)
    page.goto(f"{live_server.url}/reviews/")
    assert page.locator("#reviews-total").inner_text() == "25"

    page.check("#review-select-all")
    for report in reports[20:]:
        page.uncheck(f"#review-select-{report.pk}")
    assert page.locator("#review-selected-count").inner_text() == "20"
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "1-twenty-selected-1366")
    dialogs: list[str] = []

    def accept(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.click("#review-accept-selected")
    page.wait_for_selector(".alert-success")
    _shot(page, "2-twenty-accepted-1366")
    context.close()

    assert dialogs == ["Duyệt 20 báo cáo đã chọn?"]
    accepted = ProgressReport.objects.filter(
        review_status=ProgressReport.ReviewStatus.ACCEPTED
    )
    assert sorted(accepted.values_list("pk", flat=True)) == [r.pk for r in reports[:20]]
