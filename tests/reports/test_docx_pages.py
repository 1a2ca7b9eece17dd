"""The Word report as LibreOffice lays it out: the body a few pages, the
signature block and "Nơi nhận" whole on one page, the appendices after it, the
header's names unbroken. The pages are rendered to PNG under var/screenshots/
for a person to look at."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from accounts.models import User
from organisation.models import Organisation
from tests.screenshots import screenshot_path
from tests.services import service_missing

from .docx_reading import header_cells, plain


def _soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        service_missing("needs LibreOffice (soffice) to lay the Word file out")
    return program


def _pdf_pages(data: bytes, folder: Path, name: str) -> list[str]:
    """The document converted by LibreOffice; the text of each page, and each
    page's picture saved as ``<name>-<n>.png`` in the screenshot folder."""
    program = _soffice()
    source = folder / f"{name}.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            program,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / f"{name}.pdf"
    pages = []
    number = 1
    while True:
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
        )
        if text.returncode != 0 or number > 200:
            break
        pages.append(text.stdout)
        number += 1
    if shutil.which("pdftoppm"):
        target = Path(screenshot_path(f"{name}.png")).with_suffix("")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(target)], check=True
        )
    return pages


def _export(client, query: str) -> bytes:
    client.force_login(User.objects.get(username="leader"))
    response = client.get(f"/reports/2026/export.docx{query}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _signature_page(pages: list[str]) -> int:
    """The 1-based page holding "Nơi nhận"; fails unless it is on one page."""
    found = [index for index, text in enumerate(pages, 1) if "Nơi nhận" in text]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def quarter_pages(demo_db, client, tmp_path) -> list[str]:
    if shutil.which("pdftotext") is None:
        service_missing("needs pdftotext (poppler-utils) to read the pages")
    _soffice()
    data = _export(client, "?period=q3&as_of=2026-09-30&number=25")
    return _pdf_pages(data, tmp_path, "docx-quarter")


def test_the_quarterly_body_ends_with_its_signature_by_page_four(
    quarter_pages,
) -> None:
    assert _signature_page(quarter_pages) <= 4
    assert len(quarter_pages) > _signature_page(quarter_pages)


def test_the_signer_block_and_recipients_share_one_page(quarter_pages) -> None:
    page = quarter_pages[_signature_page(quarter_pages) - 1]

    for line in ("Nơi nhận", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hùng"):
        assert line in page
    assert "Lưu: VT" in page


def test_the_detailed_tables_are_appendices_after_the_signature(
    quarter_pages,
) -> None:
    signature = _signature_page(quarter_pages)
    after = "\n".join(quarter_pages[signature:])
    body = "\n".join(quarter_pages[:signature])

    assert "Phụ lục I\n" in after
    assert "Phụ lục II\n" in after
    assert "Kèm theo Báo cáo số 25/BC-UBND ngày 30/09/2026 của UBND xã Núi" in after
    assert "KẾT QUẢ THỰC HIỆN CỦA CÁC CƠ QUAN, ĐƠN VỊ" in after
    assert "Xếp hạng" not in body
    assert "tại Phụ lục I." in body


def test_no_sentence_counts_zero_items(quarter_pages) -> None:
    text = " ".join(" ".join(quarter_pages).split())

    for zero in (" 0 nhiệm vụ", " 0 hoạt động", " 0 lượt", " 0 cơ quan"):
        assert zero not in text


def test_the_header_writes_the_issuing_body_in_full_on_unbroken_lines(
    quarter_pages,
) -> None:
    lines = [plain(line).strip() for line in quarter_pages[0].splitlines()]

    assert "UBND THÀNH PHỐ ĐÀ NẴNG" in lines
    assert "ỦY BAN NHÂN DÂN" in lines
    assert "XÃ NÚI THÀNH" in lines


def test_a_long_commune_name_is_never_broken_inside(demo_db, client) -> None:
    Organisation.objects.filter(name="UBND xã Núi Thành").update(
        name="UBND phường Hòa Khánh Bắc", parent_name="UBND thành phố Đà Nẵng"
    )
    document = docx.Document(io.BytesIO(_export(client, "?period=q3")))

    left, _right = header_cells(document)
    assert left.splitlines()[:3] == [
        "UBND THÀNH PHỐ ĐÀ NẴNG",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG HÒA KHÁNH BẮC",
    ]
    assert "\u00a0" in document.tables[0].rows[0].cells[0].text


def test_the_body_names_the_body_of_the_header(demo_db, client) -> None:
    Organisation.objects.filter(name="UBND xã Núi Thành").update(
        name="UBND xã Tam Xuân"
    )
    document = docx.Document(io.BytesIO(_export(client, "?period=q3")))
    text = "\n".join(plain(p.text) for p in document.paragraphs)

    assert "XÃ TAM XUÂN" in header_cells(document)[0]
    assert "UBND xã Tam Xuân báo cáo kết quả thực hiện như sau" in text
    assert "của UBND xã Tam Xuân./." in text
    assert "Núi Thành báo cáo" not in text
