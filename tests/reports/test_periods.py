"""Reports of a period as of a day; one selector behind the page and every file;
the PAR evidence bundle holds exactly the period's evidence files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import threading
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from campaigns.models import Activity, ProgressReport, Task
from campaigns.tallies import tallies_kept
from channels.models import Channel
from reports.exports import to_zip
from reports.periods import Period, PeriodCode
from reports.selectors import report_build
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    ChannelFactory,
    EvidenceFileFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    home_organisation,
)

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HCM)


@dataclass
class Scene:
    may: Task  # Q2, done 09/05 with a report and a file
    june: Task  # Q2, done only on 05/07 (late), report and file filed then
    august: Task  # Q3, done 10/08 with a file
    online: Channel


@pytest.fixture
def scene(db) -> Scene:
    """One plan of 2024, 3 000 000 VND over three tasks of one online activity."""
    home_organisation(name="UBND xã Tam Xuân", short_name="Tam Xuân")
    plan = PlanFactory(year=2024, issuer="UBND xã Tam Xuân", number="5/KH-UBND")
    online = ChannelFactory(name="Trang thông tin xã", form=Channel.Form.ONLINE)
    unit = UnitFactory(name="Văn phòng HĐND-UBND xã", short_name="Văn phòng")
    activity = ActivityFactory(
        plan=plan,
        channel=online,
        lead_unit=unit,
        title="Đăng tin CCHC",
        start_date=dt.date(2024, 5, 1),
        due_date=dt.date(2024, 8, 31),
        budget=Decimal(3_000_000),
    )

    def task(due: dt.date, done: dt.date, cost: int, output: int) -> Task:
        made = TaskFactory(
            activity=activity,
            due_date=due,
            planned_output=2,
            status=Task.Status.DONE,
            completed_at=at(done),
        )
        report = ProgressReportFactory(
            task=made,
            actual_output=output,
            actual_cost=Decimal(cost),
            submitted_at=at(done),
        )
        EvidenceFileFactory(report=report, uploaded_at=at(done), original_name="a.JPG")
        return made

    return Scene(
        may=task(dt.date(2024, 5, 10), dt.date(2024, 5, 9), 1_000_000, 2),
        june=task(dt.date(2024, 6, 20), dt.date(2024, 7, 5), 500_000, 1),
        august=task(dt.date(2024, 8, 15), dt.date(2024, 8, 10), 250_000, 3),
        online=online,
    )


def test_a_quarter_counts_its_tasks_as_they_stood_on_the_as_of_day(scene) -> None:
    report = report_build(year=2024, period="q2", as_of=dt.date(2024, 6, 30))

    assert (report.tasks.total, report.tasks.done_on_time, report.tasks.overdue) == (
        2,
        1,
        1,
    )
    # The June report was filed on 05/07: it does not count on 30/06.
    assert report.output.actual_cost == Decimal(1_000_000)
    assert report.output.actual_output == 2
    assert report.activities.budget == Decimal(2_000_000)
    assert [task.pk for task in report.overdue_tasks] == [scene.june.pk]


def test_a_later_as_of_day_counts_the_late_work(scene) -> None:
    report = report_build(year=2024, period="q2", as_of=dt.date(2024, 7, 10))

    assert (report.tasks.done_on_time, report.tasks.done_late) == (1, 1)
    assert report.output.actual_cost == Decimal(1_500_000)


def test_the_year_counts_every_task_and_the_whole_budget(scene) -> None:
    report = report_build(year=2024, as_of=dt.date(2024, 12, 31))

    assert report.tasks.total == 3
    assert report.activities.budget == Decimal(3_000_000)
    assert report.output.actual_cost == Decimal(1_750_000)
    assert [row.budget for row in report.by_quarter] == [0, 2_000_000, 1_000_000, 0]


def test_as_of_defaults_to_the_period_end_or_today(scene) -> None:
    with time_machine.travel(at(dt.date(2024, 5, 15)), tick=False):
        assert report_build(year=2024, period="q2").as_of == dt.date(2024, 5, 15)
        assert report_build(year=2024, period="q1").as_of == dt.date(2024, 3, 31)


@pytest.mark.parametrize(
    ("code", "phrase", "following"),
    [
        ("q2", "quý II năm 2024", "quý III năm 2024"),
        ("q4", "quý IV năm 2024", "quý I năm 2025"),
        ("h1", "6 tháng đầu năm 2024", "6 tháng cuối năm 2024"),
        ("9m", "9 tháng đầu năm 2024", "quý IV năm 2024"),
        ("year", "năm 2024", "năm 2025"),
    ],
)
def test_periods_are_named_as_offices_write_them(code, phrase, following) -> None:
    from django.utils import translation

    with translation.override("vi"):
        assert Period(2024, code).phrase() == phrase
        assert Period(2024, code).next_phrase() == following


def _page_figure(page: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', page)
    assert match, name
    return match.group(1)


def test_a_quarter_is_the_same_on_the_page_and_in_every_file(
    client, admin_user, scene, tmp_path
) -> None:
    client.force_login(admin_user)
    query = "?period=q2&as_of=2024-06-30"
    page = client.get(f"/reports/2024/{query}").content.decode()
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(f"/reports/2024/export.xlsx{query}")))
    )
    document = docx.Document(
        io.BytesIO(b"".join(client.get(f"/reports/2024/export.docx{query}")))
    )
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get(f"/reports/2024/export.csv{query}").streaming_content
                ).decode("utf-8-sig")
            )
        )
    )

    assert _page_figure(page, "title") == "Báo cáo quý II năm 2024"
    assert _page_figure(page, "tasks-total") == "2"
    assert _page_figure(page, "tasks-done") == "1"
    assert _page_figure(page, "tasks-overdue") == "1"
    assert _page_figure(page, "budget") == "2.000.000"
    assert _page_figure(page, "actual-cost") == "1.000.000"
    summary = {
        row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True)
    }
    assert summary["Nhiệm vụ phải thực hiện"] == 2
    assert summary["Quá hạn"] == 1
    assert summary["Kinh phí kế hoạch (đồng)"] == 2_000_000
    assert summary["Chi phí thực tế (đồng)"] == 1_000_000
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kết quả công tác tuyên truyền cải cách hành chính quý II năm 2024" in text
    assert "Tính đến ngày 30/06/2024, đã hoàn thành 1 nhiệm vụ" in text
    assert "Kinh phí theo kế hoạch: 2.000.000 đồng." in text
    assert "Kinh phí đã chi: 1.000.000 đồng." in text
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024" in text
    header = document.tables[0].rows[0].cells[1].text
    assert header.endswith("ngày 30 tháng 6 năm 2024")
    assert sorted(int(row["Mã nhiệm vụ"]) for row in rows) == sorted(
        [scene.may.pk, scene.june.pk]
    )
    assert sum(int(row["Chi phí thực tế (đồng)"] or 0) for row in rows) == 1_000_000
    assert [row["Theo dõi"] for row in rows].count("Quá hạn") == 1


def test_the_bundle_holds_every_evidence_file_of_the_period_and_nothing_else(
    client, admin_user, scene
) -> None:
    client.force_login(admin_user)
    response = client.get("/reports/2024/evidence.zip?period=q2&as_of=2024-07-10")
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    names = bundle.namelist()
    evidence = [name for name in names if name.startswith("2. ")]
    assert evidence == [
        "2. Hình thức trực tuyến/10-05-2024 Văn phòng Đăng tin CCHC.jpg",
        "2. Hình thức trực tuyến/20-06-2024 Văn phòng Đăng tin CCHC.jpg",
    ]
    assert "1. Kế hoạch và kết quả thực hiện/Báo cáo quý II năm 2024.docx" in names
    assert "index.xlsx" in names
    assert len(names) == 4
    index = openpyxl.load_workbook(io.BytesIO(bundle.read("index.xlsx"))).active
    listed = [row[0] for row in index.iter_rows(min_row=2, values_only=True)]
    assert listed == evidence


def test_a_file_filed_after_the_as_of_day_is_left_out(client, admin_user, scene):
    client.force_login(admin_user)
    response = client.get("/reports/2024/evidence.zip?period=q2&as_of=2024-06-30")
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()

    assert [name for name in names if name.startswith("2. ")] == [
        "2. Hình thức trực tuyến/10-05-2024 Văn phòng Đăng tin CCHC.jpg"
    ]


def test_files_of_one_task_are_numbered_and_copied_byte_for_byte(
    client, admin_user, scene, monkeypatch
) -> None:
    # Past a few bytes the stream and the zip's directory go through disk.
    monkeypatch.setattr(to_zip, "SPOOL_MAX", 16)
    Activity.objects.filter(pk=scene.may.activity_id).update(title="Đăng tin " * 30)
    report = scene.may.reports.get()
    photos = {
        name: EvidenceFileFactory(
            report=report,
            uploaded_at=at(dt.date(2024, 5, 9)),
            original_name=name,
            file=ContentFile(name.encode() * 1000, name=name),
        )
        for name in ("b.jpg", "c.jpg")
    }
    client.force_login(admin_user)

    response = client.get("/reports/2024/evidence.zip?period=q2&as_of=2024-06-30")
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    assert bundle.testzip() is None
    evidence = [name for name in bundle.namelist() if name.startswith("2. ")]
    stems = [PurePath(name).stem for name in evidence]
    assert [len(stem) for stem in stems] == [to_zip.NAME_MAX] * 3
    assert [stem[-4:] for stem in stems[1:]] == [" (2)", " (3)"]
    assert bundle.read(evidence[1]) == b"b.jpg" * 1000
    assert bundle.read(evidence[2]) == b"c.jpg" * 1000
    listed = openpyxl.load_workbook(io.BytesIO(bundle.read("index.xlsx"))).active
    assert [row[8] for row in listed.iter_rows(min_row=2, values_only=True)] == [
        "a.JPG",
        *photos,
    ]


def test_a_long_name_claimed_again_gets_a_number_it_can_show() -> None:
    names = to_zip._Names()
    claimed: list[str] = []

    def claim_three() -> None:
        for _ in range(3):
            claimed.append(names.claim("2. Online", "10-05-2024 " + "x" * 300, ".jpg"))

    worker = threading.Thread(target=claim_three, daemon=True)
    worker.start()
    worker.join(timeout=10)

    assert [name[-8:] for name in claimed] == ["xxxx.jpg", " (2).jpg", " (3).jpg"]


def test_the_bundle_is_not_for_unit_heads(client, unit_head, scene) -> None:
    client.force_login(unit_head)

    assert client.get("/reports/2024/evidence.zip").status_code == 403


def test_the_command_writes_the_bundle_of_a_period(scene, tmp_path) -> None:
    output = tmp_path / "minh-chung.zip"

    call_command(
        "export_report",
        "--year=2024",
        "--period=h1",
        "--as-of=2024-06-30",
        "--format=zip",
        f"--output={output}",
        stdout=io.StringIO(),
    )

    names = zipfile.ZipFile(output).namelist()
    assert "1. Kế hoạch và kết quả thực hiện/Báo cáo 6 tháng đầu năm 2024.docx" in (
        names
    )
    assert len([name for name in names if name.startswith("2. ")]) == 1


def test_a_bad_period_or_date_on_the_page_is_explained(client, leader, scene) -> None:
    client.force_login(leader)
    page = client.get("/reports/2024/?period=q5&as_of=31/02/2024").content.decode()

    assert "“q5” không phải là kỳ báo cáo" in page
    assert "“31/02/2024” không phải là ngày" in page


def test_the_tasks_waiting_for_review_are_those_of_the_period(db, settings) -> None:
    settings.REPORT_REVIEW_REQUIRED = True
    plan = PlanFactory(year=2024)
    for due in (dt.date(2024, 2, 10), dt.date(2024, 5, 10), dt.date(2024, 5, 20)):
        task = TaskFactory(
            activity=ActivityFactory(plan=plan, due_date=due),
            status=Task.Status.DONE,
            accepted_at=None,
        )
        ProgressReportFactory(
            task=task, review_status=ProgressReport.ReviewStatus.SUBMITTED
        )

    def awaiting(period: str) -> int:
        report = report_build(
            year=2024, plan_id=plan.pk, period=period, as_of=dt.date(2024, 12, 31)
        )
        return report.tasks.awaiting_review

    assert awaiting(PeriodCode.Q1) == 1
    assert awaiting(PeriodCode.Q2) == 2
    assert awaiting(PeriodCode.YEAR) == 3
    settings.REPORT_REVIEW_REQUIRED = False
    assert awaiting(PeriodCode.YEAR) == 0


def _table_after(document, title: str) -> list[list[str]]:
    """The rows of the first table that follows the paragraph `title`."""
    seen = False
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            seen = seen or block.text == title
        elif seen:
            return [[cell.text for cell in row.cells] for row in block.rows]
    raise AssertionError(f"no table after {title!r}")


def test_the_docx_gives_output_and_spend_by_unit_quarter_theme_and_audience(
    client, admin_user, scene
) -> None:
    client.force_login(admin_user)
    document = docx.Document(
        io.BytesIO(b"".join(client.get("/reports/2024/export.docx?as_of=2024-12-31")))
    )

    by_quarter = _table_after(document, "c) Theo quý")
    by_unit = _table_after(document, "b) Theo cơ quan, đơn vị")
    by_audience = _table_after(document, "đ) Theo nhóm đối tượng")

    assert by_quarter[0][0] == "Quý"
    # Q2: the May and June tasks (2 + 2 planned, 2 + 1 done, 2 000 000 planned,
    # 1 500 000 spent); Q3: August.
    assert by_quarter[2] == ["Quý II", "4", "3", "2.000.000", "1.500.000"]
    assert by_quarter[3] == ["Quý III", "2", "3", "1.000.000", "250.000"]
    assert by_quarter[-1] == ["Tổng cộng", "6", "6", "3.000.000", "1.750.000"]
    assert by_unit[1][1:] == ["6", "6", "3.000.000", "1.750.000"]
    # An activity counts in each of its groups: no total that would not add up.
    assert by_audience[-1][0] != "Tổng cộng"


def test_a_task_reopened_after_the_as_of_day_counts_as_it_stood_then(
    db, planner
) -> None:
    from campaigns.services.work import task_reopen

    with time_machine.travel(at(dt.date(2024, 5, 2)), tick=False):
        task = TaskFactory(
            activity=ActivityFactory(plan=PlanFactory(year=2024)),
            due_date=dt.date(2024, 5, 10),
        )
    with time_machine.travel(at(dt.date(2024, 5, 9)), tick=False):
        task.status = Task.Status.DONE
        task.completed_at = task.accepted_at = at(dt.date(2024, 5, 9))
        with tallies_kept(Q(pk=task.pk)):
            task.save()
    with time_machine.travel(at(dt.date(2024, 7, 15)), tick=False):
        task_reopen(task=task, user=planner, reason="Thiếu ảnh minh chứng")

    signed = report_build(year=2024, period="q2", as_of=dt.date(2024, 6, 30))
    after = report_build(year=2024, period="q2", as_of=dt.date(2024, 7, 20))

    # The quarterly report signed on 30/06 does not move when the task is
    # reopened in July; a report as of 20/07 sees it open and overdue.
    assert (signed.tasks.done_on_time, signed.tasks.overdue) == (1, 0)
    assert signed.overdue_tasks == []
    assert (after.tasks.done_on_time, after.tasks.overdue) == (0, 1)


def test_a_report_accepted_after_the_as_of_day_was_not_yet_done_then(db) -> None:
    with time_machine.travel(at(dt.date(2024, 5, 2)), tick=False):
        task = TaskFactory(
            activity=ActivityFactory(plan=PlanFactory(year=2024)),
            due_date=dt.date(2024, 6, 20),
        )
    with time_machine.travel(at(dt.date(2024, 6, 18)), tick=False):
        task.status = Task.Status.DONE
        task.completed_at = at(dt.date(2024, 6, 18))
        with tallies_kept(Q(pk=task.pk)):
            task.save()
    with time_machine.travel(at(dt.date(2024, 7, 3)), tick=False):
        task.accepted_at = timezone.now()
        with tallies_kept(Q(pk=task.pk)):
            task.save()

    on_30_june = report_build(year=2024, period="q2", as_of=dt.date(2024, 6, 30))
    in_july = report_build(year=2024, period="q2", as_of=dt.date(2024, 7, 5))

    # Marked done, not yet accepted: awaiting review, never overdue.
    assert (
        on_30_june.tasks.done_on_time,
        on_30_june.tasks.awaiting_review,
        on_30_june.tasks.overdue,
    ) == (0, 1, 0)
    assert on_30_june.overdue_tasks == []
    # Once accepted it counts as done on its completion day: on time.
    assert (in_july.tasks.done_on_time, in_july.tasks.overdue) == (1, 0)


def test_each_audience_group_has_the_planned_spend_of_its_activities(db) -> None:
    plan = PlanFactory(year=2024)
    citizens, firms = (
        AudienceGroupFactory(name="Người dân"),
        AudienceGroupFactory(name="Doanh nghiệp"),
    )
    both = ActivityFactory(
        plan=plan, budget=Decimal(4_000_000), audience_groups=[citizens, firms]
    )
    citizens_only = ActivityFactory(
        plan=plan, budget=Decimal(1_000_000), audience_groups=[citizens]
    )
    for activity in (both, citizens_only):
        TaskFactory(activity=activity, due_date=dt.date(2024, 5, 10))

    report = report_build(year=2024, as_of=dt.date(2024, 12, 31))

    budgets = {row.label: row.budget for row in report.by_audience}
    # An activity addressing two groups counts whole in each.
    assert budgets["Người dân"] == Decimal(5_000_000)
    assert budgets["Doanh nghiệp"] == Decimal(4_000_000)


def test_the_page_lists_the_first_activities_and_says_the_files_have_the_rest(
    client, leader, settings, monkeypatch
) -> None:
    from reports import views

    monkeypatch.setattr(views, "PAGE_ACTIVITY_ROWS", 2)
    plan = PlanFactory(year=2024)
    for day in (3, 4, 5):
        TaskFactory(activity=ActivityFactory(plan=plan), due_date=dt.date(2024, 5, day))
    client.force_login(leader)

    page = client.get("/reports/2024/?as_of=2024-12-31").content.decode()

    assert page.count('data-row="activity-') == 3  # two activities and the total
    assert _page_figure(page, "activities-left").startswith(
        "Liệt kê 2 hoạt động đầu tiên; 1 hoạt động còn lại có trong tệp Excel."
    )


def test_the_docx_lists_the_first_activities_and_says_the_xlsx_has_the_rest(
    client, admin_user, monkeypatch
) -> None:
    from reports.exports.to_docx import spend

    monkeypatch.setattr(spend, "ACTIVITY_ROWS", 2)
    plan = PlanFactory(year=2024)
    for day in (3, 4, 5):
        TaskFactory(activity=ActivityFactory(plan=plan), due_date=dt.date(2024, 5, day))
    client.force_login(admin_user)

    document = docx.Document(
        io.BytesIO(b"".join(client.get("/reports/2024/export.docx?as_of=2024-12-31")))
    )

    rows = _table_after(document, "e) Theo hoạt động")
    assert len(rows) == 1 + 2 + 1  # heading, two activities, total
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "Liệt kê 2 hoạt động đầu tiên; 1 hoạt động còn lại có trong tệp Excel." in text
    )
