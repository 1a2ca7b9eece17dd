"""Where uploaded files go: private storage, under random names."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.files.storage import Storage, storages
from django.utils import timezone

if TYPE_CHECKING:
    from .issued import IssuedReportFile
    from .plans import Plan
    from .reports import EvidenceFile


def private_storage() -> Storage:
    return storages["private"]


def _random_name(folder: str, filename: str) -> str:
    """Store uploads under a random name; the original name is kept on the row."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def signed_plan_upload_to(instance: Plan, filename: str) -> str:
    return _random_name("plans", filename)


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:
    return _random_name("evidence", filename)


def issued_report_upload_to(instance: IssuedReportFile, filename: str) -> str:
    return _random_name("issued", filename)
