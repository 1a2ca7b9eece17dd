"""Reading the data version (the number that every committed write bumps)."""

from __future__ import annotations

from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce

from .models import DataVersion


def data_version_subquery() -> Coalesce:
    """The data version as an expression, to read it within another query (the
    request's user, accounts/backends.py); 0 before the first write."""
    return Coalesce(
        Subquery(DataVersion.objects.filter(pk=1).values("version")[:1]), Value(0)
    )


def data_version() -> int:
    """The data version now: one primary-key read; 0 before the first write.

    Read it *before* reading the data a cached page is built from: a page stored
    under version v then holds data at least as new as v.
    """
    version = DataVersion.objects.filter(pk=1).values_list("version", flat=True)
    return version.first() or 0
