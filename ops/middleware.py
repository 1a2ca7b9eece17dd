"""One structured log line per request: who, what, how it ended, how long it took."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

from .security import client_ip

logger = logging.getLogger("nuithanh_cchc.request")

# A request id from the proxy is kept only when it looks like one (no log injection).
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _user_fields(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None:
        return {"user": None, "user_id": None}
    try:
        if user.is_authenticated:
            return {"user": user.get_username(), "user_id": user.pk}
    except Exception:  # noqa: BLE001 - the database may be the reason we are failing
        return {"user": None, "user_id": None}
    return {"user": None, "user_id": None}


class RequestLogMiddleware:
    """Outermost middleware: times the whole stack and logs the outcome."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # ours, not Django's
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request_id
        if request.path.startswith(self.static_prefix):
            level = logging.DEBUG
        elif response.status_code >= 500:
            level = logging.ERROR
        else:
            level = logging.INFO
        if logger.isEnabledFor(level):
            user = _user_fields(request)
            logger.log(
                level,
                "%s %s %s %.1fms user=%s",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                user["user"] or "-",
                extra={
                    "event": "request",
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "ip": client_ip(request),
                    "request_id": request_id,
                    "htmx": "HTTP_HX_REQUEST" in request.META,
                    **user,
                },
            )
        return response


# When the session's expiry was last pushed forward (seconds since the epoch).
IDLE_SEEN_KEY = "_idle_seen"


def mark_session_seen(session: SessionBase) -> None:
    session[IDLE_SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Push a signed-in user's session expiry forward when they use the site.

    What SESSION_SAVE_EVERY_REQUEST would do, with two differences: requests to
    ``SESSION_IDLE_IGNORE_PATHS`` (background polls) do not count, so a tab left
    open still logs its user out after ``SESSION_COOKIE_AGE`` seconds; and the
    session row is rewritten at most every ``SESSION_IDLE_REFRESH_SECONDS`` (60),
    not on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.ignored = tuple(getattr(settings, "SESSION_IDLE_IGNORE_PATHS", ()))
        self.refresh = getattr(settings, "SESSION_IDLE_REFRESH_SECONDS", 60)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            session is not None
            and not request.path.startswith(self.ignored)
            and not session.is_empty()
            and int(time.time()) - session.get(IDLE_SEEN_KEY, 0) >= self.refresh
        ):
            mark_session_seen(session)
        return response
