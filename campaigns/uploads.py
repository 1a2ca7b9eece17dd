"""The one upload validator: what a file really is, read from its content.

Every file field goes through :func:`upload_validate` (evidence files through
the report form, the plan's signed file through :class:`UploadValidator` on the
model field, so the admin too).

Simple formats (PDF, JPEG, PNG, MP3, MP4) are recognised by their magic numbers
with ``filetype``. The two container formats are opened: a ZIP must be a genuine
Word or Excel document (``[Content_Types].xml`` declaring the main part of its
kind, that part present) with no executable, script or macro part and a
bounded unpacked size; an OLE2 compound file must hold a Word or Excel stream
and no VBA storage (``olefile``). An installer or an archive renamed to .docx,
a zip holding an .exe beside ``word/document.xml``, a macro-enabled document,
SVG and HTML are all refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import filetype
import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
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


# What an Office document never needs to carry.
FORBIDDEN_SUFFIXES = (
    ".exe",
    ".dll",
    ".com",
    ".bat",
    ".cmd",
    ".scr",
    ".msi",
    ".pif",
    ".cpl",
    ".js",
    ".jse",
    ".vbs",
    ".vbe",
    ".wsf",
    ".wsh",
    ".ps1",
    ".hta",
    ".jar",
    ".sh",
    ".lnk",
    ".html",
    ".htm",
    ".svg",
    ".bin_exe",
)
FORBIDDEN_PARTS = ("vbaproject.bin", "vbadata.xml", "/activex/")
MAIN_PARTS = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_UNPACKED = 500 * 1024 * 1024


def _zip_kind(file: IO[bytes]) -> str | None:
    """docx or xlsx if the archive is a genuine, macro-free document of that kind."""
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            if sum(info.file_size for info in infos) > MAX_ZIP_UNPACKED:
                return None
            names = {info.filename for info in infos}
            lowered = [name.lower() for name in names]
            if any(name.endswith(FORBIDDEN_SUFFIXES) for name in lowered):
                return None
            if any(part in name for name in lowered for part in FORBIDDEN_PARTS):
                return None
            if "[Content_Types].xml" not in names:
                return None
            types = archive.read("[Content_Types].xml")[:1_000_000].decode(
                "utf-8", "replace"
            )
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, KeyError):
        return None
    if "macroEnabled" in types or "vbaProject" in types:
        return None
    for kind, (part, content_type) in MAIN_PARTS.items():
        if part in names and content_type in types:
            return kind
    return None


def _ole_kind(file: IO[bytes]) -> str | None:
    try:
        with olefile.OleFileIO(file) as ole:
            storages = {"/".join(entry).lower() for entry in ole.listdir(storages=True)}
            if any("vba" in name or name.startswith("macros") for name in storages):
                return None
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


def evidence_validate(
    *,
    file: IO[bytes],
    name: str,
    size: int,
    max_bytes: int,
    allowed: tuple[str, ...] | None = None,
) -> str:
    """Check one upload; returns its kind or raises a message naming the file.

    ``allowed`` narrows the kinds (default: every kind of ``KINDS``).
    """
    return upload_validate(
        file=file, name=name, size=size, max_bytes=max_bytes, allowed=allowed
    )


def upload_validate(
    *,
    file: IO[bytes],
    name: str,
    size: int,
    max_bytes: int,
    allowed: tuple[str, ...] | None = None,
) -> str:
    """The one check of an uploaded file: not empty, within ``max_bytes``, an
    accepted extension whose content really is that kind. Returns the kind;
    raises ``ValidationError`` with a Vietnamese message naming the file."""
    kinds = allowed or tuple(KINDS)
    label = ", ".join(kinds) if allowed else ALLOWED_EXTENSIONS_LABEL
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
    if claimed not in kinds:
        raise ValidationError(
            _("“%(name)s” is not an accepted type. Accepted: %(allowed)s."),
            code="bad_extension",
            params={"name": name, "allowed": label},
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
                "allowed": label,
            },
        )
    return actual


@deconstructible
class UploadValidator:
    """The upload check as a model-field validator (the admin uses it too)."""

    def __init__(self, allowed: tuple[str, ...], max_bytes_setting: str) -> None:
        self.allowed = tuple(allowed)
        self.max_bytes_setting = max_bytes_setting

    def __call__(self, value: Any) -> None:
        upload = getattr(value, "file", None)
        if upload is None or getattr(value, "_committed", True):
            return  # an already stored file was checked when it came in
        upload_validate(
            file=upload,
            name=clean_original_name(getattr(upload, "name", "") or value.name),
            size=upload.size or 0,
            max_bytes=getattr(settings, self.max_bytes_setting),
            allowed=self.allowed,
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.allowed == other.allowed
            and self.max_bytes_setting == other.max_bytes_setting
        )

    def __hash__(self) -> int:
        return hash((self.allowed, self.max_bytes_setting))
