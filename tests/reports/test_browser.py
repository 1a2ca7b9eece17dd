"""The report page in real Chromium: charts drawn, year picker, screenshot."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import browser_login
from tests.screenshots import screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_2024_report_with_its_charts_and_picks_a_year(
    demo_db, browser_page, live_server, leader
) -> None:
    leader.first_name = "Lãnh đạo UBND huyện"
    leader.save(update_fields=["first_name"])
    page = browser_page
    browser_login(page, live_server, leader.username, "secret-pass-123")

    page.goto(f"{live_server.url}/reports/2024/")
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text() == "Báo cáo năm 2024"
    assert page.locator("[data-figure=activities-planned]").inner_text() == "102"
    for chart in ("chart-tracking", "chart-channels", "chart-quarters"):
        drawn = page.evaluate(
            "id => !!Chart.getChart(document.getElementById(id))", chart
        )
        assert drawn, chart
    assert page.locator("#report-exports a").count() == 3
    assert not page.locator("#report-year-picker button").is_visible()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(
        path=screenshot_path("report-page.png"),
        clip={"x": 0, "y": 0, "width": 1440, "height": 1700},
        full_page=True,
    )

    this_year = timezone.localdate().year  # the demo's plan in progress
    page.select_option("#report-year", str(this_year))
    page.wait_for_url(f"{live_server.url}/reports/{this_year}/")
    assert page.locator("h1").inner_text() == f"Báo cáo năm {this_year}"
    page.goto(f"{live_server.url}/reports/2025/")  # between the demo's two plans
    assert "chưa có kế hoạch" in page.locator("#report-empty").inner_text()
