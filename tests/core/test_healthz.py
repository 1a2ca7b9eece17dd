from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_when_database_broker_and_cache_answer(client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["broker"], body["cache"]) == (
        "ok",
        "ok",
        "ok",
        "ok",
    )


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("error:")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """``redis://`` to a local server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def _redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    }


def _timed_get(client) -> tuple[float, object]:
    started = time.monotonic()
    response = client.get("/healthz")
    return time.monotonic() - started, response


def test_a_broker_that_never_answers_is_a_503_within_3_seconds(
    client, silent_server
) -> None:
    with override_settings(
        CELERY_BROKER_URL=silent_server, CELERY_BROKER_TRANSPORT_OPTIONS={}
    ):
        elapsed, response = _timed_get(client)

    assert response.status_code == 503
    assert response.json()["broker"].startswith("error:")
    assert elapsed < 3, f"{elapsed:.1f} s"


def test_a_cache_that_never_answers_is_a_503_within_3_seconds(
    client, silent_server
) -> None:
    with override_settings(CACHES=_redis_cache(silent_server)):
        elapsed, response = _timed_get(client)

    assert response.status_code == 503
    assert response.json()["cache"].startswith("error:")
    assert elapsed < 3, f"{elapsed:.1f} s"


def test_a_cache_that_is_down_is_a_503(client) -> None:
    with override_settings(CACHES=_redis_cache("redis://127.0.0.1:1/0")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"].startswith("error:")


def test_strangers_get_the_status_only(client, silent_server) -> None:
    with override_settings(
        CELERY_BROKER_URL=silent_server, CELERY_BROKER_TRANSPORT_OPTIONS={}
    ):
        response = client.get("/healthz", HTTP_X_REAL_IP="203.0.113.7")

    assert response.status_code == 503
    assert response.json() == {"status": "error"}
