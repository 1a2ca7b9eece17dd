"""The PAR evidence bundle ("tài liệu kiểm chứng") of a period, as a zip.

Folders follow the parts of the propaganda criterion of the PAR index: the plan
and its completion (the signed plan, the period's report as docx), online forms
and traditional forms (every evidence file of the period, by its channel's
form). ``index.xlsx`` lists each file with its task, unit, channel and form.

The zip is written to a sink that hands its bytes to a generator after every
chunk, so a bundle of any size streams with flat memory: one chunk of one file,
the index spooled to a temporary file by openpyxl's write-only mode, the zip's
list of entries (its central directory, written at the end) spooled to another,
the finished index and docx held in memory only up to SPOOL_MAX, and names kept
unique within one due date at a time.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import PurePath
from typing import IO, cast

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from channels.models import Channel

from ..figures import YearReport
from ..selectors import report_evidence_files
from . import to_docx

CHUNK = 64 * 1024
SPOOL_MAX = 1024 * 1024
NAME_MAX = 150
UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


class _Sink(io.RawIOBase):
    """A write-only, non-seekable stream that keeps only what was not yet taken:
    in memory up to SPOOL_MAX, on disk past it (the zip's central directory
    comes in one go at the end, some 100 bytes a file)."""

    def __init__(self) -> None:
        self._pending = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX)  # noqa: SIM115
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._pending.write(data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def take(self) -> Iterator[bytes]:
        """What was written since the last take, in chunks of at most CHUNK."""
        self._pending.seek(0)
        while chunk := self._pending.read(CHUNK):
            yield chunk
        self._pending.seek(0)
        self._pending.truncate()

    def close(self) -> None:
        self._pending.close()
        super().close()


def safe_name(text: str, *, limit: int = NAME_MAX) -> str:
    """A file name any system accepts: no separators, control or reserved
    characters, no leading or trailing dots or blanks, NFC, at most ``limit``."""
    text = unicodedata.normalize("NFC", UNSAFE.sub(" ", text))
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text[:limit].rstrip(" .") or "_"


def folders() -> dict[str, str]:
    """Folder of each part of the criterion (in Vietnamese, as offices file it)."""
    return {
        "plan": safe_name(_("1. Plan and its completion")),
        Channel.Form.ONLINE: safe_name(_("2. Online forms")),
        Channel.Form.TRADITIONAL: safe_name(_("3. Traditional forms")),
    }


class _Names:
    """Unique names within the bundle: "a.jpg", "a (2).jpg", ...

    Only the names of one part are remembered: :meth:`forget` starts a new one
    (the evidence files of a new due date, whose names all start with it)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, folder: str, stem: str, suffix: str) -> str:
        number = 1
        while True:
            extra = f" ({number})" if number > 1 else ""
            # The stem is cut before the number, which a long title never hides.
            name = f"{folder}/{safe_name(stem, limit=NAME_MAX - len(extra))}"
            name += f"{extra}{suffix}"
            if name.casefold() not in self._taken:
                self._taken.add(name.casefold())
                return name
            number += 1

    def forget(self) -> None:
        self._taken.clear()


class _SpooledEntries:
    """The zip's list of written entries (``ZipFile.filelist``, read once at
    the end for the central directory) kept in a temporary file, a line of JSON
    per entry, instead of a ``ZipInfo`` in memory per file."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._count = 0

    def append(self, info: zipfile.ZipInfo) -> None:
        values = {}
        for slot in zipfile.ZipInfo.__slots__:
            value = getattr(info, slot, None)
            values[slot] = {"hex": value.hex()} if isinstance(value, bytes) else value
        self._file.write(json.dumps(values).encode() + b"\n")
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[zipfile.ZipInfo]:
        self._file.seek(0)
        for line in self._file:
            info = zipfile.ZipInfo()
            for slot, value in json.loads(line).items():
                if isinstance(value, dict):
                    value = bytes.fromhex(value["hex"])
                elif isinstance(value, list):
                    value = tuple(value)
                setattr(info, slot, value)
            yield info

    def close(self) -> None:
        self._file.close()


class _Unindexed(dict):
    """``ZipFile.NameToInfo`` that keeps nothing: names are unique already
    (:class:`_Names`), and a bundle being written is never read."""

    def __setitem__(self, name: str, info: zipfile.ZipInfo) -> None:
        pass


def _bundle(sink: _Sink) -> zipfile.ZipFile:
    """A zip written to ``sink`` whose memory does not grow with its entries."""
    bundle = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED)
    # A list-like spooled to disk: ZipFile only appends to it and iterates it.
    bundle.filelist = _SpooledEntries()  # type: ignore[assignment]
    bundle.NameToInfo = _Unindexed()
    return bundle


def _suffix(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def _copy(source: IO[bytes], target: IO[bytes], sink: _Sink) -> Iterator[bytes]:
    while chunk := source.read(CHUNK):
        target.write(chunk)
        yield from sink.take()


def zip_chunks(report: YearReport) -> Iterator[bytes]:
    """The bundle as a stream of byte chunks."""
    with translation.override("vi"):
        yield from _zip_chunks(report)


def _zip_chunks(report: YearReport) -> Iterator[bytes]:
    sink = _Sink()
    bundle = _bundle(sink)
    entries = cast(_SpooledEntries, bundle.filelist)
    try:
        yield from _write_bundle(report, bundle, sink)
    finally:
        entries.close()
        sink.close()


def _write_bundle(
    report: YearReport, bundle: zipfile.ZipFile, sink: _Sink
) -> Iterator[bytes]:
    names = _Names()
    parts = folders()
    forms = dict(Channel.Form.choices)
    index = Workbook(write_only=True)
    sheet = index.create_sheet(_("Evidence files"))
    sheet.append(
        [
            _("File"),
            _("Task no."),
            _("Activity"),
            _("Unit"),
            _("Channel"),
            _("Form"),
            _("Due date"),
            _("Report filed on"),
            _("Original name"),
        ]
    )
    with bundle:
        plan = report.plan
        if plan is not None and plan.signed_file:
            name = names.claim(
                parts["plan"],
                _("Signed plan %(number)s") % {"number": plan.number or plan.year},
                _suffix(plan.signed_file.name),
            )
            with (
                plan.signed_file.open("rb") as source,
                bundle.open(name, "w", force_zip64=True) as target,
            ):
                yield from _copy(source, target, sink)
        name = names.claim(
            parts["plan"],
            _("Report %(period)s") % {"period": report.period.phrase()},
            ".docx",
        )
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as document:
            to_docx.write_docx(report, document)
            document.seek(0)
            with bundle.open(name, "w", force_zip64=True) as target:
                yield from _copy(document, target, sink)
        day = None
        for evidence in report_evidence_files(report):
            task = evidence.report.task
            channel = task.activity.channel
            if task.due_date != day:  # names of other days cannot be the same
                names.forget()
                day = task.due_date
            stem = (
                f"{task.due_date:%d-%m-%Y} {task.unit.display_name} "
                f"{task.activity.title}"
            )
            name = names.claim(
                parts[channel.form], stem, _suffix(evidence.original_name)
            )
            with (
                evidence.file.open("rb") as source,
                bundle.open(name, "w", force_zip64=True) as target,
            ):
                yield from _copy(source, target, sink)
            sheet.append(
                [
                    name,
                    task.pk,
                    task.activity.title,
                    task.unit.name,
                    channel.name,
                    str(forms[channel.form]),
                    task.due_date.strftime("%d/%m/%Y"),
                    evidence.report.submitted_at.strftime("%d/%m/%Y"),
                    evidence.original_name,
                ]
            )
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as listing:
            index.save(listing)
            listing.seek(0)
            with bundle.open("index.xlsx", "w", force_zip64=True) as target:
                yield from _copy(listing, target, sink)
    yield from sink.take()


def write_zip(report: YearReport, out: IO[bytes]) -> None:
    for chunk in zip_chunks(report):
        out.write(chunk)
