"""Pages served again from the cache while the data version stands still
(pagecache/pages.py), and never when they could differ."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from campaigns.models import Task, Unit
from tests.factories import TaskFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'<meta name="csp-nonce" content="([^"]+)">')


@pytest.fixture
def task(unit_head: User) -> Task:
    unit = UnitFactory(name="UBND xã Tam Xuân 1", head=unit_head)
    return TaskFactory(
        unit=unit, activity__lead_unit=unit, activity__title="Phát thanh về CCHC"
    )


def _task_url(task: Task) -> str:
    return reverse("workspace:task_detail", args=[task.pk])


def _stored(client: Client, url: str) -> None:
    """Have the page stored: a CSRF cookie first (as any page of the site
    sets), then a visit that renders and stores it."""
    client.get(reverse("planning:dashboard"))
    assert client.get(url).status_code == 200


def test_a_second_visit_is_served_from_the_cache_in_two_queries(
    client: Client, unit_head: User, task: Task, django_assert_num_queries
) -> None:
    client.force_login(unit_head)
    _stored(client, _task_url(task))
    # The session and the user (which carries the data version): nothing else.
    with django_assert_num_queries(2):
        response = client.get(_task_url(task))
    assert response.status_code == 200
    assert "Phát thanh về CCHC" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "url", "queries"),
    [
        (Role.UNIT_HEAD, "/my-tasks/", 2),
        (Role.PLANNER, "/", 2),
        (Role.LEADER, "/", 2),
        # Their role check runs on every request: the user's groups.
        (Role.LEADER, "/reports/2024/", 3),
        (Role.PLANNER, "/calendar/events.json?start=2024-03-01&end=2024-04-01", 3),
    ],
)
def test_each_cached_page_is_replayed_in_a_few_queries(
    client: Client,
    task: Task,
    role: str,
    url: str,
    queries: int,
    django_assert_num_queries,
) -> None:
    client.force_login(
        task.unit.head if role == Role.UNIT_HEAD else UserFactory(role=role)
    )
    _stored(client, url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_saved_change_shows_on_the_next_visit(
    client: Client, unit_head: User, task: Task
) -> None:
    client.force_login(unit_head)
    _stored(client, _task_url(task))
    task.activity.title = "Hội nghị tập huấn CCHC"
    task.activity.save()
    page = client.get(_task_url(task)).content.decode()
    assert "Hội nghị tập huấn CCHC" in page
    assert "Phát thanh về CCHC" not in page


def test_a_bulk_update_shows_on_the_next_visit(
    client: Client, unit_head: User, task: Task
) -> None:
    client.force_login(unit_head)
    _stored(client, _task_url(task))
    Unit.objects.filter(pk=task.unit_id).update(name="UBND xã Tam Hiệp")
    assert "UBND xã Tam Hiệp" in client.get(_task_url(task)).content.decode()


def test_another_unit_head_never_gets_a_stored_page(
    client: Client, unit_head: User, task: Task
) -> None:
    client.force_login(unit_head)
    _stored(client, _task_url(task))
    other = Client()
    other.force_login(UserFactory(role=Role.UNIT_HEAD))
    other.get(reverse("workspace:my_tasks"))  # its own CSRF cookie
    assert other.get(_task_url(task)).status_code == 404


def test_a_message_waiting_for_the_page_is_shown_not_a_stored_page(
    client: Client, planner: User
) -> None:
    client.force_login(planner)
    _stored(client, reverse("planning:dashboard"))
    client.get(reverse("reports:index"), {"year": "năm nay"})  # a message, no write
    page = client.get(reverse("planning:dashboard")).content.decode()
    assert "“năm nay” không phải là một năm" in page
    assert "không phải là một năm" not in client.get("/").content.decode()


def test_a_replayed_page_carries_this_requests_csp_nonce(
    client: Client, planner: User
) -> None:
    client.force_login(planner)
    _stored(client, reverse("planning:dashboard"))
    first, second = (client.get(reverse("planning:dashboard")) for _ in range(2))
    nonces = [NONCE.search(r.content.decode()).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]
    for response, nonce in zip((first, second), nonces, strict=True):
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_a_form_of_a_replayed_page_passes_the_csrf_check(
    unit_head: User, task: Task
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(unit_head)
    _stored(client, _task_url(task))
    page = client.get(_task_url(task)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("accounts:language"),
        {"language": "en", "next": _task_url(task), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    unit_head.refresh_from_db()
    assert unit_head.language == "en"
    assert "My tasks" in client.get(_task_url(task)).content.decode()


def test_the_next_day_is_not_served_yesterdays_page(
    client: Client, unit_head: User, task: Task
) -> None:
    client.force_login(unit_head)
    with time_machine.travel(dt.datetime(2024, 3, 31, 9, 0, tzinfo=dt.UTC)):
        _stored(client, _task_url(task))
        with CaptureQueriesContext(connection) as same_day:
            client.get(_task_url(task))
    with (
        time_machine.travel(dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC)),
        CaptureQueriesContext(connection) as next_day,
    ):
        assert client.get(_task_url(task)).status_code == 200
    assert len(same_day.captured_queries) == 2  # replayed
    assert len(next_day.captured_queries) > 2  # rendered again


def test_a_failing_cache_costs_speed_not_the_page(
    client: Client, unit_head: User, task: Task, monkeypatch
) -> None:
    from django.core.cache import caches

    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caches["pages"], "get", broken)
    monkeypatch.setattr(caches["pages"], "set", broken)
    client.force_login(unit_head)
    for _ in range(3):
        response = client.get(_task_url(task))
        assert response.status_code == 200
        assert "Phát thanh về CCHC" in response.content.decode()


def test_page_cache_seconds_zero_turns_the_stored_pages_off(
    client: Client, unit_head: User, task: Task, settings
) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "TIMEOUT": 0},
    }
    client.force_login(unit_head)
    _stored(client, _task_url(task))
    with CaptureQueriesContext(connection) as visit:
        assert client.get(_task_url(task)).status_code == 200
    assert len(visit.captured_queries) > 2


def test_a_restart_with_other_settings_renders_the_page_again(
    client: Client, unit_head: User, task: Task, settings
) -> None:
    from pagecache.pages import code_fingerprint

    client.force_login(unit_head)
    _stored(client, _task_url(task))
    settings.REPORT_REVIEW_REQUIRED = not settings.REPORT_REVIEW_REQUIRED
    code_fingerprint.cache_clear()  # what a new process does
    try:
        with CaptureQueriesContext(connection) as visit:
            assert client.get(_task_url(task)).status_code == 200
    finally:
        code_fingerprint.cache_clear()
    assert len(visit.captured_queries) > 2
