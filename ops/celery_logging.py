"""One structured log line per Celery task run: name, id, state, duration, retries."""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import signals

logger = logging.getLogger("nuithanh_cchc.task")

# Start times by task id, per worker process (a prefork child runs one at a time).
_started: dict[str, float] = {}


def _task_started(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


def _task_finished(
    task_id: str | None = None,
    task: Any = None,
    state: str | None = None,
    **kwargs: Any,
) -> None:
    started = _started.pop(task_id or "", None)
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    name = getattr(task, "name", None)
    request = getattr(task, "request", None)
    retries = getattr(request, "retries", 0) or 0
    level = logging.ERROR if state == "FAILURE" else logging.INFO
    logger.log(
        level,
        "task %s %s %s %sms",
        name,
        task_id,
        state,
        duration_ms,
        extra={
            "event": "task",
            "task": name,
            "task_id": task_id,
            "state": state,
            "duration_ms": duration_ms,
            "retries": retries,
        },
    )


def connect() -> None:
    """Idempotent: dispatch_uid keeps one receiver however often ready() runs."""
    signals.task_prerun.connect(
        _task_started, weak=False, dispatch_uid="ops.task_started"
    )
    signals.task_postrun.connect(
        _task_finished, weak=False, dispatch_uid="ops.task_finished"
    )
