from __future__ import annotations

import pytest


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A private redis-server on a free loopback port, that tests may stop and start.

    Never the shared server: fault tests kill this one only.
    """

    def __init__(self, directory) -> None:
        import shutil

        self.binary = shutil.which("redis-server")
        self.directory = directory
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import subprocess
        import time

        import redis

        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the throwaway redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def throwaway_redis(tmp_path):
    from tests.services import require_program

    require_program("redis-server", "apt-get install redis-server")
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    server.stop()


class WorkerProcess:
    """A real Celery worker (prefork, two processes) in its own process group."""

    def __init__(self, env: dict[str, str], log_path) -> None:
        self.env = env
        self.log_path = log_path
        self.process = None

    def start(self) -> None:
        import subprocess
        from pathlib import Path

        from tests.processes import celery_worker_command

        root = Path(__file__).resolve().parents[2]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                celery_worker_command("fault"),
                cwd=root,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the main process and its pool at once, like a power cut."""
        import os
        import signal

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        import subprocess

        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
