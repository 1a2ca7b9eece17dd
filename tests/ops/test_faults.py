"""Fault tests on the real services: PostgreSQL, Redis and a Celery worker.

Redis faults use a private redis-server started by the test (never the shared one);
PostgreSQL faults terminate only the test's own connection.
"""

from __future__ import annotations

from contextlib import contextmanager

import psycopg2
import pytest
from django.db import connection
from django.test import Client

from campaigns.models import ContentTheme, Objective, Plan


def _terminate_backend(pid: int) -> None:
    """From a second connection: end the server process of ``pid`` and wait for it."""
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


@contextmanager
def connection_dropped_before(sql_fragment: str):
    """Drop the request's database connection just before the first query that
    contains ``sql_fragment``: the statement runs on a dead connection."""
    state = {"dropped": False}

    def wrapper(execute, sql, params, many, context):
        if not state["dropped"] and sql_fragment in sql:
            state["dropped"] = True
            _terminate_backend(context["connection"].connection.get_backend_pid())
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(wrapper):
            yield state
    finally:
        # The test client keeps the connection across requests (a real server
        # closes an unusable one when the request ends): reconnect for the checks.
        connection.close()


def _plan_form(title: str) -> dict[str, object]:
    return {
        "title": title,
        "year": 2025,
        "number": "12/KH-UBND",
        "issuer": "UBND huyện Núi Thành",
        "status": "draft",
        "general_goal": "Nâng cao nhận thức về CCHC.",
        "objectives-TOTAL_FORMS": 1,
        "objectives-INITIAL_FORMS": 0,
        "objectives-0-description": "100% cơ quan lồng ghép CCHC vào họp định kỳ",
        "objectives-0-kind": "specific",
        "objectives-0-order": 0,
        "themes-TOTAL_FORMS": 1,
        "themes-INITIAL_FORMS": 0,
        "themes-0-title": "Quan điểm của Đảng về CCHC",
        "themes-0-order": 0,
    }


@pytest.mark.django_db(transaction=True)
def test_connection_lost_mid_save_shows_the_error_page_and_writes_nothing(
    admin_user,
) -> None:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    # The plan row is inserted, then the connection dies before its themes.
    with connection_dropped_before('INSERT INTO "campaigns_contenttheme"') as state:
        response = client.post("/admin/campaigns/plan/add/", _plan_form("Kế hoạch A"))

    assert state["dropped"]
    assert response.status_code == 500
    assert "Đã xảy ra sự cố" in response.content.decode()
    assert Plan.objects.filter(title="Kế hoạch A").count() == 0
    assert Objective.objects.count() == 0
    assert ContentTheme.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_next_request_after_a_lost_connection_works(admin_user) -> None:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    with connection_dropped_before('INSERT INTO "campaigns_contenttheme"'):
        client.post("/admin/campaigns/plan/add/", _plan_form("Kế hoạch A"))

    response = client.post("/admin/campaigns/plan/add/", _plan_form("Kế hoạch B"))

    assert response.status_code == 302
    plan = Plan.objects.get(title="Kế hoạch B")
    assert plan.objectives.count() == 1
    assert plan.themes.count() == 1
