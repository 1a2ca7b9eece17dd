from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from hypothesis import settings as hypothesis_settings

from accounts.models import User
from accounts.roles import Role
from campaigns import workdays
from organisation.scoping import across_organisations

from .demo_snapshot import (
    SEED_AT,
    DemoSnapshot,
    demo_snapshot_restore,
    demo_snapshot_take,
)
from .factories import UserFactory

# Hypothesis keeps no example database: a test run writes nothing in the checkout.
hypothesis_settings.register_profile("project", database=None)
hypothesis_settings.load_profile("project")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path, monkeypatch) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test reads the official calendar of its own database.
    workdays.forget()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Login throttling off by default, so that Client.login() (which passes no
    # request) works and failed logins in one test never lock out another;
    # tests/ops/test_login_throttling.py turns it on.
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # A FileField calls its storage callable once, at import: point the private
    # fields at the temporary storage too, or uploads land in var/media.
    from django.core.files.storage import storages

    from campaigns.models import EvidenceFile, IssuedReportFile, Plan

    for field in (
        EvidenceFile._meta.get_field("file"),
        IssuedReportFile._meta.get_field("file"),
        Plan._meta.get_field("signed_file"),
    ):
        monkeypatch.setattr(field, "storage", storages["private"])


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: ids repeat between tests, and a
    value cached by one must never answer another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _scene_across_organisations() -> Iterator[None]:
    """A test sets its scene across organisations; every request it makes runs
    in the scope of the requesting user's organisation (the middleware), as in
    production. Tests of isolation itself open scopes with ``acting_in``."""
    with across_organisations():
        yield


_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences"}


def _uses_database(request: pytest.FixtureRequest) -> bool:
    """Whether the test asked for the database (a marker or a fixture); then its
    database is set up, so that it is there before and after the test."""
    if not (
        request.node.get_closest_marker("django_db")
        or _DATABASE_FIXTURES.intersection(request.fixturenames)
    ):
        return False
    request.getfixturevalue("_django_db_helper")
    return True


@pytest.fixture(autouse=True)
def _tallies_match_the_tasks(request) -> Iterator[None]:
    """After every test that touched the database, the progress counters equal
    a recount of the tasks: the services and views a test drives kept them
    (campaigns.tallies), and a test that sets its scene around the services
    keeps them itself (the factories, ``tallies_kept``, ``tasks_update``) or
    ends with a rebuild.
    """
    if not _uses_database(request):
        yield
        return
    yield
    from django.db import connection

    from campaigns.tallies import tallies_match_a_recount

    if connection.needs_rollback:  # the test ended on a refused write
        return
    if wrong := tallies_match_a_recount():
        pytest.fail(f"progress counters differ from a recount: {wrong}")


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoSnapshot:
    """The demo seeded once in this process (tests/demo_snapshot.py)."""
    with django_db_blocker.unblock():
        return demo_snapshot_take(files_dir=tmp_path_factory.mktemp("demo-files"))


@pytest.fixture
def demo_db(request, demo_snapshot, time_machine) -> Iterator[DemoSnapshot]:
    """This test's database and private files hold the demo as seeded at
    ``SEED_AT``, and the clock stands there. Ask for it before the fixtures that
    add rows. Works with ``db`` and with ``transactional_db``/``live_server``."""
    if not _uses_database(request):
        request.getfixturevalue("db")
    time_machine.move_to(SEED_AT, tick=False)
    demo_snapshot_restore(demo_snapshot)
    yield demo_snapshot
    # The copy may have changed the content types' keys, which this process
    # caches; the rollback or flush that follows changes them again.
    ContentType.objects.clear_cache()


def _user_with_role(role: str) -> User:
    return UserFactory(role=role)


@pytest.fixture
def planner(db) -> User:
    return _user_with_role(Role.PLANNER)


@pytest.fixture
def leader(db) -> User:
    return _user_with_role(Role.LEADER)


@pytest.fixture
def admin_user(db) -> User:
    return _user_with_role(Role.ADMIN)


@pytest.fixture
def unit_head(db) -> User:
    return _user_with_role(Role.UNIT_HEAD)


@pytest.fixture
def planner_client(client: Client, planner: User) -> Client:
    client.force_login(planner)
    return client


# Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session; skipped loudly where it is absent."""
    import os

    from tests.services import require_program

    require_program(CHROMIUM, "apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls
    # from the test body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context (no cookies) at desktop size, Vietnamese first."""
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def browser_login(page, live_server, username: str, password: str) -> None:
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
