"""The page, the xlsx, the docx and the csv all show the hand-worked figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from lxml import html

from campaigns.models import Activity, Unit
from nuithanh_cchc.text import csv_cell
from reports import detail
from reports.detail import report_task_rows
from reports.exports import to_csv, to_xlsx, values
from reports.exports.values import detail_converters, detail_headings
from reports.selectors import report_build, report_scope

from .docx_reading import header_cells, signature_cells
from .expected import (
    AUDIENCES,
    CHANNELS,
    DETAIL,
    OBJECTIVES,
    OVERDUE_TASKS,
    QUARTERS,
    SUMMARY,
    THEMES,
    UNITS,
    vi_number,
    vi_percent,
    vi_points,
)

pytestmark = pytest.mark.django_db

S = SUMMARY


@pytest.fixture
def leader_client(client, leader, fixture_year):
    client.force_login(leader)
    return client


@pytest.fixture
def page(leader_client):
    response = leader_client.get("/reports/2025/")
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def _figure(page, name: str) -> str:
    return page.xpath(f"string(//*[@data-figure='{name}'])").strip()


def _cell(page, row: str, col: str) -> str:
    found = page.xpath(f"//tr[@data-row='{row}']//*[@data-col='{col}']")
    assert found, f"no cell {row}/{col}"
    return found[0].text_content().strip()


def _approx(fraction):
    return None if fraction is None else pytest.approx(float(fraction))


# --- the selector -----------------------------------------------------------


def test_selector_sorts_every_task_into_its_tracking_category(fixture_year) -> None:
    report = report_build(year=2025)

    assert (
        report.tasks.done_on_time,
        report.tasks.done_late,
        report.tasks.in_term,
        report.tasks.overdue,
        report.tasks.cancelled,
    ) == (S["done_on_time"], S["done_late"], S["in_term"], S["overdue"], S["cancelled"])
    assert report.tasks.total == S["total"]
    assert report.tasks.completion_rate == _approx(S["completion"])


def test_selector_counts_activities_budget_and_reach(fixture_year) -> None:
    report = report_build(year=2025)

    acts = report.activities
    assert (
        acts.planned,
        acts.completed,
        acts.with_overdue,
        acts.in_progress,
        acts.cancelled,
    ) == (
        S["activities_planned"],
        S["activities_completed"],
        S["activities_with_overdue"],
        S["activities_in_progress"],
        S["activities_cancelled"],
    )
    assert acts.budget == S["budget"]
    assert (report.output.participants, report.output.reach) == (
        S["participants"],
        S["reach"],
    )


def test_selector_breakdowns_match_the_hand_count(fixture_year) -> None:
    report = report_build(year=2025)

    channels = {
        row.label: (
            row.activities,
            row.tasks.total,
            row.tasks.done_on_time,
            row.tasks.done_late,
            row.tasks.in_term,
            row.tasks.overdue,
            row.tasks.completion_rate,
            row.tasks.planned_output,
            row.output.actual_output,
            row.output.participants,
            row.output.reach,
            row.budget,
            row.done_with_evidence,
            row.done_without_evidence,
        )
        for row in report.by_channel
    }
    assert channels == {
        name: (*v[:6], _approx(v[6]), *v[7:]) for name, v in CHANNELS.items()
    }
    units = {
        row.label: (
            row.rank,
            row.tasks.total,
            row.tasks.done_on_time,
            row.tasks.done_late,
            row.tasks.in_term,
            row.tasks.overdue,
            row.tasks.overdue_share,
            row.tasks.completion_rate,
            row.tasks.cancelled,
        )
        for row in report.by_unit
    }
    assert units == {
        name: (*v[:6], _approx(v[6]), _approx(v[7]), v[8]) for name, v in UNITS.items()
    }
    assert [row.label for row in report.by_unit] == list(UNITS)
    assert [
        (row.key, row.tasks.total, row.tasks.done_on_time, row.tasks.overdue)
        for row in report.by_quarter
    ] == [(q, v[0], v[1], v[4]) for q, v in enumerate(QUARTERS.values(), start=1)]
    assert {
        row.label: (row.activities, row.tasks.total, row.tasks.done)
        for row in report.by_audience
    } == {name: (v[0], v[1], v[2] + v[3]) for name, v in AUDIENCES.items()}
    assert {
        row.label: (row.activities, row.tasks.total, row.tasks.done, row.tasks.overdue)
        for row in report.by_theme + report.by_objective
    } == {name: v[:4] for name, v in (THEMES | OBJECTIVES).items()}


def test_selector_scores_the_par_criterion(fixture_year) -> None:
    par = report_build(year=2025).par

    assert par.completion_points == Decimal(S["par_completion_points"])
    assert [(form.form, form.points) for form in par.forms] == [
        ("online", Decimal(S["par_online_points"])),
        ("traditional", Decimal(S["par_traditional_points"])),
    ]
    assert [(form.done, form.with_evidence) for form in par.forms] == [(4, 2), (3, 1)]
    assert par.total_points == Decimal(S["par_total"])
    assert par.max_points == Decimal(S["par_max"])


def test_selector_lists_the_overdue_tasks_by_due_date(fixture_year) -> None:
    report = report_build(year=2025)

    expected = [fixture_year.tasks[name].pk for name in OVERDUE_TASKS]
    assert [task.pk for task in report.overdue_tasks] == expected


# --- the page -----------------------------------------------------------------


def test_page_shows_the_summary_figures(page) -> None:
    assert _figure(page, "activities-planned") == "5"
    assert _figure(page, "activities-completed") == "1"
    assert _figure(page, "activities-with-overdue") == "2"
    assert _figure(page, "activities-cancelled") == "1"
    assert _figure(page, "tasks-total") == "12"
    assert _figure(page, "tasks-done") == "7"
    assert _figure(page, "tasks-done-on-time") == "5"
    assert _figure(page, "tasks-done-late") == "2"
    assert _figure(page, "tasks-in-term") == "3"
    assert _figure(page, "tasks-overdue") == "2"
    assert _figure(page, "tasks-cancelled") == "2"
    assert _figure(page, "completion-rate") == vi_percent(S["completion"]) == "58,3%"
    assert _figure(page, "overdue-share") == "16,7%"
    assert _figure(page, "budget") == vi_number(S["budget"]) == "15.000.000"
    assert _figure(page, "participants") == "90"
    assert _figure(page, "reach") == "2.600"
    assert _figure(page, "par-total") == vi_points(S["par_total"])
    assert _figure(page, "as-of") == "Số liệu tính đến ngày 30/06/2025"


def test_page_shows_each_channel(page, fixture_year) -> None:
    for channel, key in (
        (fixture_year.portal, "Cổng thông tin điện tử huyện"),
        (fixture_year.conference, "Hội nghị, giao ban"),
        (fixture_year.banners, "Pa-nô, băng rôn"),
    ):
        v = CHANNELS[key]
        row = f"channel-{channel.pk}"
        assert key in page.xpath(f"string(//tr[@data-row='{row}'])")
        assert [
            _cell(page, row, col)
            for col in (
                "activities",
                "total",
                "done-on-time",
                "done-late",
                "in-term",
                "overdue",
                "completion",
                "planned-output",
                "actual-output",
                "participants",
                "reach",
                "budget",
            )
        ] == [
            *(str(x) for x in v[:6]),
            vi_percent(v[6]),
            *(vi_number(x) for x in v[7:12]),
        ]
        assert _cell(page, f"evidence-{channel.pk}", "with-evidence") == str(v[12])
        assert _cell(page, f"evidence-{channel.pk}", "without-evidence") == str(v[13])


def test_page_ranks_the_units_with_their_task_tracking(page, fixture_year) -> None:
    units = {
        "UBND xã Tam Hiệp": fixture_year.tam_hiep,
        "UBND thị trấn Núi Thành": fixture_year.thi_tran,
        "Phòng Nội vụ": fixture_year.noi_vu,
    }
    rows = page.xpath("//tr[starts-with(@data-row, 'unit-')]")
    assert [row.get("data-row") for row in rows] == [
        f"unit-{units[name].pk}" for name in UNITS
    ]
    for name, v in UNITS.items():
        row = f"unit-{units[name].pk}"
        assert [
            _cell(page, row, col)
            for col in (
                "rank",
                "total",
                "done-on-time",
                "done-late",
                "in-term",
                "overdue",
                "overdue-share",
                "completion",
                "cancelled",
            )
        ] == [*(str(x) for x in v[:6]), vi_percent(v[6]), vi_percent(v[7]), str(v[8])]


def test_page_shows_quarters_audiences_themes_and_objectives(
    page, fixture_year
) -> None:
    for number, v in enumerate(QUARTERS.values(), start=1):
        row = f"quarter-{number}"
        assert [
            _cell(page, row, col)
            for col in ("total", "done-on-time", "done-late", "in-term", "overdue")
        ] == [str(x) for x in v[:5]]
        assert _cell(page, row, "completion") == vi_percent(v[5])
    groups = {
        "Cán bộ, công chức, viên chức": fixture_year.officials,
        "Người dân": fixture_year.citizens,
        "Doanh nghiệp": fixture_year.businesses,
    }
    for name, v in AUDIENCES.items():
        row = f"audience-{groups[name].pk}"
        assert name in page.xpath(f"string(//tr[@data-row='{row}'])")
        assert [
            _cell(page, row, col)
            for col in ("activities", "total", "overdue", "participants", "reach")
        ] == [str(v[0]), str(v[1]), str(v[5]), vi_number(v[7]), vi_number(v[8])]
        assert _cell(page, row, "completion") == vi_percent(v[6])
    for prefix, objects, expected in (
        ("theme", fixture_year.themes, THEMES),
        ("objective", fixture_year.objectives, OBJECTIVES),
    ):
        for obj, (label, v) in zip(objects, expected.items(), strict=True):
            row = f"{prefix}-{obj.pk}"
            assert label in page.xpath(f"string(//tr[@data-row='{row}'])")
            assert [
                _cell(page, row, col)
                for col in ("activities", "total", "done", "overdue", "completion")
            ] == [*(str(x) for x in v[:4]), vi_percent(v[4])]


def test_page_shows_the_par_self_assessment(page) -> None:
    assert _cell(page, "par-completion", "rate") == "58,3%"
    assert _cell(page, "par-completion", "points") == "0,00"
    assert _cell(page, "par-online", "points") == "0,50"
    assert _cell(page, "par-traditional", "points") == "0,50"
    assert _cell(page, "par-online", "with-evidence") == "2"
    assert _cell(page, "par-online", "done") == "4"
    assert _cell(page, "par-traditional", "with-evidence") == "1"
    assert _cell(page, "par-traditional", "done") == "3"
    online = page.xpath("string(//tr[@data-row='par-online'])")
    assert "Hình thức trực tuyến có minh chứng" in online
    assert "2/4 nhiệm vụ hoàn thành có minh chứng" in " ".join(online.split())
    assert _figure(page, "par-total-row") == "1,00"


def test_page_lists_the_overdue_tasks(page, fixture_year) -> None:
    rows = page.xpath("//tr[starts-with(@data-row, 'overdue-')]")

    assert [row.get("data-row") for row in rows] == [
        f"overdue-{fixture_year.tasks[name].pk}" for name in OVERDUE_TASKS
    ]
    assert "10/05/2025" in rows[0].text_content()
    assert [_cell(page, row.get("data-row"), "days-overdue") for row in rows] == [
        "51",
        "1",
    ]
    assert "Đăng tin cải cách hành chính trên Cổng thông tin" in rows[0].text_content()
    assert _figure(page, "overdue-count") == "2"


# --- the xlsx -----------------------------------------------------------------


@pytest.fixture
def workbook(leader_client):
    response = leader_client.get("/reports/2025/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _sheet_rows(ws) -> dict[str, tuple]:
    """First-column label -> the rest of the row, for the data rows."""
    return {
        row[0]: row[1:]
        for row in ws.iter_rows(min_row=2, values_only=True)
        if row and row[0]
    }


def test_xlsx_has_the_sheets_in_vietnamese(workbook) -> None:
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Theo hình thức",
        "Theo đối tượng",
        "Theo đơn vị",
        "Theo quý",
        "Theo nội dung",
        "Theo hoạt động",
        "Theo mục tiêu",
        "Chi tiết nhiệm vụ",
    ]


def test_xlsx_summary_shows_the_figures(workbook) -> None:
    rows = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True)}

    assert rows["Hoạt động theo kế hoạch"] == S["activities_planned"]
    assert rows["Hoạt động đã hoàn thành"] == S["activities_completed"]
    assert rows["Hoạt động có nhiệm vụ quá hạn"] == S["activities_with_overdue"]
    assert rows["Hoạt động bị hủy"] == S["activities_cancelled"]
    assert rows["Kinh phí kế hoạch (đồng)"] == S["budget"]
    assert rows["Nhiệm vụ phải thực hiện"] == S["total"]
    assert rows["Hoàn thành đúng hạn"] == S["done_on_time"]
    assert rows["Hoàn thành trễ hạn"] == S["done_late"]
    assert rows["Chưa hoàn thành, còn trong hạn"] == S["in_term"]
    assert rows["Quá hạn"] == S["overdue"]
    assert rows["Nhiệm vụ bị hủy"] == S["cancelled"]
    assert rows["Tỷ lệ hoàn thành"] == _approx(S["completion"])
    assert rows["Tỷ lệ quá hạn"] == _approx(S["overdue_share"])
    assert rows["Người tham dự"] == S["participants"]
    assert rows["Lượt tiếp cận"] == S["reach"]
    assert rows["Hình thức trực tuyến: điểm"] == float(S["par_online_points"])
    assert rows["Tổng điểm tự đánh giá"] == float(S["par_total"])


def _no_awaiting(row: tuple, at: int) -> tuple:
    """``row`` without its "done, awaiting review" column (none is waiting in
    this year's data)."""
    if len(row) <= at or row[at] is None:  # a note below the table
        return row
    assert row[at] == 0
    return (*row[:at], *row[at + 1 :])


def test_xlsx_breakdown_sheets_show_the_figures(workbook) -> None:
    channels = {
        name: _no_awaiting(row, 6)
        for name, row in _sheet_rows(workbook["Theo hình thức"]).items()
    }
    for name, v in CHANNELS.items():
        form, unit, *figures = channels[name]
        assert figures[:-1] == [
            *v[:6],
            _approx(v[6]),
            *v[7:],
        ]
    assert channels["Cổng thông tin điện tử huyện"][:2] == ("Trực tuyến", "tin, bài")
    assert channels["Tổng cộng"][3:8] == (12, 5, 2, 3, 2)

    units = {
        name: _no_awaiting(row, 4)
        for name, row in _sheet_rows(workbook["Theo đơn vị"]).items()
    }
    for name, v in UNITS.items():
        assert units[name][:9] == (
            *v[:6],
            _approx(v[7]),
            _approx(v[6]),
            v[8],
        )
    quarters = _sheet_rows(workbook["Theo quý"])
    for quarter, v in QUARTERS.items():
        row = _no_awaiting(quarters[f"Quý {quarter}"], 3)
        assert row[:6] == (*v[:5], _approx(v[5]))
    audiences = _sheet_rows(workbook["Theo đối tượng"])
    for name, v in AUDIENCES.items():
        row = _no_awaiting(audiences[name], 4)
        assert row[: len(v)] == (*v[:6], _approx(v[6]), *v[7:])
    for sheet, expected in (("Theo nội dung", THEMES), ("Theo mục tiêu", OBJECTIVES)):
        rows = _sheet_rows(workbook[sheet])
        for label, v in expected.items():
            row = _no_awaiting(rows[label], 4)
            activities, total, on_time, late, _in_term, overdue, rate = row[:7]
            assert (activities, total, on_time + late, overdue) == v[:4]
            assert rate == _approx(v[4])


def test_xlsx_task_detail_has_every_task(workbook, fixture_year) -> None:
    ws = workbook["Chi tiết nhiệm vụ"]
    header = [cell.value for cell in ws[1]]
    by_id = {
        row[0]: dict(zip(header, row, strict=True))
        for row in ws.iter_rows(min_row=2, values_only=True)
    }

    assert len(by_id) == 14
    for name, (tracking, completed, actual, evidence) in DETAIL.items():
        line = by_id[fixture_year.tasks[name].pk]
        assert line["Theo dõi"] == tracking
        done_on = line["Ngày hoàn thành"]
        assert (done_on.strftime("%d/%m/%Y") if done_on else "") == completed
        assert line["Sản phẩm thực hiện"] == actual
        assert line["Minh chứng"] == evidence
    t1 = by_id[fixture_year.tasks["t1"].pk]
    assert t1["Đối tượng tuyên truyền"] == "Cán bộ, công chức, viên chức; Người dân"
    assert t1["Đơn vị"] == "Phòng Nội vụ"
    assert t1["Loại hình"] == "Trực tuyến"
    assert by_id[fixture_year.tasks["t5"].pk]["Vai trò"] == "Phối hợp"


def _detail_cells(report) -> list[tuple]:
    out = io.BytesIO()
    to_xlsx.write_xlsx(report, out)
    ws = openpyxl.load_workbook(out)["Chi tiết nhiệm vụ"]
    return [
        (cell.value, cell.data_type, cell.number_format, cell.quotePrefix)
        for row in ws.iter_rows(min_row=2)
        for cell in row
        if cell.value is not None
    ]


def test_xlsx_detail_writes_dates_as_dates_and_formula_text_as_text(
    fixture_year, hostile_texts, monkeypatch
) -> None:
    report = report_build(year=2025)
    cells = _detail_cells(report)

    monkeypatch.setattr(values, "MEMO_MAX", 1)
    assert _detail_cells(report) == cells
    dates = [cell for cell in cells if isinstance(cell[0], dt.datetime)]
    assert dates
    assert {cell[2] for cell in dates} == {"DD/MM/YYYY"}
    hostile = [cell for cell in cells if cell[0] == "=HYPERLINK(1) cũ\nhơn"]
    assert len(hostile) == 5  # act1: t1 to t5
    assert {cell[1:] for cell in hostile} == {("s", "General", True)}
    assert not [cell for cell in cells if cell[1] == "f"]


def test_xlsx_sheets_have_bold_frozen_filtered_headers(workbook) -> None:
    for ws in workbook.worksheets[1:]:
        assert ws["A1"].font.bold, ws.title
        assert ws.freeze_panes in {"B2", "C2"}, ws.title
        assert (ws.auto_filter.ref or "").startswith("A1:"), ws.title
        assert ws.column_dimensions["A"].width >= 12, ws.title
    detail = workbook["Chi tiết nhiệm vụ"]
    assert detail["I2"].number_format == "DD/MM/YYYY"
    assert workbook["Theo đơn vị"]["I2"].number_format == "0.0%"
    assert workbook["Theo hình thức"]["P2"].number_format == "#,##0"


def test_xlsx_has_native_charts(workbook) -> None:
    assert len(workbook["Theo hình thức"]._charts) == 1
    assert len(workbook["Theo quý"]._charts) == 1


# --- the docx -----------------------------------------------------------------


@pytest.fixture
def document(leader_client):
    response = leader_client.get("/reports/2025/export.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="bao-cao-cchc-2025.docx"')
    return docx.Document(io.BytesIO(b"".join(response.streaming_content)))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _table(document, first_heading: str, second_heading: str) -> list[list[str]]:
    for table in document.tables:
        cells = [cell.text for cell in table.rows[0].cells]
        if cells[:2] == [first_heading, second_heading]:
            return [[cell.text for cell in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table {first_heading} / {second_heading}")


def test_docx_has_the_decree_30_heading(document) -> None:
    left, right = header_cells(document)
    assert left.startswith("UBND TỈNH QUẢNG NAM\nỦY BAN NHÂN DÂN\nHUYỆN NÚI THÀNH")
    assert "Số:       /BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in right
    assert right.endswith("Núi Thành, ngày 30 tháng 6 năm 2025")
    texts = _texts(document)
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == (
        "Kết quả thực hiện Kế hoạch tuyên truyền cải cách hành chính năm 2025"
    )
    assert texts[title + 3].startswith(
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 15/01/2025 của UBND huyện Núi Thành"
    )


def test_docx_states_the_overall_results(document) -> None:
    text = "\n".join(_texts(document))

    assert "Kế hoạch có 5 hoạt động, được triển khai thành 12 nhiệm vụ" in text
    assert "giao cho 3 cơ quan, đơn vị" in text
    assert "Tính đến ngày 30/06/2025, đã hoàn thành 7 nhiệm vụ (đạt 58,3%)" in text
    assert "trong đó 5 nhiệm vụ đúng hạn và 2 nhiệm vụ trễ hạn" in text
    assert (
        "3 nhiệm vụ chưa đến hạn và 2 nhiệm vụ quá hạn. Ngoài ra, có 2 nhiệm vụ" in text
    )
    assert (
        "1 hoạt động đã hoàn thành, 1 hoạt động đang triển khai và 2 hoạt động" in text
    )
    assert "Có 1 hoạt động bị hủy. Kinh phí theo kế hoạch" in text
    assert "Kinh phí theo kế hoạch: 15.000.000 đồng" in text
    assert "90 lượt người tham dự và 2.600 lượt xem, nghe, đọc" in text
    assert _table(document, "Chỉ tiêu", "Nhiệm vụ") == [
        ["Hoàn thành đúng hạn", "5", "41,7%"],
        ["Hoàn thành trễ hạn", "2", "16,7%"],
        ["Chưa hoàn thành, còn trong hạn", "3", "25,0%"],
        ["Quá hạn", "2", "16,7%"],
        ["Nhiệm vụ phải thực hiện", "12", "100,0%"],
    ]


def test_docx_tables_show_results_by_content_form_audience_and_unit(document) -> None:
    assert _table(document, "STT", "Nội dung tuyên truyền") == [
        [str(i), label, *(str(x) for x in v[:4]), vi_percent(v[4])]
        for i, (label, v) in enumerate(THEMES.items(), start=1)
    ]
    forms = {"Cổng thông tin điện tử huyện": "Trực tuyến"}
    assert _table(document, "STT", "Hình thức") == [
        [
            str(i),
            f"{name} ({forms.get(name, 'Truyền thống')})",
            unit,
            str(v[7]),
            str(v[8]),
            f"{v[2] + v[3]}/{v[1]}",
            vi_percent(v[6]),
        ]
        for i, ((name, v), unit) in enumerate(
            zip(CHANNELS.items(), ["tin, bài", "buổi", "sản phẩm"], strict=True),
            start=1,
        )
    ]
    assert _table(document, "STT", "Đối tượng") == [
        [
            str(i),
            name,
            str(v[0]),
            f"{v[2] + v[3]}/{v[1]}",
            vi_number(v[7]),
            vi_number(v[8]),
        ]
        for i, (name, v) in enumerate(AUDIENCES.items(), start=1)
    ]
    assert _table(document, "Xếp hạng", "Đơn vị") == [
        [*(str(x) for x in v[:1]), name, *(str(x) for x in v[1:6]),
         vi_percent(v[6]), vi_percent(v[7])]
        for name, v in UNITS.items()
    ]  # fmt: skip


def test_docx_self_assesses_the_par_criterion(document) -> None:
    assert _table(document, "Tiêu chí", "Kết quả") == [
        ["Mức độ thực hiện kế hoạch", "58,3%", "1,00", "0,00"],
        [
            "Hình thức trực tuyến có minh chứng",
            "2/4 nhiệm vụ hoàn thành",
            "0,50",
            "0,50",
        ],
        [
            "Hình thức truyền thống có minh chứng",
            "1/3 nhiệm vụ hoàn thành",
            "0,50",
            "0,50",
        ],
        ["Tổng cộng", "", "2,00", "1,00"],
    ]


def test_docx_draws_shortcomings_from_overdue_and_late_tasks(document) -> None:
    texts = _texts(document)
    start = texts.index("II. TỒN TẠI, HẠN CHẾ")
    end = texts.index("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026")
    section = "\n".join(texts[start:end])

    assert (
        "- Còn 2 nhiệm vụ quá hạn chưa hoàn thành (chiếm 16,7% số nhiệm vụ phải thực "
        "hiện), tại: UBND thị trấn Núi Thành (1); Phòng Nội vụ (1)."
    ) in section
    assert (
        "- Có 2 nhiệm vụ hoàn thành trễ hạn, tại: UBND xã Tam Hiệp (1); Phòng Nội vụ "
        "(1)."
    ) in section
    assert "- Mức độ thực hiện kế hoạch đạt 58,3%" in section
    assert "- Có 1 hoạt động của kế hoạch bị hủy." in section
    assert _table(document, "STT", "Hoạt động") == [
        ["1", "Đăng tin cải cách hành chính trên Cổng thông tin", "Phòng Nội vụ",
         "10/05/2025"],
        ["2", "Treo băng rôn tuyên truyền cải cách hành chính",
         "UBND thị trấn Núi Thành", "29/06/2025"],
    ]  # fmt: skip


def test_docx_prints_the_planners_directions_recipients_and_signature(
    document,
) -> None:
    texts = _texts(document)
    start = texts.index("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026")
    assert texts[start + 1 : start + 3] == [
        "Đẩy mạnh tuyên truyền trên nền tảng số, mạng xã hội.",
        "Nâng cao trách nhiệm người đứng đầu trong công tác tuyên truyền.",
    ]
    left, right = signature_cells(document)
    assert left.startswith("Nơi nhận:\n- Sở Nội vụ tỉnh Quảng Nam (b/c);")
    assert left.endswith("- Lưu: VT, NV.")
    assert right.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    assert right.endswith("Trần Văn An")


def test_docx_is_a4_in_times_new_roman_13_to_14(document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (
        21.0,
        29.7,
    )
    assert round(section.left_margin.cm, 1) == 3.0
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    body_runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert {run.font.name for run in body_runs} == {"Times New Roman"}
    assert {run.font.size.pt for run in body_runs} <= {12, 13, 14}
    assert sum(run.font.size.pt >= 13 for run in body_runs) > 0.9 * len(body_runs)


# --- the csv ------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_every_task(leader_client, fixture_year) -> None:
    response = leader_client.get("/reports/2025/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")

    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_id = {int(row["Mã nhiệm vụ"]): row for row in rows}
    assert len(rows) == 14
    for name, (tracking, completed, actual, evidence) in DETAIL.items():
        row = by_id[fixture_year.tasks[name].pk]
        assert (
            row["Theo dõi"],
            row["Ngày hoàn thành"],
            row["Sản phẩm thực hiện"],
            row["Minh chứng"],
        ) == (tracking, completed, "" if actual is None else str(actual), evidence)
    t12 = by_id[fixture_year.tasks["t12"].pk]
    assert t12["Hoạt động"] == "Treo băng rôn tuyên truyền cải cách hành chính"
    assert t12["Đơn vị"] == "UBND thị trấn Núi Thành"
    assert t12["Hạn hoàn thành"] == "15/03/2025"
    assert t12["Hình thức"] == "Pa-nô, băng rôn"


def test_csv_counts_per_category_match_the_summary(leader_client) -> None:
    csv_rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    leader_client.get("/reports/2025/export.csv").streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    counts: dict[str, int] = {}
    for row in csv_rows[1:]:
        counts[row[11]] = counts.get(row[11], 0) + 1

    assert counts == {
        "Hoàn thành đúng hạn": S["done_on_time"],
        "Hoàn thành trễ hạn": S["done_late"],
        "Chưa hoàn thành, còn trong hạn": S["in_term"],
        "Quá hạn": S["overdue"],
        "Đã hủy": S["cancelled"],
    }


def _csv_cell_by_cell(report) -> bytes:
    """The csv as its rule says, one cell at a time: the reference the streamed
    file must equal byte for byte. Labels translated, dates dd/mm/yyyy, nothing
    for None, text through csv_cell (never a formula, no control character),
    numbers as they are."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(heading) for heading in detail_headings()])
    converters = detail_converters()
    for row in report_task_rows(report):
        cells = []
        for value, convert in zip(row, converters, strict=True):
            value = convert(value)
            if isinstance(value, dt.date):
                value = value.strftime("%d/%m/%Y")
            cells.append("" if value is None else csv_cell(value))
        writer.writerow(cells)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


@pytest.fixture
def hostile_texts(fixture_year) -> None:
    """An activity title and a unit name written past the model (older rows):
    a formula and control characters."""
    Activity.objects.filter(pk=fixture_year.activities["act1"].pk).update(
        title="=HYPERLINK(1)\x1b cũ\x0bhơn"
    )
    Unit.objects.filter(pk=fixture_year.tam_hiep.pk).update(name="-2+3 xã\x07")


def test_csv_is_the_task_detail_cell_by_cell(fixture_year, hostile_texts) -> None:
    scope = report_scope(year=2025)
    out = io.BytesIO()

    to_csv.write_csv(scope, out)

    assert out.getvalue() == _csv_cell_by_cell(scope)
    assert "'=HYPERLINK(1) cũ\nhơn" in out.getvalue().decode("utf-8-sig")


def test_csv_is_the_same_however_few_cells_it_remembers(
    fixture_year, hostile_texts, monkeypatch
) -> None:
    scope = report_scope(year=2025)
    remembered, forgetful = io.BytesIO(), io.BytesIO()
    to_csv.write_csv(scope, remembered)

    monkeypatch.setattr(values, "MEMO_MAX", 1)
    to_csv.write_csv(scope, forgetful)

    assert forgetful.getvalue() == remembered.getvalue()
    assert forgetful.getvalue() == _csv_cell_by_cell(scope)


def test_detail_lists_audience_groups_in_the_groups_order(fixture_year) -> None:
    fixture_year.officials.order = 9
    fixture_year.officials.save()

    rows = {row.task_id: row for row in report_task_rows(report_scope(year=2025))}

    assert rows[fixture_year.tasks["t1"].pk].audiences == (
        "Người dân; Cán bộ, công chức, viên chức"
    )
    assert rows[fixture_year.tasks["t6"].pk].audiences == (
        "Cán bộ, công chức, viên chức"
    )


def test_detail_rows_do_not_depend_on_the_chunk_size(fixture_year, monkeypatch):
    report = report_build(year=2025)
    whole = list(report_task_rows(report))

    monkeypatch.setattr(detail, "DETAIL_CHUNK_SIZE", 3)
    chunked = list(report_task_rows(report))

    assert chunked == whole
    assert len(whole) == 14
    by_id = {row.task_id: row for row in chunked}
    assert by_id[fixture_year.tasks["t1"].pk].audiences == (
        "Cán bộ, công chức, viên chức; Người dân"
    )
    assert by_id[fixture_year.tasks["t14"].pk].audiences == "Người dân"
