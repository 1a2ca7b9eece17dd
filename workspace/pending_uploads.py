"""Evidence files chosen on a report form that came back with an error.

A browser cannot fill a file input again, so the files of a form refused for
another field are kept here, in the private storage under ``pending/``, and
the page lists them as chosen; the next sending of the same form carries them
back as signed tokens (``kept_files``), each naming its stored file, the
person and the form (a new report's one-time ``submission_key``, or the report
edited). Nothing is written to the database: a token signed for someone else
or another form, or older than :data:`MAX_AGE`, is ignored. Files left behind
by a form never sent again are removed the next time a file is kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing
from django.core.files.storage import Storage, storages
from django.utils import timezone

from accounts.models import User
from campaigns.uploads import KINDS, CheckedUpload

logger = logging.getLogger(__name__)

FOLDER = "pending"
SALT = "workspace.pending-upload"
MAX_AGE = dt.timedelta(hours=24)
MAX_TOKENS = 20


@dataclass(frozen=True)
class KeptFile:
    """A file kept for a form: its token, stored name, name as chosen, kind
    (an extension of campaigns.uploads.KINDS) and size in bytes."""

    token: str
    stored: str
    name: str
    kind: str
    size: int


def _storage() -> Storage:
    return storages["private"]


def keep(
    uploads: Iterable[CheckedUpload], *, user: User, form_key: str
) -> list[KeptFile]:
    """Store the checked uploads of a refused form until it is sent again."""
    storage = _storage()
    kept = []
    for upload in uploads:
        upload.file.seek(0)
        stored = storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{upload.kind}", upload.file)
        payload = {
            "s": stored,
            "n": upload.name,
            "k": upload.kind,
            "z": upload.size,
            "u": user.pk,
            "f": form_key,
        }
        token = signing.dumps(payload, salt=SALT, compress=True)
        kept.append(KeptFile(token, stored, upload.name, upload.kind, upload.size))
    if kept:
        _sweep(storage)
    return kept


def read(tokens: Iterable[str], *, user: User, form_key: str) -> list[KeptFile]:
    """The files still kept for this person's form, from the tokens it sent."""
    storage = _storage()
    kept = []
    for token in list(tokens)[:MAX_TOKENS]:
        try:
            data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        except signing.BadSignature:
            continue
        if data.get("u") != user.pk or data.get("f") != form_key:
            continue
        stored = str(data["s"])
        if data["k"] not in KINDS or not stored.startswith(f"{FOLDER}/"):
            continue
        if not storage.exists(stored):
            continue
        kept.append(KeptFile(token, stored, data["n"], data["k"], int(data["z"])))
    return kept


def as_uploads(kept: Iterable[KeptFile]) -> list[CheckedUpload]:
    """The kept files, open, as the report services take them."""
    storage = _storage()
    return [
        CheckedUpload(
            file=storage.open(file.stored, "rb"),
            name=file.name,
            kind=file.kind,
            size=file.size,
        )
        for file in kept
    ]


def discard(kept: Iterable[KeptFile]) -> None:
    """Remove kept files once the report holds its own copies."""
    storage = _storage()
    for file in kept:
        storage.delete(file.stored)


def _sweep(storage: Storage) -> None:
    """Remove kept files older than MAX_AGE: their tokens have expired."""
    limit = timezone.now() - MAX_AGE
    try:
        _folders, names = storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if storage.get_modified_time(path) < limit:
                storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            logger.debug("Kept file %s already gone", path)
