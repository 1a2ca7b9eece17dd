"""Helpers for tests that start real processes (Celery workers) on the test database."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

from django.db import connection


def database_url() -> str:
    """The test database (``test_<name>``) as a URL for a child process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def worker_env(
    tmp_path: Path, *, broker: str, backend: str, mail_dir: Path, **extra: str
) -> dict[str, str]:
    """The environment of a worker on the test database, writing mail to files."""
    env = {key: value for key, value in os.environ.items() if key != "EMAIL_URL"}
    return env | {
        "DEBUG": "true",
        "SECRET_KEY": "worker-test-only",
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": backend,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        **extra,
    }


def celery_worker_command(name: str) -> list[str]:
    """A prefork worker with two processes and a unique name."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "nuithanh_cchc",
        "worker",
        "--pool=prefork",
        "--concurrency=2",
        "--loglevel=INFO",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
        f"--hostname={name}-{uuid.uuid4().hex[:8]}@%h",
    ]
