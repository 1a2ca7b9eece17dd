"""What an evidence file really is, read from its content, not its name.

Simple formats (PDF, JPEG, PNG, MP3, MP4) are recognised by their magic numbers
with ``filetype``. The two container formats are opened: a ZIP must hold a Word
or Excel document (``word/document.xml``, ``xl/workbook.xml``), an OLE2 compound
file must hold a Word or Excel stream (``olefile``), so that an installer or an
archive renamed to .docx or .doc is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
import olefile
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192


@dataclass(frozen=True)
class EvidenceKind:
    extension: str
    mime: str


KINDS: dict[str, EvidenceKind] = {
    kind.extension: kind
    for kind in (
        EvidenceKind("pdf", "application/pdf"),
        EvidenceKind("doc", "application/msword"),
        EvidenceKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        EvidenceKind("xls", "application/vnd.ms-excel"),
        EvidenceKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        EvidenceKind("jpg", "image/jpeg"),
        EvidenceKind("png", "image/png"),
        EvidenceKind("mp3", "audio/mpeg"),
        EvidenceKind("mp4", "video/mp4"),
    )
}
# Other spellings of an allowed extension.
EXTENSION_ALIASES = {"jpeg": "jpg"}
# What filetype may call a file of each simple kind.
_FILETYPE_NAMES = {
    "pdf": "pdf",
    "jpg": "jpg",
    "png": "png",
    "mp3": "mp3",
    "mp4": "mp4",
    "m4v": "mp4",
}
ALLOWED_EXTENSIONS_LABEL = "pdf, doc, docx, xls, xlsx, jpg, png, mp3, mp4"
ACCEPT_ATTRIBUTE = ",".join(
    [f".{ext}" for ext in (*KINDS, *EXTENSION_ALIASES)]
    + [k.mime for k in KINDS.values()]
)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks, with its cleaned name and real kind."""

    file: IO[bytes]
    name: str
    kind: str

    @property
    def mime(self) -> str:
        return KINDS[self.kind].mime


def _zip_kind(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _ole_kind(file: IO[bytes]) -> str | None:
    try:
        with olefile.OleFileIO(file) as ole:
            if ole.exists("WordDocument"):
                return "doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return "xls"
    except (OSError, ValueError):
        return None
    return None


def detect_kind(file: IO[bytes]) -> str | None:
    """The allowed kind the content is, or None. Leaves the file at its start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file)
        if head.startswith(olefile.MAGIC):
            return _ole_kind(file)
        guess = filetype.guess(head)
        return _FILETYPE_NAMES.get(guess.extension) if guess else None
    finally:
        file.seek(0)


def name_extension(name: str) -> str:
    extension = PurePath(name).suffix.lower().lstrip(".")
    return EXTENSION_ALIASES.get(extension, extension)


def clean_original_name(name: str) -> str:
    """The file's own name without any folder part, at most 255 characters."""
    base = PurePath(name.replace("\\", "/")).name.strip() or "evidence"
    if len(base) <= 255:
        return base
    suffix = PurePath(base).suffix[:20]
    return base[: 255 - len(suffix)] + suffix


def evidence_validate(*, file: IO[bytes], name: str, size: int, max_bytes: int) -> str:
    """Check one upload; returns its kind or raises a message naming the file."""
    if size == 0:
        raise ValidationError(
            _("“%(name)s” is empty."), code="empty", params={"name": name}
        )
    if size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s."),
            code="too_big",
            params={
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(max_bytes),
            },
        )
    claimed = name_extension(name)
    if claimed not in KINDS:
        raise ValidationError(
            _("“%(name)s” is not an accepted type. Accepted: %(allowed)s."),
            code="bad_extension",
            params={"name": name, "allowed": ALLOWED_EXTENSIONS_LABEL},
        )
    actual = detect_kind(file)
    if actual != claimed:
        raise ValidationError(
            _(
                "The content of “%(name)s” is not a real %(claimed)s file. "
                "Accepted: %(allowed)s."
            ),
            code="bad_content",
            params={
                "name": name,
                "claimed": claimed.upper(),
                "allowed": ALLOWED_EXTENSIONS_LABEL,
            },
        )
    return actual
