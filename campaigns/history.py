"""One history entry per write: a save and its many-to-many sets are one change.

django-simple-history records a row on ``post_save`` and another on every
``m2m_changed`` of a tracked many-to-many field, so creating an activity and then
setting its audiences and supporting units wrote three entries, two of them
"— → …" edits. Services wrap such a write in :func:`one_history_entry`: the
intermediate records are skipped and one record, with the final many-to-many
state, is written at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from simple_history.models import HistoricalRecords


class TrackedHistory(HistoricalRecords):  # type: ignore[misc]  # simple-history ships no types
    """``HistoricalRecords`` that stays reachable from its model as
    ``Model._history_records``, so a service can write the one record itself."""

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        super().contribute_to_class(cls, name)
        # Read back by one_history_entry; models declare no such attribute.
        cls._history_records = self  # type: ignore[attr-defined]


@contextmanager
def one_history_entry(instance: models.Model) -> Iterator[None]:
    """Write exactly one history record ("+" when ``instance`` is new, "~"
    otherwise) for everything done to it inside the block.

    The model must declare its history with :class:`TrackedHistory`. Nothing is
    recorded when the block raises.
    """
    records: HistoricalRecords = type(instance)._history_records  # type: ignore[attr-defined]
    created = instance.pk is None
    # simple-history's flag, read by its post_save and m2m_changed handlers.
    instance.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del instance.skip_history_when_saving  # type: ignore[attr-defined]
    records.create_historical_record(instance, "+" if created else "~")
