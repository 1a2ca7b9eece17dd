"""Project-level views: the health check."""

from __future__ import annotations

import concurrent.futures
import ipaddress
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

T = TypeVar("T")

# A sweep runs every day at 07:30; older than this, beat is probably down.
SWEEP_STALE_AFTER_HOURS = 26
# Each service must connect and answer within this (seconds)…
CHECK_TIMEOUT_SECONDS = 1.0
# …and /healthz answers within this whatever hangs: a service that accepts a
# connection and never answers would otherwise hold the poll for minutes.
ANSWER_WITHIN_SECONDS = 2.5
# The checks run side by side in these threads. A check stuck past the deadline
# keeps its thread until its socket times out; with every thread stuck, later
# checks wait in the queue and miss their deadline too, so they still say "error".
_checks = concurrent.futures.ThreadPoolExecutor(
    max_workers=6, thread_name_prefix="healthz"
)


def _database_state() -> str:
    """``SELECT 1`` on a connection of this thread, closed afterwards."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return f"error: {exc}"
    finally:
        connections.close_all()
    return "ok"


def _queue_length(broker: Connection) -> int | str:
    """Messages waiting in the default queue (Redis LLEN, files on the filesystem)."""
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    try:
        channel = broker.default_channel
        if hasattr(channel, "_size"):  # kombu's virtual transports: redis, filesystem
            return int(channel._size(queue))
        # A real channel (amqp) declares queues; kombu's StdChannel stub omits it.
        declared = channel.queue_declare(queue=queue, passive=True)  # type: ignore[attr-defined]
        return int(declared.message_count)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc}"


def _broker_state() -> tuple[str, int | str | None]:
    """Whether the broker answers, and the length of its default queue (None
    when it does not answer)."""
    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        # Redis: no wait on a server that accepted the connection and went quiet.
        "socket_timeout": CHECK_TIMEOUT_SECONDS,
        "socket_connect_timeout": CHECK_TIMEOUT_SECONDS,
    }
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=options,
            connect_timeout=CHECK_TIMEOUT_SECONDS,
        ) as broker:
            # kombu takes the seconds as a float; its stub says int.
            broker.ensure_connection(
                max_retries=0,
                timeout=CHECK_TIMEOUT_SECONDS,  # type: ignore[arg-type]
            )
            return "ok", _queue_length(broker)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc}", None


def _cache_state() -> str:
    """A value written to and read back from the default cache (Redis when
    CACHE_URL is set: the password-reset throttle counts there)."""
    key, value = "healthz", uuid.uuid4().hex
    try:
        cache = caches["default"]
        cache.set(key, value, 10)
        if cache.get(key) != value:
            return "error: the value written was not read back"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc}"
    return "ok"


LATE = f"error: no answer within {ANSWER_WITHIN_SECONDS:g} s"


def _within_deadline(*checks: Callable[[], T]) -> list[T | None]:
    """The checks' results, run side by side; None for one that has not
    answered ANSWER_WITHIN_SECONDS after they started."""
    futures = [_checks.submit(check) for check in checks]
    concurrent.futures.wait(futures, timeout=ANSWER_WITHIN_SECONDS)
    return [future.result() if future.done() else None for future in futures]


def _last_sweep() -> dict[str, object] | str | None:
    """The last reminder sweep; informative only, never turns the check red."""
    from campaigns.models import ReminderSweep

    try:
        sweep = ReminderSweep.objects.order_by("-started_at").first()
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc}"
    if sweep is None:
        return None
    age_hours = (timezone.now() - sweep.started_at).total_seconds() / 3600
    return {
        "day": sweep.day.isoformat(),
        "started_at": sweep.started_at.isoformat(),
        "finished_at": sweep.finished_at.isoformat() if sweep.finished_at else None,
        "reminders_created": sweep.reminders_created,
        "emails_queued": sweep.emails_queued,
        "error": sweep.error,
        "age_hours": round(age_hours, 1),
        "stale": age_hours > SWEEP_STALE_AFTER_HOURS,
    }


def _may_see_details(request: HttpRequest) -> bool:
    """Staff, or a request from the host itself (a monitor on the server), not
    one that came through the proxy (which forwards the visitor's address)."""
    user = getattr(request, "user", None)
    if (
        user is not None
        and user.is_authenticated
        and (user.is_staff or user.has_role("admin"))
    ):
        return True
    forwarded = any(
        request.META.get(header)
        for header in ("HTTP_X_REAL_IP", "HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED")
    )
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return peer.is_loopback and not forwarded


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, broker and cache state; 503 when one is down (for load
    balancers), within ANSWER_WITHIN_SECONDS whatever hangs.

    Also the broker's queue length and the last reminder sweep, for whoever watches
    the service; those never change the status code.
    """
    database, broker_state, cache = _within_deadline(
        _database_state, _broker_state, _cache_state
    )
    database, cache = database or LATE, cache or LATE
    broker, queue_length = broker_state or (LATE, None)
    healthy = database == "ok" and broker == "ok" and cache == "ok"
    if not _may_see_details(request):
        # Strangers learn the status only: no hosts, roles, ports or statistics.
        return JsonResponse(
            {"status": "ok" if healthy else "error"}, status=200 if healthy else 503
        )
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": database,
            "broker": broker,
            "cache": cache,
            "queue_length": queue_length,
            "last_reminder_sweep": _last_sweep() if database == "ok" else None,
        },
        status=200 if healthy else 503,
    )
