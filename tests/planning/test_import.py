"""Excel import: the template, the preview with row errors, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from campaigns.models import Activity, Plan, Task
from planning import importing

pytestmark = pytest.mark.django_db

HEADER = [
    "Tên hoạt động",
    "Nội dung tuyên truyền",
    "Hình thức",
    "Đối tượng tuyên truyền",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Ngày bắt đầu",
    "Hạn hoàn thành",
    "Lặp lại",
    "Sản phẩm mỗi lần",
    "Kinh phí (đồng)",
]


def good_row(title: str = "Chuyên mục CCHC hằng tháng") -> list[object]:
    return [
        title,
        "1",
        "Đài truyền thanh",
        "Người dân; Cán bộ, công chức",
        "UBND xã Tam Hải",
        "TT Núi Thành",
        "01/01/2024",
        "31/12/2024",
        "FREQ=MONTHLY;BYMONTHDAY=25",
        "2",
        "1.500.000",
    ]


def xlsx(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(content: bytes, name: str = "phu-luc.xlsx") -> importing.ReadResult:
    return importing.read_file(io.BytesIO(content), name)


def upload(content: bytes, name: str = "phu-luc.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=importing.XLSX_CONTENT_TYPE)


def _import_url(plan: Plan) -> str:
    return reverse("planning:plan_import", args=[plan.pk])


def test_template_has_the_columns_and_this_plans_lists(world, planner_client):
    response = planner_client.get(
        reverse("planning:plan_import_template", args=[world.plan.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == importing.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == HEADER
    lists = workbook.worksheets[1]
    assert world.themes[0].title in [c.value for c in lists["A"]]
    assert world.commune.name in [c.value for c in lists["C"]]


def test_template_reads_back_as_an_empty_file(world):
    content = importing.template_workbook(plan=world.plan)

    with pytest.raises(ValidationError) as error:
        read(content)

    assert error.value.code == "empty"


def test_valid_file_is_previewed_then_saved_with_its_tasks(world, planner_client):
    content = xlsx([good_row(), good_row("Hội nghị đối thoại")[:8] + ["", "", ""]])

    preview = planner_client.post(_import_url(world.plan), {"file": upload(content)})

    assert preview.status_code == 200
    assert b'id="import-valid"' in preview.content
    assert not Activity.objects.exists(), "the preview saves nothing"

    saved = planner_client.post(_import_url(world.plan), {"confirm": "1"})

    assert saved.status_code == 302
    monthly = Activity.objects.get(title="Chuyên mục CCHC hằng tháng")
    assert monthly.tasks.count() == 24
    assert monthly.budget == 1_500_000
    assert monthly.planned_output == 2
    assert set(monthly.audience_groups.all()) == {world.citizens, world.officials}
    assert Activity.objects.get(title="Hội nghị đối thoại").tasks.count() == 2


def test_file_with_one_bad_row_saves_nothing_and_names_the_row(world, planner_client):
    bad = good_row("Hoạt động lỗi")
    bad[4] = "UBND xã Không Có"
    content = xlsx([good_row(), bad, good_row("Hoạt động thứ ba")])

    with translation.override("vi"):
        response = planner_client.post(
            _import_url(world.plan), {"file": upload(content)}
        )

    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert not Task.objects.exists()
    html = response.content.decode()
    assert 'id="import-invalid"' in html
    assert '<tr class="table-danger" data-row="3">' in html
    assert "Không có đơn vị “UBND xã Không Có”." in html
    assert 'name="confirm"' not in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({6: "31/02/2024"}, "có ngày không tồn tại"),
        ({6: "01/06/2024", 7: "01/05/2024"}, "trước ngày bắt đầu"),
        ({2: "Bồ câu đưa thư"}, "Không có hình thức"),
        ({8: "FREQ=HOURLY"}, "Chu kỳ lặp phải là hằng ngày"),
        ({9: "-3"}, "số nguyên"),
        ({0: ""}, "để trống"),
        ({7: "15/01/2025"}, "ngoài năm của kế hoạch"),
    ],
)
def test_each_kind_of_bad_row_is_explained(world, change, message):
    row = good_row()
    for index, value in change.items():
        row[index] = value

    with translation.override("vi"):
        preview = importing.validate_rows(plan=world.plan, read=read(xlsx([row])))

    assert not preview.is_valid
    assert preview.rows[0].number == 2
    assert any(message in error for error in preview.rows[0].errors), preview.rows[
        0
    ].errors


def test_duplicate_rows_are_refused(world):
    rows = read(xlsx([good_row(), good_row()]))

    with translation.override("vi"):
        preview = importing.validate_rows(plan=world.plan, read=rows)

    assert preview.rows[0].is_valid
    assert preview.rows[1].errors == [
        "Trùng với dòng 2 (cùng tên, đơn vị chủ trì và ngày bắt đầu)."
    ]


def test_a_row_already_in_the_plan_is_refused(world, planner):
    rows = read(xlsx([good_row()]))
    importing.import_rows(plan=world.plan, read=rows, user=planner)

    preview = importing.validate_rows(plan=world.plan, read=rows)

    assert not preview.is_valid


def test_header_in_english_and_any_order_is_understood(world):
    header = [
        "Lead unit",
        "Title",
        "Content theme",
        "Channel",
        "Audience groups",
        "Start date",
        "Due date",
    ]
    row = [
        "Xã Tam Hải",
        "Tọa đàm",
        "Vai trò người đứng đầu",
        "truyen-thanh",
        "nguoi-dan",
        "10/03/2024",
        "20/03/2024",
    ]

    preview = importing.validate_rows(plan=world.plan, read=read(xlsx([row], header)))

    assert preview.is_valid, preview.rows[0].errors
    assert preview.rows[0].cleaned["theme"] == world.themes[1]


def test_file_that_is_not_xlsx_gets_a_clear_message(world, planner_client):
    with translation.override("vi"):
        response = planner_client.post(
            _import_url(world.plan),
            {"file": upload(b"%PDF-1.4 not a workbook", name="ke-hoach.xlsx")},
        )

    assert "không phải tệp Excel (.xlsx)" in response.content.decode()
    assert not Activity.objects.exists()


def test_csv_file_is_refused_by_its_name(world, planner_client):
    with translation.override("vi"):
        response = planner_client.post(
            _import_url(world.plan), {"file": upload(b"a,b\n", name="phu-luc.csv")}
        )

    assert "Chỉ nhập được tệp Excel .xlsx" in response.content.decode()


def test_empty_file_gets_a_clear_message(world, planner_client):
    with translation.override("vi"):
        response = planner_client.post(_import_url(world.plan), {"file": upload(b"")})

    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert 'class="invalid-feedback' in response.content.decode()


def test_too_large_file_gets_a_clear_message(world, planner_client, settings):
    settings.IMPORT_MAX_BYTES = 1000

    with translation.override("vi"):
        response = planner_client.post(
            _import_url(world.plan), {"file": upload(xlsx([good_row()] * 30))}
        )

    assert "quá lớn" in response.content.decode()


def test_workbook_without_data_rows_is_refused(world):
    with pytest.raises(ValidationError) as error:
        read(xlsx([]))

    assert error.value.code == "empty"


def test_closed_plan_refuses_the_import(world, planner_client):
    world.plan.status = Plan.Status.CLOSED
    world.plan.save()

    response = planner_client.post(
        _import_url(world.plan), {"file": upload(xlsx([good_row()]))}
    )

    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_confirm_without_a_preview_saves_nothing(world, planner_client):
    response = planner_client.post(_import_url(world.plan), {"confirm": "1"})

    assert response.status_code == 302
    assert not Activity.objects.exists()


# --- the management command --------------------------------------------------


def _write(tmp_path: Path, content: bytes, name: str = "phu-luc.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_command_dry_run_checks_and_saves_nothing(world, planner, tmp_path, capsys):
    path = _write(tmp_path, xlsx([good_row()]))

    call_command(
        "import_activities",
        str(path),
        plan=world.plan.pk,
        user=planner.username,
        dry_run=True,
    )

    assert "Chạy thử: chưa có gì được lưu." in capsys.readouterr().out
    assert not Activity.objects.exists()


def test_command_imports_a_valid_file(world, planner, tmp_path):
    path = _write(tmp_path, xlsx([good_row()]))

    call_command(
        "import_activities", str(path), plan=world.plan.pk, user=planner.username
    )

    assert Activity.objects.get().tasks.count() == 24
    assert Activity.objects.get().created_by == planner


def test_command_refuses_an_account_that_may_not_edit_plans(world, leader, tmp_path):
    path = _write(tmp_path, xlsx([good_row()]))

    with pytest.raises(CommandError, match="không được sửa kế hoạch"):
        call_command(
            "import_activities", str(path), plan=world.plan.pk, user=leader.username
        )

    assert not Activity.objects.exists()


def test_command_reports_row_errors_and_fails(world, planner, tmp_path, capsys):
    bad = good_row()
    bad[6] = "hôm qua"
    path = _write(tmp_path, xlsx([good_row("Dòng tốt"), bad]))

    with pytest.raises(CommandError, match="1 trên 2 dòng có lỗi"):
        call_command(
            "import_activities", str(path), plan=world.plan.pk, user=planner.username
        )

    out = capsys.readouterr().out
    assert "Dòng 3: Chuyên mục CCHC hằng tháng" in out
    assert "✗ Không hiểu thời gian “hôm qua”" in out
    assert not Activity.objects.exists()


def test_command_refuses_a_file_that_is_not_xlsx(world, planner, tmp_path):
    path = _write(tmp_path, b"hello", name="phu-luc.xlsx")

    with pytest.raises(CommandError, match=".xlsx"):
        call_command(
            "import_activities", str(path), plan=world.plan.pk, user=planner.username
        )


def test_command_refuses_an_unknown_plan(tmp_path, planner):
    path = _write(tmp_path, xlsx([["x"]]))

    with pytest.raises(CommandError, match="Không có kế hoạch có id 999"):
        call_command("import_activities", str(path), plan=999, user=planner.username)


def test_template_offers_the_presets_and_an_example_sheet_that_imports(world):
    content = importing.template_workbook(plan=world.plan)
    workbook = load_workbook(io.BytesIO(content))

    lists = workbook.worksheets[1]
    presets = [cell.value for cell in lists["E"]][1:]
    assert presets == ["Một lần", "Hằng tuần", "Hằng tháng", "Hằng quý", "Hằng năm"]
    with translation.override("vi"):
        example = importing.read_file(io.BytesIO(content), "mau.xlsx", table=2)
        preview = importing.validate_rows(plan=world.plan, read=example)
    assert example.table == "Ví dụ"
    assert [row.errors for row in preview.rows] == [[], [], []]
    assert [row.occurrences for row in preview.rows] == [1, 12, 1]


def test_template_guide_lists_the_time_words(world):
    content = importing.template_workbook(plan=world.plan)
    guide = load_workbook(io.BytesIO(content)).worksheets[3]

    words = [cell.value for cell in guide["A"]]
    assert f"Quý II/{world.plan.year}" in words
    assert "Hằng tháng" in words
