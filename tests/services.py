"""Tests that need an outside service (PostgreSQL, Redis, a program such as
``pg_dump`` or Chromium) call one of these helpers first.

On a developer's machine a missing service skips the test with a one-line reason, so
``make test`` passes on the README's defaults (SQLite, the embedded broker). In CI
(the ``CI`` environment variable is set, see ``.ci/run``) every service is required:
the same helper fails the test instead, so nothing is silently skipped there.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def service_missing(reason: str) -> NoReturn:
    """Skip with ``reason`` locally; fail with it when ``CI`` is set."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


def require_postgresql(why: str = "needs PostgreSQL") -> None:
    """The test database must be PostgreSQL (``DATABASE_URL=postgres://…``)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing(f"{why}; DATABASE_URL is {connection.vendor}")


def require_redis(url: str, why: str = "needs Redis") -> None:
    """``url`` must be a ``redis://`` URL of a server that answers PING."""
    import redis

    if not url.startswith("redis://"):
        service_missing(f"{why}; not a Redis URL: {url}")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_missing(f"{why}; Redis is unreachable at {url}: {exc}")


def require_program(name: str, hint: str = "") -> str:
    """The path of the program ``name`` (e.g. ``pg_dump``, ``redis-server``)."""
    path = shutil.which(name) or (name if os.path.isabs(name) else None)
    if not path or not os.path.exists(path):
        service_missing(f"{name} is not installed" + (f" ({hint})" if hint else ""))
    return path
