"""What the benchmarks that start gunicorn share: a free loopback port and the
environment of a production-settings server on plain HTTP (no Django imports:
the throughput harness uses it before any settings are loaded)."""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(tmp: Path, port: int, **extra: str) -> dict[str, str]:
    """This process's environment with production settings (DEBUG off, a fresh
    SECRET_KEY) for a gunicorn bound to ``127.0.0.1:port``, its files under
    ``tmp``; ``extra`` adds or overrides variables."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        # Plain HTTP on loopback: no TLS redirect, cookies not limited to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        "VAR_DIR": str(tmp / "var"),
        "STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "INFO",
    }
    return env | extra
