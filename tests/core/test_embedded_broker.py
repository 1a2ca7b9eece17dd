"""The local default broker (kombu's filesystem transport) really carries tasks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.celery_worker
def test_embedded_broker_carries_a_task_from_worker_to_result(
    tmp_path, monkeypatch
) -> None:
    # Celery lets these variables override an app's own configuration (CI sets
    # them to Redis); this test is about the default that needs no server.
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    var = tmp_path / "var"
    env = os.environ | {"VAR_DIR": str(var), "DEBUG": "true", "SECRET_KEY": "test-only"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nuithanh_cchc",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        queue = var / "broker" / "queue"
        # Not the current app: later tests' tasks must not land in this broker.
        client = Celery(
            set_as_current=False,
            broker="filesystem://",
            backend=f"file://{var / 'celery-results'}",
            broker_transport_options={
                "data_folder_in": str(queue),
                "data_folder_out": str(queue),
                "processed_folder": str(var / "broker" / "processed"),
                "control_folder": str(var / "broker" / "control"),
            },
        )
        queue.mkdir(parents=True, exist_ok=True)
        (var / "celery-results").mkdir(parents=True, exist_ok=True)

        result = client.send_task("nuithanh_cchc.ping")

        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert b"Traceback" not in output, output.decode()
