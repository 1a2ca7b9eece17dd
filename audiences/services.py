"""Writes of the audience groups catalogue."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from campaigns.tallies import tallies_forget_audience_groups

from .models import AudienceGroup


@transaction.atomic
def audience_groups_delete(*, groups: QuerySet[AudienceGroup]) -> int:
    """Delete ``groups`` with their progress counters; returns how many went.

    Deleting a group unlinks it from its activities without a save of theirs,
    so its counters (``campaigns.tallies``, dimension "audience") are dropped
    here, in the same transaction.
    """
    tallies_forget_audience_groups(groups.values_list("pk", flat=True))
    _total, by_model = groups.delete()
    return by_model.get(AudienceGroup._meta.label, 0)
