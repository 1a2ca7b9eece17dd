"""A decompression bomb is refused by every upload check without being inflated
whole: a worker's memory stays flat (measured with tracemalloc)."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from campaigns.uploads import upload_validate
from planning import importing

MiB = 1024 * 1024
# What a check may allocate while refusing a bomb of hundreds of megabytes.
FLAT_MEMORY_BYTES = 20 * MiB

DOCX_TYPES = (
    b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)


def _bomb(path: Path, *, part: str, head: bytes, megabytes: int) -> Path:
    """A .docx whose ``part`` is ``head`` and then ``megabytes`` MiB of one byte,
    written a mebibyte at a time (the test never holds the bomb either)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if part != "[Content_Types].xml":
            archive.writestr("[Content_Types].xml", DOCX_TYPES)
        if part != "word/document.xml":
            archive.writestr("word/document.xml", b"<w/>")
        with archive.open(part, "w") as member:
            member.write(head)
            block = b" " * MiB
            for _ in range(megabytes):
                member.write(block)
    return path


def _peak_while(check) -> tuple[ValidationError, int]:
    """The error ``check`` raises and the peak of memory allocated meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            check()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value, peak


@pytest.fixture(scope="module")
def content_types_bomb(tmp_path_factory) -> Path:
    """The attack's file: ``[Content_Types].xml`` unpacking to 200 MiB."""
    path = tmp_path_factory.mktemp("bomb") / "bao-cao.docx"
    return _bomb(path, part="[Content_Types].xml", head=DOCX_TYPES, megabytes=200)


def test_the_bomb_is_small_on_disk(content_types_bomb) -> None:
    assert content_types_bomb.stat().st_size < 500 * 1024


def test_an_evidence_bomb_is_refused_in_vietnamese_with_flat_memory(
    content_types_bomb,
) -> None:
    with content_types_bomb.open("rb") as handle:
        error, peak = _peak_while(
            lambda: upload_validate(
                file=handle,
                name="bao-cao.docx",
                size=content_types_bomb.stat().st_size,
                max_bytes=20 * MiB,
            )
        )

    (message,) = error.messages
    assert message.startswith("“bao-cao.docx” bị từ chối")
    print(f"evidence bomb: peak {peak / MiB:.2f} MiB")  # noqa: T201
    assert peak < FLAT_MEMORY_BYTES, f"{peak / MiB:.1f} MiB"


def test_an_import_bomb_is_refused_in_vietnamese_with_flat_memory(
    content_types_bomb,
) -> None:
    with content_types_bomb.open("rb") as handle:
        data = handle.read()
    error, peak = _peak_while(lambda: importing.read_file(io.BytesIO(data), "pl.docx"))

    (message,) = error.messages
    assert message.startswith("“pl.docx” bị từ chối")
    assert peak - len(data) < FLAT_MEMORY_BYTES, f"{peak / MiB:.1f} MiB"


def test_a_part_compressed_a_thousand_times_is_refused_for_its_ratio(
    tmp_path,
) -> None:
    """Under every size cap, but no document compresses like that."""
    path = _bomb(tmp_path / "a.docx", part="word/document.xml", head=b"", megabytes=5)

    with path.open("rb") as handle, pytest.raises(ValidationError) as refused:
        upload_validate(file=handle, name="a.docx", size=1, max_bytes=20 * MiB)

    assert refused.value.code == "unpack_ratio"
    assert "word/document.xml" in refused.value.messages[0]


def test_a_part_past_the_size_cap_is_refused(tmp_path, monkeypatch) -> None:
    from campaigns import uploads

    monkeypatch.setattr(
        uploads,
        "UPLOAD_UNPACK_LIMITS",
        uploads.UnpackLimits(member_bytes=2 * MiB, total_bytes=4 * MiB, ratio=10**6),
    )
    path = _bomb(tmp_path / "a.docx", part="word/document.xml", head=b"", megabytes=3)

    with path.open("rb") as handle, pytest.raises(ValidationError) as refused:
        upload_validate(file=handle, name="a.docx", size=1, max_bytes=20 * MiB)

    assert refused.value.code == "unpack_size"
    assert "lớn hơn 2,0\xa0MB" in refused.value.messages[0]


def test_a_central_directory_of_thousands_of_parts_is_refused_unparsed() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", b"<w/>")
        for n in range(30_000):
            archive.writestr(f"word/media/{n}.bin", b"")

    with pytest.raises(ValidationError) as refused:
        upload_validate(
            file=buffer, name="a.docx", size=1, max_bytes=20 * MiB, allowed=None
        )

    assert refused.value.code == "too_many_parts"


def test_a_genuine_document_with_a_large_picture_still_passes() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", b"<w:p>Bi\xc3\xaan b\xe1\xba\xa3n</w:p>")
        archive.writestr("word/media/image1.png", os.urandom(3 * MiB))

    assert upload_validate(file=buffer, name="a.docx", size=1, max_bytes=20 * MiB) == (
        "docx"
    )
