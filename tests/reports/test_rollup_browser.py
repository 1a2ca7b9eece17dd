"""The roll-up in real headless Chromium, on a desk and on a phone."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login
from tests.factories import UserFactory
from tests.screenshots import screenshot_path

from .rollup_world import commune_make, province_make, today  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("today"),
]

PASSWORD = "secret-pass-123"
# Communes and wards of Đà Nẵng since 1 July 2025, at various stages.
COMMUNES = [
    ("UBND xã Tam Xuân", {"done_on_time": 9, "done_late": 2, "overdue": 1}),
    ("UBND xã Núi Thành", {"done_on_time": 6, "done_late": 4, "overdue": 3}),
    ("UBND xã Tam Hải", {"done_on_time": 3, "done_late": 1, "overdue": 6}),
    ("UBND xã Tam Anh", {"done_on_time": 12, "done_late": 0, "overdue": 0}),
    ("UBND phường Hải Châu", {"done_on_time": 8, "done_late": 3, "cost": 4_200_000}),
    ("UBND phường Hòa Khánh", {"done_on_time": 5, "evidence": False}),
    ("UBND đặc khu Hoàng Sa", {"plan_status": None}),
]


@pytest.fixture
def province_leader():
    province = province_make()
    for name, progress in COMMUNES:
        commune_make(province, name, **progress)
    leader = UserFactory(role="leader", role__organisation=province)
    return province, leader


def test_the_rollup_reads_on_a_desk_and_on_a_phone(
    browser_page, live_server, province_leader
) -> None:
    province, leader = province_leader
    page = browser_page
    browser_login(page, live_server, leader.username, PASSWORD)

    page.click("#nav-rollup")
    with page.expect_navigation():
        page.click("#rollup-table th a[data-sort='overdue']")
    first = page.locator("#rollup-table tbody tr").first.inner_text()
    assert "Tam Hải" in first
    page.screenshot(path=screenshot_path("rollup-1366.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    # The choice submits itself: wait for the page it loads, not for calm.
    with page.expect_navigation():
        page.select_option("#rollup-sort", "-completion")
    cards = page.locator("#rollup-cards .card")
    assert "Tam Anh" in cards.first.inner_text()
    assert "chưa có kế hoạch" in cards.last.inner_text()
    page.screenshot(path=screenshot_path("rollup-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    with page.expect_navigation():
        cards.first.locator("a").first.click()
    assert page.locator("#read-only").is_visible()
    page.screenshot(path=screenshot_path("rollup-child-390.png"), full_page=True)
