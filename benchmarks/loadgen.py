"""A small closed-loop HTTP load generator (asyncio, no dependency, no wrk).

``connections`` clients each send a GET, wait for the whole answer, and send the
next, for ``seconds``; each request takes the next (path, cookie) of a list in
turn, so a page is asked for as many users about many objects. One connection
per request, ``Connection: close``: gunicorn's sync workers close it anyway.

When the time is up no new request is sent and the ones in flight are waited for,
so a slow page leaves no queued work behind to weigh on the next run; its req/s
is the answers over the time until the last one came back.

Only plain ``http://host:port`` addresses (the harness's loopback server).
"""

from __future__ import annotations

import asyncio
import itertools
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

TIMEOUT_SECONDS = 120  # one request; gunicorn's own timeout is the same


@dataclass
class Run:
    """One run: answers per second, latency in milliseconds, and how many answers
    were not a 200 (a redirect to the login page included) or failed."""

    rps: float
    p50_ms: float
    p95_ms: float
    requests: int
    errors: int
    latencies_ms: list[float]


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``; 0 if empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def _get(host: str, port: int, path: str, cookie: str) -> tuple[int, int]:
    """One GET; (status, body bytes). Raises OSError or asyncio errors."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Cookie: {cookie}\r\nAccept: text/html,application/json\r\n"
                "Connection: close\r\n\r\n"
            ).encode("latin-1")
        )
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].split()
    if len(status_line) < 2 or not status_line[1].isdigit():
        raise OSError(f"not an HTTP answer to {path}")
    return int(status_line[1]), len(body)


async def _hammer(
    url: str, requests: Sequence[tuple[str, str]], seconds: float, connections: int
) -> Run:
    address = urllib.parse.urlsplit(url)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    turn = itertools.cycle(requests)
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def client() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            path, cookie = next(turn)
            sent = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(
                    _get(host, port, path, cookie), TIMEOUT_SECONDS
                )
            except (OSError, TimeoutError):
                errors += 1
                continue
            latencies.append((time.perf_counter() - sent) * 1000)
            if status != 200:
                errors += 1

    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    return Run(
        rps=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        requests=len(latencies),
        errors=errors,
        latencies_ms=latencies,
    )


def hammer(
    url: str,
    requests: Sequence[tuple[str, str]],
    *,
    seconds: float,
    connections: int,
) -> Run:
    """Ask for ``requests`` ((path, Cookie header) pairs, in turn) from ``url``
    with ``connections`` concurrent clients for ``seconds``."""
    return asyncio.run(_hammer(url, requests, seconds, connections))


def get(url: str, path: str, cookie: str) -> tuple[int, int, float]:
    """One GET of ``path``: (status, body bytes, milliseconds)."""
    address = urllib.parse.urlsplit(url)
    started = time.perf_counter()
    status, size = asyncio.run(
        asyncio.wait_for(
            _get(address.hostname or "127.0.0.1", address.port or 80, path, cookie),
            TIMEOUT_SECONDS,
        )
    )
    return status, size, (time.perf_counter() - started) * 1000
