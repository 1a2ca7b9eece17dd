"""``make run`` in a terminal: web, worker and beat start, the address comes last, and
one Ctrl-C stops them all quietly, ``make`` included, with exit status 0; a SIGTERM to
``make`` (a supervisor, an IDE's stop button) stops them too.

A real terminal (a pseudo-terminal): Ctrl-C is the byte 0x03 typed into it, which the
terminal turns into SIGINT for its foreground process group, as for a person.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import socket
import subprocess
import sys
import termios
import time
import urllib.request
from pathlib import Path

import pytest

from tests.services import require_program

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 120

pytestmark = pytest.mark.celery_worker


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Terminal:
    """A command on its own pseudo-terminal (its controlling terminal)."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.master, slave = os.openpty()

        def controlling_terminal() -> None:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            preexec_fn=controlling_terminal,  # noqa: PLW1509 - a test harness
        )
        os.close(slave)
        self.output = b""

    def read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.output += os.read(self.master, 65536)
            except OSError:  # the terminal closed: everyone left
                time.sleep(timeout)

    def wait_for(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            self.read(0.2)
        raise AssertionError(f"{what}:\n{self.text}")

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    @property
    def text(self) -> str:
        return re.sub(r"\x1b\[[0-9;]*m", "", self.output.decode("utf-8", "replace"))

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


def _web_answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(  # noqa: S310 - loopback
            f"http://127.0.0.1:{port}/healthz", timeout=2
        ) as response:
            return response.status in (200, 503)
    except OSError as exc:
        return getattr(exc, "code", None) in (200, 503)


def _run_env(tmp_path: Path, port: int) -> dict[str, str]:
    """The README's defaults (SQLite, the embedded broker) in a private var/ folder,
    migrated."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "CELERY_", "REDIS_URL", "PYTEST_"))
    } | {
        "DEBUG": "true",
        "VAR_DIR": str(tmp_path / "var"),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


def _makefile(tmp_path: Path) -> Path:
    """`make run` without its install and demo steps: the same runner, Procfile and
    last lines, started the way the project's Makefile starts it."""
    recipe = (
        f"exec {sys.executable} -m ops.runner Procfile"
        f' --then "{sys.executable} manage.py demo_logins"'
    )
    makefile = tmp_path / "Makefile"
    makefile.write_text(f"run:\n\t{recipe}\n")
    return makefile


def _started_pids(text: str) -> list[int]:
    return [int(pid) for pid in re.findall(r"started \(pid (\d+)\)", text)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_address_and_demo_accounts_come_last_and_ctrl_c_stops_all_with_exit_0(
    tmp_path,
) -> None:
    make = require_program("make")
    port = _free_port()
    env = _run_env(tmp_path, port)
    terminal = Terminal([make, "-f", str(_makefile(tmp_path)), "run"], env, ROOT)
    try:
        terminal.wait_for(
            lambda: _web_answers(port), STARTUP_TIMEOUT, "the web server never answered"
        )
        terminal.wait_for(
            lambda: "ready." in terminal.text,
            STARTUP_TIMEOUT,
            "the worker never started",
        )
        terminal.wait_for(
            lambda: "beat: Starting" in terminal.text,
            STARTUP_TIMEOUT,
            "beat never started",
        )
        terminal.wait_for(
            lambda: "Ctrl-C stops everything" in terminal.text,
            STARTUP_TIMEOUT,
            "the address was never printed",
        )
        startup = terminal.text

        terminal.type(b"\x03")  # Ctrl-C
        terminal.wait_for(
            lambda: terminal.process.poll() is not None, 60, "make did not stop"
        )
        terminal.read(0.5)
    finally:
        terminal.close()

    last_lines = startup.rstrip().splitlines()[-2:]
    assert "Chưa có dữ liệu mẫu" in last_lines[0], startup
    assert f"http://127.0.0.1:{port}/" in last_lines[1], startup
    assert terminal.process.returncode == 0, terminal.text
    after_ctrl_c = terminal.text.split("SIGINT: stopping", 1)[1]
    for noise in ("ERROR", "Traceback", "exited with", "make: ***", "Error 130"):
        assert noise not in after_ctrl_c, terminal.text
    assert "system | stopped" in after_ctrl_c


def test_sigterm_to_make_leaves_no_process_behind(tmp_path) -> None:
    make = require_program("make")
    port = _free_port()
    env = _run_env(tmp_path, port)
    terminal = Terminal([make, "-f", str(_makefile(tmp_path)), "run"], env, ROOT)
    try:
        terminal.wait_for(
            lambda: len(_started_pids(terminal.text)) == 3,
            STARTUP_TIMEOUT,
            "web, worker and beat never started",
        )
        terminal.wait_for(
            lambda: _web_answers(port), STARTUP_TIMEOUT, "the web server never answered"
        )
        pids = _started_pids(terminal.text)

        terminal.process.send_signal(signal.SIGTERM)  # to make alone
        terminal.wait_for(
            lambda: not any(_alive(pid) for pid in pids),
            60,
            "a process outlived make",
        )
    finally:
        terminal.close()

    assert not _web_answers(port)
