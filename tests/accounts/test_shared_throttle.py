"""With CACHE_URL set to Redis, every web worker counts reset requests against
one limit (a per-process count would let N workers allow N times the limit)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from tests.services import require_redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")

# One "worker": a fresh Python process with the project's settings that files
# one reset request for the address (and a client of its own, so that runs do
# not share counts) and prints whether it was allowed.
WORKER = """
import django
django.setup()
from accounts.services import password_reset_allowed
print(password_reset_allowed(email={email!r}, client={email!r}))
"""


def _worker(email: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nuithanh_cchc.settings",
        "CACHE_URL": REDIS_URL,
        "DATABASE_URL": "sqlite:///:memory:",
        "PASSWORD_RESET_MAX_PER_HOUR": "2",
    }
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", WORKER.format(email=email)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_reset_requests_are_counted_across_worker_processes() -> None:
    require_redis(REDIS_URL, "the shared throttle counts in Redis")
    email = f"{uuid.uuid4().hex}@example.gov.vn"

    answers = [_worker(email) for _ in range(3)]

    assert answers == ["True", "True", "False"]
