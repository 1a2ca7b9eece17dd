"""The throughput harness's results and their markdown (benchmarks/throughput.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.loadgen import percentile

FLOOR = "/_bench/floor/"
GROWTH_GOAL = 1.5  # scale-10 p50 over scale-1's
FIRST_VIEW_GOAL_MS = 300.0  # the yearly report after a write, at scale 10


@dataclass
class PageResult:
    name: str
    goal: float
    paths: int
    users: int
    rps: float
    floor_rps: float
    ratio: float  # median over the pairs of page req/s / floor req/s
    p50_ms: float
    p95_ms: float
    requests: int
    errors: int
    client_cpu: float  # the load generator's CPU over the runs' time: share of a core
    growth: float | None = None  # scale 10: p50 over scale 1's, in floor latencies


@dataclass
class Result:
    scale: int
    year: int
    tasks: int
    all_tasks: int
    settings: str
    pages: list[PageResult] = field(default_factory=list)
    floor_rps: float = 0.0
    floor_p50_ms: float = 0.0
    floor_client_cpu: float = 0.0
    first_views_ms: list[float] = field(default_factory=list)
    writes_ms: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    worker_rss_mib: float = 0.0
    load: str = ""


def compare(result: Result, earlier: Result) -> None:
    """Each page's p50 over ``earlier``'s (scale 1), in floor latencies: the two
    runs did not see the same load on a shared machine."""
    base = {page.name: page for page in earlier.pages}
    for page in result.pages:
        before = base.get(page.name)
        if before and before.p50_ms and result.floor_p50_ms:
            page.growth = (page.p50_ms / before.p50_ms) * (
                earlier.floor_p50_ms / result.floor_p50_ms
            )


def _verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def report(result: Result, command: str) -> str:
    """The markdown of one scale's run."""
    lines = [
        f"`{command}`",
        "",
        f"Scale {result.scale} ({result.all_tasks:,} tasks, {result.tasks:,} in "
        f"{result.year}); {result.settings}; load average {result.load}.",
        "",
        "| page | paths × users | req/s | % of floor | p50 ms | p95 ms | goal "
        "| result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page in result.pages:
        asked = f"{page.paths} × {page.users}"
        if result.scale == 1:
            goal, ok = f"≥ {page.goal:.0%} of floor", page.ratio >= page.goal
        elif page.growth is not None:
            goal = f"p50 ≤ {GROWTH_GOAL}× scale 1 ({page.growth:.2f}×)"
            ok = page.growth <= GROWTH_GOAL
        else:
            goal, ok = "", None
        lines.append(
            f"| {page.name} | {asked} | {page.rps:.1f} | {page.ratio:.1%} | "
            f"{page.p50_ms:.0f} | {page.p95_ms:.0f} | {goal} | "
            f"{'' if ok is None else _verdict(ok)} |"
        )
    first = result.first_views_ms
    first_line = (
        f"- Yearly report, first view after a write ({len(first)} views, each right "
        f"after a commit): p50 {percentile(first, 0.5):.0f} ms, "
        f"max {max(first, default=0):.0f} ms"
    )
    if result.scale == 10:
        ok = percentile(first, 0.5) <= FIRST_VIEW_GOAL_MS
        first_line += f" (goal ≤ {FIRST_VIEW_GOAL_MS:.0f} ms: {_verdict(ok)})"
    writes = ", ".join(
        f"{kind} p50 {percentile(ms, 0.5):.1f} ms / p95 {percentile(ms, 0.95):.1f} ms"
        for kind, ms in sorted(result.writes_ms.items())
    )
    total = sum(len(ms) for ms in result.writes_ms.values())
    page_cpu = max((page.client_cpu for page in result.pages), default=0)
    lines += [
        "",
        f"- Floor (`{FLOOR}`, session, user and 20 rows): {result.floor_rps:.0f} req/s"
        f" (median of its runs), p50 {result.floor_p50_ms:.1f} ms.",
        first_line + ".",
        f"- Writes committed by the writer process: {total:,} ({writes}).",
        f"- The load generator used {result.floor_client_cpu:.0%} of a core during "
        f"the floor runs, {page_cpu:.0%} at most during a page's.",
        f"- Largest gunicorn worker after the run: {result.worker_rss_mib:.0f} MiB RSS;"
        f" errors (non-200, failed requests, 500s in the log): {result.errors}.",
    ]
    return "\n".join(lines) + "\n"


def load(path: Path) -> Result | None:
    """A result saved as JSON (``dataclasses.asdict``), if there is one."""
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    data["pages"] = [PageResult(**page) for page in data["pages"]]
    return Result(**data)
