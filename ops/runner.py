"""``make run``'s process runner: every line of the ``Procfile`` in one terminal.

    python -m ops.runner [Procfile]

Each process (web, worker, beat) starts in its own process group, with ``$PORT`` and
``$HOST`` of the ``Procfile`` taken from the environment (8000 and 127.0.0.1 by
default); its output is shown line by line behind its name. Ctrl-C (or SIGTERM)
stops them all, each with SIGTERM to its main process, and waits for them: the
runner then exits 0 without a traceback or an error line. If one process stops by
itself, the others are stopped too and the runner exits 1. The runner also stops
everything when its parent ends (``make`` killed by a supervisor, an IDE's stop
button or ``timeout``), so nothing is left holding the port.

``--then COMMAND`` runs once the web port answers and the start-up output has settled,
and its output is printed last (``make run`` prints the address and demo accounts).

Ctrl-C reaches every process of the terminal's foreground group, ``make`` included,
and ``make`` always ends with an error on a SIGINT it receives. So when it runs in a
terminal, the runner takes the terminal's foreground for its own group while it runs
and gives it back when it ends: Ctrl-C reaches the runner only, and ``make run`` ends
with exit 0.
"""

from __future__ import annotations

import ctypes
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

DEFAULTS = {"PORT": "8000", "HOST": "127.0.0.1"}
STOP_TIMEOUT = 20  # seconds a process may take to stop before it is killed
COLOURS = ["36", "33", "35", "32", "34", "31"]
SETTLE_SECONDS = 1.5  # no output for this long: the start-up is over
READY_TIMEOUT = 90  # seconds to wait for the web port before ``--then`` runs anyway
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def read_procfile(path: Path) -> list[tuple[str, str]]:
    """``[(name, command), …]`` from a Procfile (``name: command`` lines)."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_-]+):\s*(.+)$", line.strip())
        if match:
            entries.append((match.group(1), match.group(2)))
    return entries


def expand(command: str, env: dict[str, str]) -> list[str]:
    """The command's words with ``$NAME`` / ``${NAME}`` replaced from ``env``."""

    def value(match: re.Match[str]) -> str:
        return env.get(match.group(1) or match.group(2), "")

    return [
        re.sub(r"\$\{(\w+)\}|\$(\w+)", value, word) for word in shlex.split(command)
    ]


class Runner:
    def __init__(self, entries: list[tuple[str, str]], env: dict[str, str]) -> None:
        self.entries = entries
        self.env = env
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = threading.Event()
        self.width = max(len(name) for name, _ in entries)
        self.colour = sys.stdout.isatty()
        self.output_lock = threading.Lock()
        self.last_output = time.monotonic()

    def say(self, name: str, text: str, index: int = -1) -> None:
        label = f"{name:<{self.width}} | "
        if self.colour:
            code = COLOURS[index % len(COLOURS)] if index >= 0 else "1"
            label = f"\033[{code}m{label}\033[0m"
        with self.output_lock:
            sys.stdout.write(label + text.rstrip("\n") + "\n")
            sys.stdout.flush()
            self.last_output = time.monotonic()

    def _pump(self, name: str, index: int, stream) -> None:
        for raw in iter(stream.readline, b""):
            self.say(name, raw.decode("utf-8", "replace"), index)
        stream.close()

    def start(self) -> None:
        for index, (name, command) in enumerate(self.entries):
            argv = expand(command, self.env)
            # The commands are the project's own Procfile lines, never user input.
            process = subprocess.Popen(  # noqa: S603  # nosec B603
                argv,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.processes[name] = process
            threading.Thread(
                target=self._pump, args=(name, index, process.stdout), daemon=True
            ).start()
            self.say("system", f"{name} started (pid {process.pid}): {' '.join(argv)}")

    def web_answers(self) -> bool:
        try:
            with socket.create_connection(
                (self.env["HOST"], int(self.env["PORT"])), timeout=1
            ):
                return True
        except OSError:
            return False

    def then(self, command: str) -> None:
        """``command``'s output, once the web port answers and the processes have
        been quiet for ``SETTLE_SECONDS``, then the address: the last lines."""
        deadline = time.monotonic() + READY_TIMEOUT
        while not self.stopping.is_set() and time.monotonic() < deadline:
            settled = time.monotonic() - self.last_output > SETTLE_SECONDS
            if settled and self.web_answers():
                break
            self.stopping.wait(0.3)
        if self.stopping.is_set():
            return
        # The command is make's own recipe text, never user input.
        result = subprocess.run(  # noqa: S603  # nosec B603
            expand(command, self.env),
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
        for line in (
            (result.stdout + result.stderr).decode("utf-8", "replace").splitlines()
        ):
            self.say("system", line)
        self.say(
            "system",
            f"http://{self.env['HOST']}:{self.env['PORT']}/ — Ctrl-C stops everything",
        )

    def wait(self) -> int:
        """Until a signal or a process ending by itself; 0 or 1."""
        while not self.stopping.is_set():
            for name, process in self.processes.items():
                if process.poll() is not None:
                    self.say(
                        "system", f"{name} stopped by itself ({process.returncode})"
                    )
                    self.stop()
                    return 1
            self.stopping.wait(0.2)
        self.stop()
        return 0

    def stop(self) -> None:
        """SIGTERM to each main process, which stops its own children (Celery's pool
        included: signalling the pool directly makes Celery log an error); whatever
        is left in a process group afterwards (runserver's reloaded child) is ended
        with it."""
        self.stopping.set()
        for process in self.processes.values():
            if process.poll() is None:
                with suppress(ProcessLookupError):
                    process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say("system", f"{name} did not stop in {STOP_TIMEOUT} s: killed")
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
        self.say("system", "stopped")


@contextmanager
def terminal_foreground():
    """While inside, this process's own group holds the terminal's foreground (when
    there is a terminal), so that Ctrl-C is the runner's alone; given back after."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        yield
        return
    try:
        previous = os.tcgetpgrp(fd)
        if previous != os.getpgrp():  # not in the foreground: leave the terminal be
            yield
            return
        os.setpgid(0, 0)
        # A background group that changes the foreground gets SIGTTOU: ignore it.
        old_ttou = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        try:
            os.tcsetpgrp(fd, os.getpgrp())
            try:
                yield
            finally:
                with suppress(OSError):
                    os.tcsetpgrp(fd, previous)
        finally:
            signal.signal(signal.SIGTTOU, old_ttou)
    finally:
        os.close(fd)


def stop_with_parent() -> None:
    """SIGTERM to this process when its parent ends (Linux), so that a ``make``
    killed outright leaves no web server, worker or beat behind."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main(argv: list[str]) -> int:
    parent = os.getppid()
    stop_with_parent()
    if os.getppid() != parent:  # the parent ended before the line above
        return 0
    then = None
    if "--then" in argv:
        at = argv.index("--then")
        then = argv[at + 1]
        argv = argv[:at] + argv[at + 2 :]
    procfile = Path(argv[0] if argv else "Procfile")
    env = {**DEFAULTS, **os.environ, "PYTHONUNBUFFERED": "1"}
    runner = Runner(read_procfile(procfile), env)

    def on_signal(signum: int, frame: object) -> None:
        if not runner.stopping.is_set():
            runner.say("system", f"{signal.Signals(signum).name}: stopping")
            runner.stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    with terminal_foreground():
        runner.start()
        if then:
            threading.Thread(target=runner.then, args=(then,), daemon=True).start()
        else:
            runner.say(
                "system",
                f"http://{env['HOST']}:{env['PORT']}/ — Ctrl-C stops everything",
            )
        return runner.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
