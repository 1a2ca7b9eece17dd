"""Whole pages kept in the cache under the data version.

A page stored for a user is served again while nothing it could show has changed:
its key holds the data version (bumped by the database on every committed write,
see triggers.py), the user, the page's address, the language, today's date, the
request's CSRF secret and a fingerprint of the code, templates, static files and
settings. Any write anywhere makes every stored page stale; pages that nobody asks
for again expire after ``PAGE_CACHE_SECONDS``, which also bounds anything that
changes with the clock alone (a sweep that turns stale) to that delay.

Only what is safe to replay is stored: a 200 HTML or JSON answer to a plain GET by a
signed-in user with a CSRF cookie, no pending messages and no cookie set by the
view. The per-request CSP nonce is put back fresh on every replay.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from .versioning import data_version

logger = logging.getLogger(__name__)

PAGE_CACHE = "pages"
NONCE_MARK = "__pagecache_csp_nonce__"
STORED_TYPES = ("text/html", "application/json")
_CODE_SUFFIXES = {".py", ".html", ".mo", ".txt", ".js", ".css"}
# Settings left out of the fingerprint: secrets, and the connection settings that
# may hold a password inside a URL or a dict. None of them changes what a page shows.
_SECRET_SETTING = re.compile(r"SECRET|PASSWORD|KEY|TOKEN|DATABASE|CACHE|BROKER|EMAIL")
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


@functools.cache
def code_fingerprint() -> str:
    """A hash of the project's code, templates, translations and static files
    (names, sizes and modification times) and of its settings, read once per
    process: neither a deploy nor a restart with other settings (say
    ``REPORT_REVIEW_REQUIRED``) replays a page rendered before it from a shared
    cache."""
    digest = hashlib.sha256()
    for name in sorted(dir(settings)):
        if name.isupper() and not _SECRET_SETTING.search(name):
            value = _ADDRESS.sub("", repr(getattr(settings, name)))
            digest.update(f"{name}={value}\n".encode())
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "locale", base / "static"]
    roots += [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
    ]
    for root in sorted(set(roots)):
        for path in sorted(root.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None when it must not be cached.

    The data version comes with the request's user (accounts/backends.py), read
    before the view reads anything; failing that, it is read here (one query),
    still before the view.
    """
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not csrf_secret or len(messages.get_messages(request)):
        return None
    parts = [
        str(request.user.pk),
        csrf_secret,
        get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    version = getattr(request.user, "data_version", None)
    if version is None:  # a session signed in through another backend
        version = data_version()
    return f"page:{code_fingerprint()}:{version}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse, csrf_secret: str) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith(STORED_TYPES)
        and not len(messages.get_messages(request))
        # The page's tokens belong to the secret of its key.
        and request.META.get("CSRF_COOKIE") == csrf_secret
    )


def _store(request: HttpRequest, response: HttpResponse, key: str) -> None:
    body = response.content.decode(response.charset)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        body = body.replace(nonce, NONCE_MARK)
    # Compressed: HTML shrinks about tenfold, for a fraction of a millisecond.
    packed = zlib.compress(body.encode(), 1)
    try:
        caches[PAGE_CACHE].set(key, (packed, dict(response.headers)))
    except Exception:  # a cache that fails (Redis down or full) costs speed only
        logger.warning("page cache: could not store %s", request.path, exc_info=True)


def _stored(request: HttpRequest, key: str) -> tuple[bytes, dict[str, str]] | None:
    try:
        return caches[PAGE_CACHE].get(key)
    except Exception:  # as above: the page is rendered instead
        logger.warning("page cache: could not read %s", request.path, exc_info=True)
        return None


def _replay(request: HttpRequest, stored: tuple[bytes, dict[str, str]]) -> HttpResponse:
    packed, headers = stored
    body = zlib.decompress(packed).decode()
    get_token(request)  # the CSRF cookie is sent again, as a render would
    if NONCE_MARK in body:
        body = body.replace(NONCE_MARK, str(request.csp_nonce))
    response = HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    return response


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page from the cache while the data version is unchanged.

    For read-only GET views whose page depends only on the data, the user, the
    address, the language and the date. Put it inside the access decorators (they
    still run on every request). A page the view refuses (403/404, a redirect) is
    never stored.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        stored = _stored(request, key)
        if stored is not None:
            return _replay(request, stored)
        csrf_secret = request.META["CSRF_COOKIE"]
        response = view(request, *args, **kwargs)
        if _storable(request, response, csrf_secret):
            _store(request, response, key)
        return response

    return wrapper
