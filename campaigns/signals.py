"""Storage housekeeping: a stored file leaves the disk only after its row's
deletion commits (a rolled-back delete keeps both), whatever path deleted it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import EvidenceFile


@receiver(post_delete, sender=EvidenceFile, dispatch_uid="evidence_file_cleanup")
def _delete_stored_file(sender: type, instance: EvidenceFile, **kwargs: Any) -> None:
    name = instance.file.name
    if not name:
        return
    storage = instance.file.storage
    transaction.on_commit(lambda: storage.delete(name))
