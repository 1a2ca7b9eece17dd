"""In the browser: the lock-out is explained on the login page, in Vietnamese."""

from __future__ import annotations

import pytest

from tests.screenshots import screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_locked_out_user_reads_why_on_the_login_page(
    browser_page, live_server, planner, settings
) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(3):
        page.fill("input[name=username]", planner.username)
        page.fill("input[name=password]", "wrong-password")
        page.click("button[type=submit]")
        page.wait_for_load_state("load")

    page.fill("input[name=password]", "secret-pass-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")

    alert = page.locator("#login-locked")
    assert alert.is_visible()
    assert "tạm khóa" in alert.inner_text()
    assert page.url.endswith("/accounts/login/")
    page.screenshot(path=screenshot_path("login-locked.png"))
