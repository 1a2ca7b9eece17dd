"""The report's figures in Django's cache, under keys that name their inputs.

Two levels, both keyed by the plan's revisions (:mod:`campaigns.revisions`),
read before the data they key:

- each part of the plan (:mod:`reports.parts`): ids and numbers, keyed by
  ``(plan, part, part's revision, period, as-of day, list limit, settings)``;
  after a write one part is recomputed and the others read from here;
- the folded figures of the report (its rows, with names), keyed by
  ``(plan, every part's revision, period, as-of day, list limit, language,
  settings, catalogue names)``; the exported files are kept under the same key
  with their format and document number.

A key also names the code that computes the value (a digest of the report's
modules), so a deploy that changes a rule never reads figures of the old rule.
Nothing here stores a page. A cache that fails (a Redis down) is skipped: the
figures are computed as if nothing were cached.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from audiences.models import AudienceGroup
from channels.models import Channel

logger = logging.getLogger(__name__)

T = TypeVar("T")

# The modules whose code decides a cached value.
_CODE = (
    "breakdowns.py",
    "rollup.py",
    "caching.py",
    "cubes.py",
    "figures.py",
    "parts.py",
    "selectors.py",
    "tracking.py",
)
_DOMAIN_CODE = (
    "campaigns/as_of.py",
    "campaigns/figures.py",
    "campaigns/models/tasks.py",
)


@functools.cache
def code_digest() -> str:
    """A digest of the report's code, read once per process."""
    hasher = hashlib.blake2b(digest_size=8)
    folder = Path(__file__).resolve().parent
    for name in _CODE:
        hasher.update((folder / name).read_bytes())
    # The domain's definitions of the figures and of "as of a day".
    for name in _DOMAIN_CODE:
        hasher.update((folder.parent / name).read_bytes())
    # The page's templates: an ETag must change with them.
    templates = folder.parent / "templates"
    for name in ("base.html", "reports/year.html"):
        hasher.update((templates / name).read_bytes())
    return hasher.hexdigest()


def timeout() -> int:
    return int(getattr(settings, "REPORT_CACHE_SECONDS", 7 * 24 * 3600))


def enabled() -> bool:
    return timeout() > 0


def _settings_part() -> str:
    """The settings that change figures."""
    return f"r{int(bool(settings.REPORT_REVIEW_REQUIRED))}-{settings.TIME_ZONE}"


def digest(*parts: object) -> str:
    return hashlib.blake2b(
        repr(parts).encode(), digest_size=12, usedforsecurity=False
    ).hexdigest()


def part_key(
    plan_id: int, part: int, revision: int, period: str, as_of: dt.date, limit: int
) -> str:
    """The key of one part's figures."""
    return (
        f"report-part:{code_digest()}:{plan_id}:{part}:{revision}:{period}:"
        f"{as_of.isoformat()}:{limit}:{_settings_part()}"
    )


def catalogue_names() -> str:
    """A digest of the names the rows read from the organisation's catalogues
    (channels and audience groups; units and plan rows bump the revisions)."""
    return digest(
        list(
            Channel.objects.order_by("pk").values_list(
                "pk", "name", "output_unit", "form", "color", "order"
            )
        ),
        list(AudienceGroup.objects.order_by("pk").values_list("pk", "name")),
    )


def figures_key(
    plan_id: int,
    revisions: Iterable[int],
    period: str,
    as_of: dt.date,
    limits: tuple[int | None, ...],
    *,
    catalogue: str,
) -> str:
    """The key of a report's folded figures."""
    return (
        f"report-figures:{code_digest()}:{plan_id}:{digest(tuple(revisions))}:"
        f"{period}:{as_of.isoformat()}:{'-'.join(map(str, limits))}:"
        f"{translation.get_language()}:"
        f"{_settings_part()}:{catalogue}"
    )


def rollup_key(
    plan_id: int,
    revisions: Iterable[int],
    year: int,
    today: dt.date,
    *,
    catalogue: str,
) -> str:
    """The key of one child plan's figures in a roll-up."""
    return (
        f"rollup-plan:{code_digest()}:{plan_id}:{digest(tuple(revisions))}:{year}:"
        f"{today.isoformat()}:{translation.get_language()}:{_settings_part()}:"
        f"{catalogue}"
    )


def export_key(figures: str, fmt: str, *extra: str) -> str:
    """The key of an exported file of the report whose figures are ``figures``."""
    return f"report-file:{fmt}:{digest(figures, *extra)}"


def cache_get_many(keys: Iterable[str]) -> dict[str, Any]:
    if not enabled():
        return {}
    try:
        return cache.get_many(list(keys))
    except Exception:  # noqa: BLE001 - a cache down must not fail the page
        logger.warning("report cache unavailable", exc_info=True)
        return {}


def cache_set_many(values: Mapping[str, Any]) -> None:
    if not enabled() or not values:
        return
    try:
        cache.set_many(dict(values), timeout=timeout())
    except Exception:  # noqa: BLE001
        logger.warning("report cache unavailable", exc_info=True)


def cached(key: str, compute: Callable[[], T]) -> T:
    """The value under ``key``, computed and stored when missing."""
    found = cache_get_many([key])
    if key in found:
        return found[key]
    value = compute()
    cache_set_many({key: value})
    return value
