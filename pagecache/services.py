from __future__ import annotations

from django.core.cache import caches
from django.db import transaction

from .models import DataVersion
from .pages import PAGE_CACHE


@transaction.atomic
def data_version_move_past(*, version: int) -> int:
    """Set the data version above ``version`` (a version seen before a restore)
    and empty the shared page cache; return the new version.

    A restore brings back the backup's older version: without this, writes after
    it would count up again through numbers that pages of the replaced data were
    stored under, and those pages would be served (workers' own memory caches are
    not reachable from the restoring process).
    """
    row, _ = DataVersion.objects.select_for_update().get_or_create(pk=1)
    row.version = max(row.version, version) + 1
    row.save(update_fields=["version"])
    caches[PAGE_CACHE].clear()
    return row.version
