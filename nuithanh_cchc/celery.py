"""The Celery application: configured from Django settings (CELERY_* names)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuithanh_cchc.settings")

app = Celery("nuithanh_cchc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="nuithanh_cchc.ping")
def ping() -> str:
    """Round-trip probe: proves a worker picks up messages and stores results."""
    return "pong"
