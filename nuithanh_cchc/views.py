"""Project-level views: the health check."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

# A sweep runs every day at 07:30; older than this, beat is probably down.
SWEEP_STALE_AFTER_HOURS = 26


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return f"error: {exc}"
    return "ok"


def _queue_length(broker: Connection) -> int | str:
    """Messages waiting in the default queue (Redis LLEN, files on the filesystem)."""
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    try:
        channel = broker.default_channel
        if hasattr(channel, "_size"):  # kombu's virtual transports: redis, filesystem
            return int(channel._size(queue))
        return int(channel.queue_declare(queue=queue, passive=True).message_count)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc}"


def _broker_state() -> tuple[str, int | str | None]:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=2,
        ) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
            return "ok", _queue_length(broker)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc}", None


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
    """Database and broker state; 503 when either is down (for load balancers).

    Also the broker's queue length and the last reminder sweep, for whoever watches
    the service; those never change the status code.
    """
    database = _database_state()
    broker, queue_length = _broker_state()
    healthy = database == "ok" and broker == "ok"
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
            "queue_length": queue_length,
            "last_reminder_sweep": _last_sweep() if database == "ok" else None,
        },
        status=200 if healthy else 503,
    )
