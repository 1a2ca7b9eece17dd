"""A small closed-loop HTTP load generator (standard library only, no wrk).

``connections`` clients each send a GET, wait for the whole answer, and send the
next, for ``seconds``; each request takes the next (path, cookie) of a list in
turn, so a page is asked for as many users about many objects. One connection per
request, ``Connection: close`` (gunicorn's sync workers close it anyway).

When the time is up no new request is sent and the ones in flight are waited for,
so a slow page leaves no queued work behind to weigh on the next run; req/s is the
answers over the time until the last one came back.

It shares the machine with the server, so it is written to cost little: one
thread, non-blocking sockets and ``selectors``, nothing parsed but the status
(0.1-0.2 ms of CPU a request on the 2-core benchmark machine; asyncio's streams
took 0.5-0.8 ms). ``Run.client_cpu_s`` says what it took. Plain ``http://`` only.
"""

from __future__ import annotations

import http.client
import itertools
import resource
import selectors
import socket
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

TIMEOUT_SECONDS = 120  # one request; gunicorn's own timeout is the same
CHUNK = 65_536


@dataclass
class Run:
    """One run: answers per second, latency in milliseconds, the answers that
    were not a 200 (a redirect to the login page included) or failed, and the
    CPU seconds the generator itself used."""

    rps: float
    p50_ms: float
    p95_ms: float
    requests: int
    errors: int
    elapsed_s: float
    client_cpu_s: float
    latencies_ms: list[float]


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``; 0 if empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _address(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class _Request:
    sock: socket.socket
    pending: bytes  # still to send
    started: float
    head: bytes = b""  # the first bytes of the answer: its status line


def hammer(
    url: str,
    requests: Sequence[tuple[str, str]],
    *,
    seconds: float,
    connections: int,
) -> Run:
    """Ask for ``requests`` ((path, Cookie header) pairs, in turn) from ``url``
    with ``connections`` concurrent clients for ``seconds``."""
    host, port = _address(url)
    raw = itertools.cycle(
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
            "Accept: text/html,application/json\r\nConnection: close\r\n\r\n"
        ).encode("latin-1")
        for path, cookie in requests
    )
    selector = selectors.DefaultSelector()
    latencies: list[float] = []
    errors = 0
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    deadline = started + seconds

    def send_next() -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex((host, port))
        request = _Request(sock, next(raw), time.perf_counter())
        selector.register(sock, selectors.EVENT_WRITE, request)

    def finish(request: _Request, *, failed: bool) -> None:
        nonlocal errors
        selector.unregister(request.sock)
        request.sock.close()
        if failed:
            errors += 1
        else:
            latencies.append((time.perf_counter() - request.started) * 1000)
            if request.head[9:12] != b"200":
                errors += 1
        if time.perf_counter() < deadline:
            send_next()

    for _ in range(connections):
        send_next()
    while selector.get_map():
        for key, _ in selector.select(timeout=1):
            request: _Request = key.data
            try:
                if request.pending:
                    sent = request.sock.send(request.pending)
                    request.pending = request.pending[sent:]
                    if not request.pending:
                        selector.modify(request.sock, selectors.EVENT_READ, request)
                    continue
                chunk = request.sock.recv(CHUNK)
            except OSError:
                finish(request, failed=True)
                continue
            if chunk:
                if len(request.head) < 12:
                    request.head += chunk[:12]
            else:
                finish(request, failed=len(request.head) < 12)
        now = time.perf_counter()
        for key in list(selector.get_map().values()):
            if now - key.data.started > TIMEOUT_SECONDS:
                finish(key.data, failed=True)
    elapsed = time.perf_counter() - started
    selector.close()
    return Run(
        rps=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        requests=len(latencies),
        errors=errors,
        elapsed_s=elapsed,
        client_cpu_s=_cpu_seconds() - cpu_before,
        latencies_ms=latencies,
    )


def get(url: str, path: str, cookie: str) -> tuple[int, int, float]:
    """One GET of ``path``: (status, body bytes, milliseconds)."""
    host, port = _address(url)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        size = len(response.read())
    finally:
        connection.close()
    return response.status, size, (time.perf_counter() - started) * 1000
