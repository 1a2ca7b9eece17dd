"""What the in-process page benchmarks share about the page cache."""

from __future__ import annotations

from django.core.cache import caches
from pagecache.pages import PAGE_CACHE


def rendered_next() -> None:
    """Empty the page cache: the next request renders its page, as the first
    one after a write does, instead of replaying a stored one."""
    caches[PAGE_CACHE].clear()
