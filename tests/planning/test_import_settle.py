"""The preview settles what the file cannot say: unknown unit names (kept for
the next file), a row's channel or time, the columns; amounts and sections."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from campaigns.models import Activity, Unit, UnitGroupPhrase
from channels.models import Channel
from planning import importing
from planning.importing.numbers import header_scale, read_budget
from planning.importing.tables import Cell
from tests.planning.appendices import APPENDICES, world

pytestmark = pytest.mark.django_db

D = dt.date
UNKNOWN = next(a for a in APPENDICES if a.name == "08_ten_la.xlsx")


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, plan, content: bytes, name: str = "phu-luc.xlsx"):
    url = reverse("planning:plan_import", args=[plan.pk])
    with translation.override("vi"):
        return client.post(
            url, {"file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE="vi"
        )


def _post(client, plan, data: dict[str, object]):
    url = reverse("planning:plan_import", args=[plan.pk])
    return client.post(url, data)


def test_unknown_names_are_listed_once_with_a_choice(planner_client):
    plan = world()

    response = _upload(planner_client, plan, UNKNOWN.build())

    html = response.content.decode()
    assert 'id="import-names"' in html
    for name in UNKNOWN.aliases:
        assert html.count(f'data-name="{name}"') == 1
    assert "--channel" not in html
    assert 'name="confirm"' not in html


def test_settled_names_are_kept_and_the_file_then_saves(planner_client):
    plan = world()
    _upload(planner_client, plan, UNKNOWN.build())
    radio = Unit.objects.get(name="Báo và Phát thanh, Truyền hình Đà Nẵng")
    centre = Unit.objects.get(name="Trung tâm Phục vụ hành chính công tỉnh")
    choices = {
        "recheck": "1",
        "name-0": "Đài PT-TH Đà Nẵng",
        "place-0": f"unit:{radio.pk}",
        "name-1": "Trung tâm PVHCC tỉnh",
        "place-1": f"unit:{centre.pk}",
        "name-2": "Hiệp hội Doanh nghiệp tỉnh",
        "place-2": "ignore",
    }

    response = _post(planner_client, plan, choices)

    html = response.content.decode()
    assert 'id="import-names"' not in html
    assert 'id="import-save"' in html
    radio.refresh_from_db()
    assert "Đài PT-TH Đà Nẵng" in radio.alias_list
    assert UnitGroupPhrase.objects.filter(phrase="Hiệp hội Doanh nghiệp tỉnh").exists()

    _post(planner_client, plan, {"confirm": "1"})

    assert plan.activities.count() == 3
    assert plan.activities.get(title__startswith="Phóng sự").lead_unit == radio


def test_a_name_can_become_a_new_unit_of_a_kind(planner_client):
    plan = world()
    _upload(planner_client, plan, UNKNOWN.build())

    _post(
        planner_client,
        plan,
        {
            "recheck": "1",
            "name-0": "Hiệp hội Doanh nghiệp tỉnh",
            "place-0": "new:department",
        },
    )

    assert Unit.objects.get(name="Hiệp hội Doanh nghiệp tỉnh").kind == "department"


def test_a_choice_of_a_unit_that_does_not_exist_is_a_message_not_an_error(
    planner_client,
):
    plan = world()
    _upload(planner_client, plan, UNKNOWN.build())

    with translation.override("vi"):
        response = _post(
            planner_client,
            plan,
            {"recheck": "1", "name-0": "Đài PT-TH Đà Nẵng", "place-0": "unit:999999"},
        )

    assert response.status_code == 200
    assert "Hãy chọn một trong các đơn vị." in response.content.decode()


def _one_row(time: str, title: str = "Khảo sát sự hài lòng của người dân") -> bytes:
    return _xlsx(
        [
            ["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"],
            ["1", title, "Sở Nội vụ", time],
        ]
    )


def test_a_row_gets_its_own_channel_on_the_page(planner_client):
    plan = world()
    response = _upload(planner_client, plan, _one_row("Quý II"))
    assert 'name="row-2-channel"' in response.content.decode()
    board = Channel.objects.get(code="giao-ban")

    response = _post(
        planner_client, plan, {"recheck": "1", "row-2-channel": str(board.pk)}
    )

    assert 'id="import-save"' in response.content.decode()
    _post(planner_client, plan, {"confirm": "1", "row-2-channel": str(board.pk)})
    assert Activity.objects.get().channel == board


def test_a_time_the_grammar_cannot_read_is_written_on_the_page(planner_client):
    plan = world()
    response = _upload(planner_client, plan, _one_row("Cuối năm", "Hội nghị tổng kết"))
    assert 'name="row-2-time"' in response.content.decode()

    _post(planner_client, plan, {"confirm": "1", "row-2-time": "Quý IV"})

    activity = Activity.objects.get()
    assert (activity.start_date, activity.due_date) == (D(2026, 10, 1), D(2026, 12, 31))


def test_columns_are_remapped_on_the_page(planner_client):
    plan = world()
    content = _xlsx(
        [
            ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian", "Ghi chú"],
            ["1", "Hội nghị tập huấn cải cách hành chính", "Sở Nội vụ", "x", "Quý II"],
        ]
    )
    _upload(planner_client, plan, content)
    columns = {
        "column-0": "number",
        "column-1": "title",
        "column-2": "lead_unit",
        "column-3": "note",
        "column-4": "period",
    }

    response = _post(planner_client, plan, {"recheck": "1", **columns})
    assert 'id="import-save"' in response.content.decode()
    _post(planner_client, plan, {"confirm": "1", **columns})

    activity = Activity.objects.get()
    assert (activity.start_date, activity.due_date) == (D(2026, 4, 1), D(2026, 6, 30))


def test_a_remapping_without_the_lead_unit_is_refused_with_the_files_headers(
    planner_client,
):
    plan = world()
    _upload(planner_client, plan, _one_row("Quý II"))

    with translation.override("vi"):
        response = _post(
            planner_client,
            plan,
            {"recheck": "1", "column-1": "title", "column-3": "period"},
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert "“Thời gian thực hiện”" in html
    assert "Đơn vị chủ trì" in html


def test_a_leader_cannot_settle_names(client, leader):
    plan = world()
    client.force_login(leader)

    response = _post(
        client,
        plan,
        {"recheck": "1", "name-0": "Đài PT-TH Đà Nẵng", "place-0": "ignore"},
    )

    assert response.status_code in (302, 403)
    assert not UnitGroupPhrase.objects.filter(phrase="Đài PT-TH Đà Nẵng").exists()


# --- reading: amounts, sections, the task column ----------------------------------


@pytest.mark.parametrize(
    ("header", "cell", "amount"),
    [
        ("Kinh phí (triệu đồng)", Cell("15"), 15_000_000),
        ("Kinh phí (triệu đồng)", Cell("45,5"), 45_500_000),
        ("Kinh phí (triệu đồng)", Cell("45.5", "number"), 45_500_000),
        ("Kinh phí (Tr.đ)", Cell("2,5"), 2_500_000),
        ("Kinh phí (nghìn đồng)", Cell("12.500"), 12_500_000),
        ("Kinh phí (1.000 đồng)", Cell("800"), 800_000),
        ("Kinh phí (triệu đồng)", Cell("50.000.000đ"), 50_000_000),
        ("Kinh phí (nghìn đồng)", Cell("3 triệu"), 3_000_000),
        ("Kinh phí (đồng)", Cell("5.000.000"), 5_000_000),
    ],
)
def test_an_amount_is_read_in_its_columns_unit(header, cell, amount):
    assert read_budget(cell, header_scale(header)).value == amount


def test_a_bare_number_already_in_dong_under_a_million_header_is_refused():
    with pytest.raises(ValidationError) as error:
        read_budget(Cell("50.000.000"), header_scale("Kinh phí (triệu đồng)"))

    assert error.value.code == "budget_scale"


def test_a_scaled_amount_is_noted_with_the_files_header():
    plan = world()
    content = _xlsx(
        [
            ["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian", "Kinh phí (triệu đồng)"],
            ["1", "Hội nghị tập huấn", "Sở Nội vụ", "Quý I", "15"],
            ["", "Tổng cộng", "", "", "15"],
        ]
    )
    with translation.override("vi"):
        preview = importing.validate_rows(
            plan=plan, read=importing.read_file(io.BytesIO(content), "a.xlsx")
        )

    (row,) = preview.rows
    assert row.cleaned["budget"] == 15_000_000
    assert any("(cột “Kinh phí (triệu đồng)”)" in note for note in row.notes)
    assert [skip.reason for skip in preview.skipped] == ["dòng tổng cộng"]


def test_numbered_rows_without_unit_and_time_above_deeper_rows_are_sections():
    world()
    content = _xlsx(
        [
            ["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"],
            ["I", "TUYÊN TRUYỀN TRÊN PHƯƠNG TIỆN THÔNG TIN"],
            ["1", "Trên báo chí, phát thanh, truyền hình"],
            ["1.1", "Chuyên mục cải cách hành chính", "Sở Nội vụ", "Quý I"],
            ["a)", "Tin bài trên mạng xã hội", "Sở Nội vụ", "Quý II"],
            ["2", "Hội nghị tổng kết", "Sở Nội vụ", ""],
            ["3", "Khảo sát", "Sở Nội vụ", "Quý III"],
        ]
    )
    read = importing.read_file(io.BytesIO(content), "a.xlsx")

    media = "Trên báo chí, phát thanh, truyền hình"
    part = "TUYÊN TRUYỀN TRÊN PHƯƠNG TIỆN THÔNG TIN"
    assert [(row.number, row.section) for row in read.rows] == [
        (4, f"{media} — {part}"),
        (5, f"{media} — {part}"),
        (6, part),
        (7, part),
    ]


@pytest.mark.parametrize("header", ["Nội dung", "Nội dung tuyên truyền", "Nhiệm vụ"])
def test_the_task_column_is_found_whatever_its_header(header):
    world()
    content = _xlsx(
        [
            ["STT", header, "Đơn vị chủ trì", "Thời gian"],
            ["1", "Hội nghị tập huấn cải cách hành chính", "Sở Nội vụ", "Quý I"],
        ]
    )
    read = importing.read_file(io.BytesIO(content), "a.xlsx")

    assert read.rows[0].text("title") == "Hội nghị tập huấn cải cách hành chính"
    assert read.columns["title"] == header
