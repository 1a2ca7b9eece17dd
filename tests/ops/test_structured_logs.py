"""One structured log line per request and per Celery task."""

from __future__ import annotations

import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from nuithanh_cchc.celery import app, ping

pytestmark = pytest.mark.django_db


def _json_formatter() -> JsonFormatter:
    """The formatter exactly as LOGGING configures it for production."""
    options = dict(settings.LOGGING["formatters"]["json"])
    options.pop("()")
    return JsonFormatter(**options)


def _records(caplog, logger: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == logger]


def test_a_request_is_logged_once_with_user_status_and_duration(
    planner_client, planner, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="nuithanh_cchc.request")

    planner_client.get("/", REMOTE_ADDR="10.1.2.3")

    [record] = _records(caplog, "nuithanh_cchc.request")
    line = json.loads(_json_formatter().format(record))
    assert line["event"] == "request"
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["user"] == planner.username
    assert line["user_id"] == planner.pk
    assert line["ip"] == "10.1.2.3"
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert "time" in line


def test_an_anonymous_request_is_logged_without_a_user(client, caplog) -> None:
    caplog.set_level(logging.INFO, logger="nuithanh_cchc.request")

    client.get("/accounts/login/")

    [record] = _records(caplog, "nuithanh_cchc.request")
    assert record.user is None
    assert record.status == 200


def test_the_json_line_is_a_single_line(planner_client, caplog) -> None:
    caplog.set_level(logging.INFO, logger="nuithanh_cchc.request")

    planner_client.get("/?q=line%0Abreak")

    [record] = _records(caplog, "nuithanh_cchc.request")
    assert "\n" not in _json_formatter().format(record)


def test_a_server_error_is_logged_as_an_error(planner, caplog, settings) -> None:
    settings.ROOT_URLCONF = "tests.ops.urls_broken"
    caplog.set_level(logging.INFO, logger="nuithanh_cchc.request")
    client = Client(raise_request_exception=False)
    client.force_login(planner)

    response = client.get("/boom/")

    assert response.status_code == 500
    [record] = _records(caplog, "nuithanh_cchc.request")
    assert record.levelno == logging.ERROR
    assert record.status == 500
    assert record.user == planner.username


def test_the_request_id_from_the_proxy_is_kept(planner_client, caplog) -> None:
    caplog.set_level(logging.INFO, logger="nuithanh_cchc.request")

    response = planner_client.get("/", HTTP_X_REQUEST_ID="abc123def456")

    [record] = _records(caplog, "nuithanh_cchc.request")
    assert record.request_id == "abc123def456"
    assert response["X-Request-ID"] == "abc123def456"


def test_a_forged_request_id_is_replaced(planner_client, caplog) -> None:
    caplog.set_level(logging.INFO, logger="nuithanh_cchc.request")

    response = planner_client.get("/", HTTP_X_REQUEST_ID='x" injected=1')

    [record] = _records(caplog, "nuithanh_cchc.request")
    assert record.request_id == response["X-Request-ID"]
    assert len(record.request_id) == 32


def test_a_celery_task_is_logged_with_name_id_state_and_duration(caplog) -> None:
    caplog.set_level(logging.INFO, logger="nuithanh_cchc.task")

    result = ping.apply()

    [record] = _records(caplog, "nuithanh_cchc.task")
    line = json.loads(_json_formatter().format(record))
    assert line["event"] == "task"
    assert line["task"] == "nuithanh_cchc.ping"
    assert line["task_id"] == result.id
    assert line["state"] == "SUCCESS"
    assert line["duration_ms"] >= 0


def test_a_failing_celery_task_is_logged_as_an_error(caplog) -> None:
    caplog.set_level(logging.INFO, logger="nuithanh_cchc.task")

    @app.task(name="tests.ops.always_fails")
    def always_fails() -> None:
        raise ValueError("no")

    always_fails.apply()

    [record] = _records(caplog, "nuithanh_cchc.task")
    assert record.state == "FAILURE"
    assert record.levelno == logging.ERROR
