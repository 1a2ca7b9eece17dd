"""What the benchmarks that start gunicorn share: a free loopback port, the
environment of a production-settings server on plain HTTP, and the server itself
(no Django imports: the throughput harness uses it before any settings are loaded)."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 90


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


def _wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5):  # noqa: S310 - loopback URL built here
                return
        except urllib.error.HTTPError:
            return  # 503 (the broker is down) still means Django answers
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not become healthy in time")


def collectstatic(env: dict[str, str]) -> subprocess.Popen:
    """Start collecting the static files for a server of ``env`` (compressed
    and hashed, as in production: tens of seconds); ``wait()`` before
    ``gunicorn``."""
    return subprocess.Popen(  # noqa: S603 - fixed command
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
    )


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """Start gunicorn with the repository's gunicorn.conf.py and ``env`` (see
    ``server_env``; its static files collected), its output to ``log_path``;
    yield it once ``/healthz`` answers, stop it afterwards."""
    port = env["GUNICORN_BIND"].rsplit(":", 1)[1]
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - fixed command
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
            + ["nuithanh_cchc.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", server)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
