"""The one upload validator: what a file really is, read from its content.

Every file field goes through :func:`upload_validate` (evidence files through
the report form, the plan's signed file through :class:`UploadValidator` on the
model field, so the admin too).

Simple formats (PDF, JPEG, PNG, MP3, MP4) are recognised by their magic numbers
with ``filetype``. The two container formats are opened: a ZIP must be a genuine
Word or Excel document (``[Content_Types].xml`` declaring the main part of its
kind, that part present) with no executable, script or macro part, and every
member is inflated in chunks under caps on unpacked bytes and on the ratio of
unpacked to packed bytes (:func:`zip_unpack_check`: a decompression bomb is
refused without ever being held in memory); an OLE2 compound file must hold a
Word or Excel stream and no VBA storage (``olefile``). An installer or an
archive renamed to .docx, a zip holding an .exe beside ``word/document.xml``, a
macro-enabled document, SVG and HTML are all refused.
"""

from __future__ import annotations

import zipfile
import zlib
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
    size: int  # bytes

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
MiB = 1024 * 1024
# What is read of ``[Content_Types].xml`` to learn the document's kind.
CONTENT_TYPES_HEAD = MiB
# Zip members are inflated this many bytes at a time, never whole.
UNPACK_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class UnpackLimits:
    """Caps on what a zip may unpack to, counted while it is inflated.

    ``member_bytes`` and ``total_bytes`` bound one member and the whole archive
    (unpacked bytes); ``ratio`` bounds one member's unpacked bytes per packed
    byte once it is past ``grace_bytes`` (small parts such as
    ``[Content_Types].xml`` compress well without being bombs). The ratio of 100
    is Apache POI's default for Office files (``ZipSecureFile``).
    ``directory_bytes`` bounds the central directory, which ``zipfile`` parses
    whole on opening: 250,000 empty members fit in a 20 MB upload and take
    140 MiB and 2 s to parse; a megabyte holds some 10,000 real ones.
    """

    member_bytes: int
    total_bytes: int
    ratio: int = 100
    directory_bytes: int = MiB
    grace_bytes: int = MiB


# An evidence file or a signed plan: at most 20 MB packed (EVIDENCE_MAX_BYTES);
# pictures and videos inside a document barely compress.
UPLOAD_UNPACK_LIMITS = UnpackLimits(member_bytes=100 * MiB, total_bytes=250 * MiB)


class UnpackLimitExceeded(Exception):
    """A zip goes past a cap of :class:`UnpackLimits`.

    ``limit`` is ``directory``, ``member``, ``total`` or ``ratio``; ``part`` the
    member being read (its first 100 characters; empty for ``directory``);
    ``cap`` the limit passed (bytes or a ratio).
    """

    def __init__(self, *, limit: str, part: str, cap: int) -> None:
        super().__init__(f"{limit} limit {cap} exceeded at {part!r}")
        self.limit = limit
        self.part = part[:100]
        self.cap = cap


def _check_unpacked(
    limits: UnpackLimits, info: zipfile.ZipInfo, unpacked: int, total: int
) -> None:
    """Raise UnpackLimitExceeded when ``unpacked`` bytes of ``info`` (``total``
    of the archive so far) pass a cap."""
    if unpacked > limits.member_bytes:
        raise UnpackLimitExceeded(
            limit="member", part=info.filename, cap=limits.member_bytes
        )
    if total > limits.total_bytes:
        raise UnpackLimitExceeded(
            limit="total", part=info.filename, cap=limits.total_bytes
        )
    if unpacked > limits.grace_bytes and unpacked > limits.ratio * max(
        info.compress_size, 1
    ):
        raise UnpackLimitExceeded(limit="ratio", part=info.filename, cap=limits.ratio)


def zip_open(file: IO[bytes], *, limits: UnpackLimits) -> zipfile.ZipFile:
    """``file`` opened as a zip, once its central directory is known to be
    within ``limits.directory_bytes`` (read from the end record, as ``zipfile``
    itself reads it, before it parses the directory).

    Raises UnpackLimitExceeded, or zipfile.BadZipFile for what is not a zip.
    """
    # zipfile's own reading of the end record (private, stable since Python 2.6):
    # the size it gives is the size ZipFile goes on to parse.
    end = zipfile._EndRecData(file)  # type: ignore[attr-defined]  # private
    if end and end[zipfile._ECD_SIZE] > limits.directory_bytes:  # type: ignore[attr-defined]
        raise UnpackLimitExceeded(
            limit="directory", part="", cap=limits.directory_bytes
        )
    return zipfile.ZipFile(file)


def zip_unpack_check(
    archive: zipfile.ZipFile,
    *,
    limits: UnpackLimits,
    keep: str = "",
    keep_bytes: int = CONTENT_TYPES_HEAD,
) -> bytes:
    """Inflate every member of ``archive`` in chunks of UNPACK_CHUNK_BYTES,
    counting the bytes, and stop at the first cap of ``limits`` passed: memory
    stays flat whatever a member claims or really holds, and a bomb costs at
    most ``ratio`` times its packed size of inflating. Returns the first
    ``keep_bytes`` of the member named ``keep`` (b"" when there is none).

    Raises UnpackLimitExceeded, and what ``zipfile`` raises on a damaged or
    encrypted archive (BadZipFile, zlib.error, EOFError, RuntimeError, …).
    """
    total = 0
    kept = bytearray()
    for info in archive.infolist():
        if info.is_dir():
            continue
        unpacked = 0
        with archive.open(info) as stream:
            while chunk := stream.read(UNPACK_CHUNK_BYTES):
                unpacked += len(chunk)
                total += len(chunk)
                _check_unpacked(limits, info, unpacked, total)
                if info.filename == keep and len(kept) < keep_bytes:
                    kept += chunk[: keep_bytes - len(kept)]
    return bytes(kept)


def unpack_refusal(*, name: str, exceeded: UnpackLimitExceeded) -> ValidationError:
    """The Vietnamese refusal of a file that went past an unpacking cap."""
    if exceeded.limit == "directory":
        return ValidationError(
            _("“%(name)s” is refused: it holds too many parts for a document."),
            code="too_many_parts",
            params={"name": name},
        )
    if exceeded.limit == "ratio":
        return ValidationError(
            _(
                "“%(name)s” is refused: its part “%(part)s” unpacks to more than "
                "%(ratio)s times its packed size, as a decompression bomb does. "
                "Save the document again and upload the saved copy."
            ),
            code="unpack_ratio",
            params={"name": name, "part": exceeded.part, "ratio": exceeded.cap},
        )
    return ValidationError(
        _(
            "“%(name)s” is refused: it unpacks to more than %(limit)s (at its part "
            "“%(part)s”). Save it without large embedded files, or split it."
        ),
        code="unpack_size",
        params={
            "name": name,
            "part": exceeded.part,
            "limit": filesizeformat(exceeded.cap),
        },
    )


def _zip_kind(file: IO[bytes]) -> str | None:
    """docx or xlsx if the archive is a genuine, macro-free document of that kind.

    Raises UnpackLimitExceeded for an archive that unpacks past
    UPLOAD_UNPACK_LIMITS.
    """
    try:
        with zip_open(file, limits=UPLOAD_UNPACK_LIMITS) as archive:
            names = set(archive.namelist())
            lowered = [name.lower() for name in names]
            if any(name.endswith(FORBIDDEN_SUFFIXES) for name in lowered):
                return None
            if any(part in name for name in lowered for part in FORBIDDEN_PARTS):
                return None
            if "[Content_Types].xml" not in names:
                return None
            types = zip_unpack_check(
                archive, limits=UPLOAD_UNPACK_LIMITS, keep="[Content_Types].xml"
            ).decode("utf-8", "replace")
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        RuntimeError,
        EOFError,
    ):
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
    """The allowed kind the content is, or None. Leaves the file at its start.

    Raises UnpackLimitExceeded for a zip that unpacks past UPLOAD_UNPACK_LIMITS.
    """
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
    try:
        actual = detect_kind(file)
    except UnpackLimitExceeded as exceeded:
        raise unpack_refusal(name=name, exceeded=exceeded) from exceeded
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
