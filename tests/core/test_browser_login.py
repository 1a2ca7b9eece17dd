from __future__ import annotations

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_logs_in_and_sees_the_vietnamese_navigation(
    browser_page, live_server, planner
) -> None:
    browser_login(browser_page, live_server, planner.username, "secret-pass-123")

    assert browser_page.url == f"{live_server.url}/"
    assert browser_page.locator("nav.navbar").is_visible()
    assert browser_page.locator("html").get_attribute("lang") == "vi"
