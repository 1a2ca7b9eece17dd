"""Small but genuine files of each kind, enough for content-based detection.

Nothing is downloaded: each is built here from its format's published layout.
"""

from __future__ import annotations

import io
import struct
import zlib

import docx
import openpyxl

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả tuyên truyền CCHC")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số lượt tiếp cận"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("setup.exe", b"MZ" + b"\0" * 64)
    return buffer.getvalue()


def _ole(stream_name: str) -> bytes:
    """A compound file (MS-CFB v3) holding one 4096-byte stream."""
    sector = 512
    data_sectors = 4096 // sector
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<IIII", header, 60, END, 0, END, 0)
    difat = [0] + [FREE] * 108
    struct.pack_into("<109I", header, 76, *difat)

    fat = [FATSECT, END] + [2 + i + 1 for i in range(data_sectors - 1)] + [END]
    fat += [FREE] * (sector // 4 - len(fat))
    fat_sector = struct.pack(f"<{sector // 4}I", *fat)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, NOSTREAM, NOSTREAM, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    directory = (
        entry("Root Entry", 5, 1, END, 0)
        + entry(stream_name, 2, NOSTREAM, 2, 4096)
        + entry("", 0, NOSTREAM, 0, 0) * 2
    )
    return bytes(header) + fat_sector + directory + b"\x00" * 4096


def doc() -> bytes:
    return _ole("WordDocument")


def xls() -> bytes:
    return _ole("Workbook")


def msi_like() -> bytes:
    """An OLE compound file that is neither Word nor Excel (as an installer is)."""
    return _ole("SummaryInformation")


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def jpg() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64
        + b"\xff\xd9"
    )


def mp3() -> bytes:
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + b"\x00" * 400


def mp4() -> bytes:
    return (
        b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
        + b"\x00\x00\x00\x08free"
        + b"\x00" * 64
    )


def windows_exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 200


def linux_elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\0" * 200
