"""In Chromium: a fresh installation set up from the browser alone, then its
administrator's people and roles page at 1366 and 390 px (no sideways
scrolling on a phone)."""

from __future__ import annotations

import time

import pytest

from accounts.roles import Role
from organisation.models import Organisation
from tests.conftest import browser_login
from tests.factories import UnitFactory, UserFactory, home_organisation
from tests.screenshots import screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
PHONE = {"width": 390, "height": 844}


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_fresh_installation_is_set_up_from_the_login_page(
    browser_page, live_server
) -> None:
    page = browser_page
    started = time.monotonic()
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("#setup-link a")
    page.wait_for_selector("#setup")
    page.select_option("#id_kind", Organisation.Kind.COMMUNE)
    page.fill("#id_parent_name", "UBND thành phố Đà Nẵng")
    page.fill("#id_name", "UBND xã Núi Thành")
    page.fill("#id_short_name", "Núi Thành")
    page.fill("#id_place", "Núi Thành")
    page.fill("#id_username", "quantri")
    page.fill("#id_full_name", "Nguyễn Văn An")
    page.fill("#id_email", "quantri@nuithanh.example")
    page.fill("#id_password1", "Chuoi-mat-khau-dai-2025")
    page.fill("#id_password2", "Chuoi-mat-khau-dai-2025")
    page.screenshot(path=screenshot_path("setup-1366.png"), full_page=True)
    page.click("#setup-submit")
    page.wait_for_selector("#first-steps")
    elapsed = time.monotonic() - started
    print(f"\nsetup from the login page to the first steps: {elapsed:.1f} s")  # noqa: T201

    assert "CCHC Núi Thành" in page.inner_text("#brand-name")
    assert page.locator("#first-steps [data-done='0']").count() == 4
    assert elapsed < 30
    page.goto(f"{live_server.url}/setup/")
    assert "404" in page.title() or page.locator("#setup").count() == 0


@pytest.fixture
def commune():
    organisation = home_organisation()
    admin = UserFactory(
        username="quantri", first_name="Văn An", last_name="Nguyễn", role=Role.ADMIN
    )
    head = UserFactory(
        username="truong.tamhiep",
        first_name="Thị Hiệp",
        last_name="Trần",
        email="hiep@tamxuan.example",
        role=Role.UNIT_HEAD,
    )
    staff = UserFactory(
        username="canbo-tam-hiep",
        first_name="Thị Hoa",
        last_name="Lê",
        role=Role.UNIT_STAFF,
    )
    UserFactory(
        username="kehoach", first_name="Văn Kế", last_name="Phạm", role=Role.PLANNER
    )
    UserFactory(username="kehoach", role=Role.LEADER)
    unit = UnitFactory(
        organisation=organisation,
        name="Thôn Đông Trà",
        short_name="Đông Trà",
        head=head,
    )
    unit.staff.add(staff)
    return admin


def test_the_people_page_at_desktop_and_phone_width(
    chromium, live_server, commune
) -> None:
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_login(page, live_server, "quantri", PASSWORD)
    page.click("#nav-administration > a")
    page.click("#nav-administration a[href='/administration/people/']")
    page.wait_for_selector("#people")
    page.fill("#member-invite input[name=email]", "moi@tamxuan.example")
    page.fill("#member-invite input[name=full_name]", "Võ Thị Mới")
    page.check("#member-invite input[value=unit_staff]")
    page.click("#invite-member")
    page.wait_for_selector("text=Đã gửi thư mời")

    assert page.locator("#people [data-person]").count() == 5
    _fits(page, 1366)
    page.screenshot(path=screenshot_path("admin-people-1366.png"), full_page=True)

    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector("#people")
    _fits(page, PHONE["width"])
    page.screenshot(path=screenshot_path("admin-people-390.png"), full_page=True)

    page.click("#people a:has-text('Trần Thị Hiệp')")
    page.wait_for_selector("#person-roles")
    _fits(page, PHONE["width"])
    page.screenshot(path=screenshot_path("admin-person-390.png"), full_page=True)
    context.close()
