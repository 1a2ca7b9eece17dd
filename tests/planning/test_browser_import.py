"""Importing a published-style appendix with unknown names in real Chromium:
the names are settled on the preview, kept, and the file saves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Unit, UnitGroupPhrase
from tests.conftest import browser_login
from tests.factories import UserFactory
from tests.planning.appendices import APPENDICES, world
from tests.screenshots import screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
UNKNOWN = next(a for a in APPENDICES if a.name == "08_ten_la.xlsx")


def test_planner_settles_unknown_names_on_the_preview_and_saves(
    browser_page, live_server
):
    plan = world()
    planner = UserFactory(role="planner")
    radio = Unit.objects.get(name="Báo và Phát thanh, Truyền hình Đà Nẵng")
    centre = Unit.objects.get(name="Trung tâm Phục vụ hành chính công tỉnh")
    page = browser_page
    browser_login(page, live_server, planner.username, PASSWORD)

    page.goto(live_server.url + reverse("planning:plan_import", args=[plan.pk]))
    page.set_input_files(
        "#id_file",
        {
            "name": UNKNOWN.name,
            "mimeType": "application/octet-stream",
            "buffer": UNKNOWN.build(),
        },
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_selector("#import-names")
    page.screenshot(path=screenshot_path("import-names-before.png"), full_page=True)

    names = page.locator("#import-names tbody tr")
    assert names.count() == 3
    assert page.locator("#import-save").count() == 0
    assert "--channel" not in page.content()
    page.select_option(
        "tr[data-name='Đài PT-TH Đà Nẵng'] select", value=f"unit:{radio.pk}"
    )
    page.select_option(
        "tr[data-name='Trung tâm PVHCC tỉnh'] select", value=f"unit:{centre.pk}"
    )
    page.select_option("tr[data-name='Hiệp hội Doanh nghiệp tỉnh'] select", "ignore")
    page.get_by_role("button", name="Kiểm tra lại với lựa chọn này").click()
    page.wait_for_selector("#import-save")
    page.screenshot(path=screenshot_path("import-names-after.png"), full_page=True)

    assert page.locator("#import-names").count() == 0
    page.click("#import-save")
    page.wait_for_url("**/activities/**")
    assert plan.activities.count() == 3
    radio.refresh_from_db()
    assert "Đài PT-TH Đà Nẵng" in radio.alias_list
    assert UnitGroupPhrase.objects.filter(phrase="Hiệp hội Doanh nghiệp tỉnh").exists()
