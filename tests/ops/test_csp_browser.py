"""Every page a user reaches, loaded in Chromium: no Content-Security-Policy violation.

The test logs in as each role and follows the links it finds (same site, GET only),
so pages added later are checked without editing it.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from accounts.models import User
from campaigns.models import Activity, Task
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES_PER_ROLE = 30
IDLE_WAIT_MS = 15_000
# Pages of one shape (/tasks/<id>/) share a template: two of each are enough.
PER_SHAPE = 2
# Links that change state or download files are not followed.
SKIP = (
    "logout",
    "export",
    "download",
    "/evidence/",  # evidence files (the demo has some) download, not pages
    "evidence.zip",  # the PAR evidence bundle: a download
    ".ics",  # the personal calendar feed: a download
    "/static/",
    "/i18n/",
    "/healthz",
    ".xlsx",
)


def _crawl(page, live_server, start: list[str], admin: bool) -> list[str]:
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue = deque(start)
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if path in seen or shapes[shape] >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[shape] += 1
        response = page.goto(f"{live_server.url}{path}", wait_until="load")
        # Pages that load parts with htmx: wait for those requests too.
        if page.locator("[hx-trigger]").count():
            # Chromium sometimes never reports "networkidle" on the chart and
            # calendar pages of a plan in progress although every request has
            # finished, and a loaded shared machine is slow: wait a bounded time,
            # then read the page as it is (a timeout here is no CSP finding).
            with contextlib.suppress(PlaywrightTimeoutError):
                page.wait_for_load_state("networkidle", timeout=IDLE_WAIT_MS)
        visited.append(f"{path} {response.status if response else '-'}")
        if "html" not in ((response and response.headers.get("content-type")) or ""):
            continue
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        ):
            url = urlparse(urldefrag(href)[0])
            if url.scheme or url.netloc or not url.path.startswith("/"):
                continue
            link = url.path + (f"?{url.query}" if url.query else "")
            if any(part in link for part in SKIP):
                continue
            if link.startswith("/admin/") and not admin:
                continue
            if link not in seen:
                queue.append(link)
    return visited


def _start_pages(username: str) -> list[str]:
    start = ["/"]
    task = Task.objects.visible_to(User.objects.get(username=username)).first()
    activity = Activity.objects.first()
    if task:
        start.append(task.get_absolute_url())
    if username in {"planner", "leader", "admin"}:
        start.append(activity.get_absolute_url())
    if username == "admin":
        start += [
            "/admin/",
            "/admin/accounts/user/",
            f"/admin/campaigns/activity/{activity.pk}/change/",
            f"/admin/campaigns/activity/{activity.pk}/history/",
            "/admin/django_celery_beat/periodictask/add/",
        ]
    return start


def test_no_page_violates_the_content_security_policy_for_any_role(
    demo_db, chromium, live_server
) -> None:
    violations: list[str] = []
    visited: list[str] = []
    for username in ("planner", "leader", "unithead", "admin"):
        context = chromium.new_context(
            locale="vi-VN", viewport={"width": 1366, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda message, page=page, who=username: (
                violations.append(f"{who} {page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        browser_login(page, live_server, username, "nuithanh2024")
        pages = _crawl(
            page, live_server, _start_pages(username), admin=username == "admin"
        )
        visited += [f"{username} {line}" for line in pages]
        context.close()

    assert len(visited) >= 12, visited
    assert violations == [], "\n".join(violations + ["visited:"] + visited)


def test_the_login_page_has_no_violation_before_login(
    browser_page, live_server
) -> None:
    violations: list[str] = []
    browser_page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    browser_page.goto(f"{live_server.url}/accounts/login/")
    browser_page.wait_for_load_state("networkidle")

    assert browser_page.locator("form button[type=submit]").is_visible()
    assert violations == []
