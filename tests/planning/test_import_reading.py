"""Reading files: never a silent loss, caps on what is scanned, every parse
failure a clear Vietnamese message, Word tables read like Excel ones."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from planning import importing
from planning.importing.report import preview_text
from tests.planning.import_files import (
    SHEET,
    case_as_docx,
    case_rows,
    rewrite_part,
    with_dimension,
    word_table,
    workbook_bytes,
)
from tests.planning.import_world import CASES, demo_plan_2025

pytestmark = pytest.mark.django_db

HEADER = [
    "STT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian thực hiện",
    "Sản phẩm",
]


def _row(
    n: int, title: str, lead: str = "Phòng Nội vụ", time_: str = "Quý II/2025"
) -> list[object]:
    return [n, title, lead, "", time_, ""]


def _read(
    content: bytes, name: str = "phu-luc.xlsx", **kwargs: object
) -> importing.ReadResult:
    return importing.read_file(io.BytesIO(content), name, **kwargs)


def _refusal(content: bytes, name: str = "phu-luc.xlsx") -> str:
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        _read(content, name)
    return " ".join(error.value.messages)


# --- never a silent loss ------------------------------------------------------------


def test_rows_beyond_the_stated_dimension_are_read():
    rows = [HEADER] + [_row(n, f"Nhiệm vụ {n}") for n in range(1, 6)]
    content = with_dimension(workbook_bytes(rows), "A1:F2")

    read = _read(content)

    assert [row.text("title") for row in read.rows] == [
        f"Nhiệm vụ {n}" for n in range(1, 6)
    ]


def test_a_sheet_stating_a1_as_its_area_is_read_whole():
    rows = [HEADER, _row(1, "Nhiệm vụ 1"), _row(2, "Nhiệm vụ 2")]
    content = with_dimension(workbook_bytes(rows), "A1")

    read = _read(content)

    assert set(read.columns) >= {"title", "lead_unit", "period"}
    assert len(read.rows) == 2


def test_every_skip_is_counted_with_its_reason():
    rows = [
        ["PHỤ LỤC"],
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["I", "TUYÊN TRUYỀN TRÊN ĐÀI TRUYỀN THANH"],
        _row(1, "Nhiệm vụ 1"),
        [],
        ["", "Ghi chú: các đơn vị báo cáo trước ngày 15"],
        _row(2, "Nhiệm vụ 2"),
    ]
    with translation.override("vi"):
        read = _read(workbook_bytes(rows))

    assert len(read.rows) == 2
    assert [(skip.number, skip.reason) for skip in read.skipped] == [
        (3, "dòng đánh số cột"),
        (4, "dòng đề mục: TUYÊN TRUYỀN TRÊN ĐÀI TRUYỀN THANH"),
        (7, "dòng đề mục: Ghi chú: các đơn vị báo cáo trước ngày 15"),
    ]
    assert read.blank_rows == 1
    assert read.rows_read == 5


def test_a_lead_unit_merged_over_three_rows_leads_each_of_them():
    rows = [HEADER] + [_row(n, f"Nhiệm vụ {n}", lead="") for n in range(1, 4)]
    rows[1][2] = "Phòng Văn hóa và Thông tin"

    read = _read(workbook_bytes(rows, merges=["C2:C4"]))

    assert [row.text("lead_unit") for row in read.rows] == [
        "Phòng Văn hóa và Thông tin"
    ] * 3


def test_a_lead_unit_merged_over_three_rows_of_a_word_table_leads_each_of_them():
    rows = [
        [str(v) for v in r]
        for r in [HEADER] + [_row(n, f"Nhiệm vụ {n}", lead="") for n in range(1, 4)]
    ]
    rows[1][2] = "Phòng Văn hóa và Thông tin"

    read = _read(word_table(rows, merges=[(1, 2, 3, 2)]), "phu-luc.docx")

    assert [row.text("lead_unit") for row in read.rows] == [
        "Phòng Văn hóa và Thông tin"
    ] * 3


def test_a_formula_without_its_saved_result_says_to_save_in_excel():
    plan = demo_plan_2025()
    rows = [HEADER, _row(1, "Tin bài trên Cổng thông tin")]
    rows[1][5] = "=10*2"
    with translation.override("vi"):
        preview = importing.validate_rows(plan=plan, read=_read(workbook_bytes(rows)))

    (error,) = preview.rows[0].errors
    assert "mở và lưu lại tệp trong Excel" in error
    assert "=10*2" in error


def test_a_two_row_header_reads_start_and_due_under_time():
    rows = [
        ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "Thời gian"],
        ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Bắt đầu", "Kết thúc"],
        [1, "Nhiệm vụ 1", "Phòng Nội vụ", "01/03/2025", "30/04/2025"],
    ]

    read = _read(workbook_bytes(rows))

    assert (read.rows[0].text("start"), read.rows[0].text("due")) == (
        "01/03/2025",
        "30/04/2025",
    )


def test_the_header_is_found_whatever_the_case_accents_and_spacing():
    import unicodedata

    header = [
        "stt",
        unicodedata.normalize("NFD", "  NỘI   DUNG CÔNG VIỆC "),
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời hạn",
        "Kết quả",
    ]

    read = _read(workbook_bytes([header, _row(1, "Nhiệm vụ 1")]))

    assert read.columns.keys() >= {
        "title",
        "lead_unit",
        "supporting_units",
        "period",
        "output_total",
    }


def test_a_header_missing_a_column_says_which_were_found_and_which_missing():
    message = _refusal(
        workbook_bytes([["STT", "Nội dung nhiệm vụ", "Thời gian thực hiện"], [1, "x"]])
    )

    assert message == (
        "Sheet: thiếu cột Đơn vị chủ trì (đã tìm thấy: “STT”, “Nội dung nhiệm vụ”, "
        "“Thời gian thực hiện”)."
    )


def test_no_header_row_says_what_the_best_row_held():
    message = _refusal(
        workbook_bytes([["Số", "Việc", "Đơn vị chủ trì", "Thời gian"], [1, "x"]])
    )

    assert message.startswith("Không tìm thấy dòng tiêu đề trong 20 dòng đầu")
    assert "Sheet, dòng 1: có “Đơn vị chủ trì”, “Thời gian”; thiếu “Tên hoạt động”" in (
        message
    )


def test_the_sheet_with_the_header_is_taken_among_several():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Kế hoạch năm 2025"])
    table = workbook.create_sheet("Phụ lục")
    for row in [HEADER, _row(1, "Nhiệm vụ 1")]:
        table.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)

    read = _read(buffer.getvalue())

    assert read.table == "Phụ lục"
    assert len(read.rows) == 1


# --- caps and damaged files -----------------------------------------------------------


def _blank_rows_workbook(count: int) -> bytes:
    """A real workbook whose sheet holds ``count`` empty rows after the table."""

    def add_rows(xml: bytes) -> bytes:
        blank = b"".join(b'<row r="%d"/>' % n for n in range(3, count + 3))
        return xml.replace(b"</sheetData>", blank + b"</sheetData>")

    rows = [HEADER, _row(1, "Nhiệm vụ 1")]
    return rewrite_part(workbook_bytes(rows), SHEET, add_rows)


def test_a_sheet_unpacking_past_the_cap_is_refused_at_once(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    content = _blank_rows_workbook(100_000)
    started = time.monotonic()

    message = _refusal(content)

    assert time.monotonic() - started < 2
    assert "khi giải nén có" in message
    assert "hàng triệu dòng trống" in message


def test_blank_rows_past_the_scan_cap_end_with_a_clear_message(settings):
    settings.IMPORT_MAX_SCAN_ROWS = 5_000

    message = _refusal(_blank_rows_workbook(20_000))

    assert "có hơn 5.000 dòng (kể cả dòng trống)" in message


def test_blank_rows_within_the_cap_leave_just_the_real_rows():
    read = _read(_blank_rows_workbook(3_000))

    assert len(read.rows) == 1
    assert read.blank_rows == 3_000


def test_a_file_that_is_not_a_zip_is_refused_clearly():
    message = _refusal(b"%PDF-1.4 not a workbook")

    assert message.startswith("Không đọc được tệp: tệp bị hỏng")


def test_a_truncated_sheet_in_a_valid_zip_is_refused_clearly():
    rows = [HEADER] + [_row(n, f"Nhiệm vụ {n}") for n in range(1, 40)]
    content = rewrite_part(
        workbook_bytes(rows), SHEET, lambda xml: xml[: len(xml) // 2]
    )

    message = _refusal(content)

    assert "bị hỏng ở khoảng dòng" in message


def test_nan_in_a_numeric_cell_is_a_clear_message_not_a_crash():
    rows = [HEADER + ["Kinh phí"], _row(1, "Nhiệm vụ 1") + [5]]

    def to_nan(xml: bytes) -> bytes:
        return xml.replace(b"<v>5</v>", b"<v>NaN</v>")

    content = rewrite_part(workbook_bytes(rows), SHEET, to_nan)

    assert _refusal(content) == (
        "Trang tính “Sheet”, dòng 2: ô số chứa “NaN”, không phải là số. Hãy sửa ô "
        "này trong Excel rồi tải tệp lên lại."
    )


def test_a_damaged_old_excel_file_is_asked_to_be_saved_again():
    pytest.importorskip("xlrd")
    assert "lưu lại rồi tải lên" in _refusal(b"\xd0\xcf\x11\xe0", "phu-luc.xls")


def test_a_word_file_named_xlsx_is_asked_to_be_renamed():
    content = word_table([[str(v) for v in HEADER]])

    assert "đổi đuôi tệp thành .docx" in _refusal(content, "phu-luc.xlsx")


def test_a_zip_that_is_neither_is_refused_clearly():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")

    assert _refusal(buffer.getvalue()).startswith("Không đọc được tệp")


# --- Word ------------------------------------------------------------------------


def _summary(plan, content: bytes, name: str) -> list[tuple]:
    preview = importing.validate_rows(plan=plan, read=_read(content, name))
    return [
        (
            row.title,
            row.cleaned["start"],
            row.cleaned["due"],
            row.cleaned["recurrence"],
            row.cleaned["lead_unit"].name,
            sorted(unit.name for unit in row.cleaned["supporting_units"]),
            row.cleaned["channel"].code,
            row.occurrences,
            row.errors,
        )
        for row in preview.rows
    ]


def test_the_published_appendix_as_a_word_document_reads_as_the_excel_one():
    plan = demo_plan_2025()
    excel = (CASES / "01_appendix_published_layout.xlsx").read_bytes()
    word = case_as_docx("01_appendix_published_layout.xlsx")

    from_word = _summary(plan, word, "phu-luc.docx")

    assert from_word == _summary(plan, excel, "phu-luc.xlsx")
    assert len(from_word) == 5
    assert from_word[2][1:3] == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def test_the_word_preview_counts_rows_read_imported_and_skipped():
    plan = demo_plan_2025()
    word = case_as_docx("01_appendix_published_layout.xlsx")
    with translation.override("vi"):
        preview = importing.validate_rows(plan=plan, read=_read(word, "phu-luc.docx"))
        text = preview_text(preview)

    assert (preview.rows_read, preview.imported_count, len(preview.skipped)) == (
        7,
        5,
        2,
    )
    assert "Số dòng đã đọc: 7 — nhập: 5, bỏ qua: 2" in text
    assert "“Quý I/2025” → 01/01–31/03/2025" in text


def test_case_rows_are_what_the_word_version_holds():
    # The Word fixture is built from the case workbook: same cells, same order.
    rows = case_rows("01_appendix_published_layout.xlsx")
    assert rows[4][:2] == ["STT", "Nội dung nhiệm vụ"]
