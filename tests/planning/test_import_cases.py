"""The import cases (appendices as offices write them) read as their README says.

Each file of ``tests/planning/import_cases/`` is imported into a 2025 plan with
the demo catalogue; the expected values are the right readings of the README.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from campaigns.models import Activity, Plan, Task, Unit
from planning import importing
from planning.importing.report import preview_text
from tests.factories import UserFactory
from tests.planning.import_world import CASES, demo_plan_2025

pytestmark = pytest.mark.django_db

D = dt.date


def _import(name: str, *args: str) -> Plan:
    plan = demo_plan_2025()
    call_command(
        "import_activities",
        str(CASES / name),
        "--plan",
        str(plan.pk),
        "--user",
        UserFactory(role=Role.PLANNER).username,
        *args,
    )
    return plan


def _activity(plan: Plan, start_of_title: str) -> Activity:
    return plan.activities.get(title__startswith=start_of_title)


def _lead_dues(activity: Activity) -> list[dt.date]:
    return list(
        activity.tasks.filter(is_lead=True)
        .order_by("due_date")
        .values_list("due_date", flat=True)
    )


def _communes_and_township() -> set[Unit]:
    return set(Unit.objects.filter(kind__in=[Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP]))


# --- 01: the appendix as published ----------------------------------------------


@pytest.fixture
def published() -> Plan:
    return _import("01_appendix_published_layout.xlsx")


def test_published_appendix_gives_five_activities(published):
    assert published.activities.count() == 5


def test_ongoing_row_is_one_year_long_task_on_the_portal(published):
    activity = _activity(published, "Đăng tải tin, bài")
    assert (activity.start_date, activity.due_date) == (D(2025, 1, 1), D(2025, 12, 31))
    assert activity.recurrence == ""
    assert activity.channel.code == "cong-ttdt"
    assert _lead_dues(activity) == [D(2025, 12, 31)]


def test_monthly_row_is_due_on_each_months_last_day_on_the_radio(published):
    activity = _activity(published, "Xây dựng chuyên mục")
    assert activity.channel.code == "truyen-thanh"
    assert _lead_dues(activity) == [
        D(2025, 1, 31),
        D(2025, 2, 28),
        D(2025, 3, 31),
        D(2025, 4, 30),
        D(2025, 5, 31),
        D(2025, 6, 30),
        D(2025, 7, 31),
        D(2025, 8, 31),
        D(2025, 9, 30),
        D(2025, 10, 31),
        D(2025, 11, 30),
        D(2025, 12, 31),
    ]
    # "12 chuyên mục" for the year, spread over 12 occurrences.
    assert activity.planned_output == 1


def test_quarter_row_covers_the_first_quarter(published):
    activity = _activity(published, "Quán triệt kế hoạch")
    assert (activity.start_date, activity.due_date) == (D(2025, 1, 1), D(2025, 3, 31))
    assert _lead_dues(activity) == [D(2025, 3, 31)]


def test_month_row_has_the_communes_and_township_among_supporting_units(published):
    activity = _activity(published, "Tổ chức Hội thi")
    assert (activity.start_date, activity.due_date) == (D(2025, 9, 1), D(2025, 9, 30))
    supporting = set(activity.supporting_units.all())
    assert _communes_and_township() <= supporting
    assert {u.name for u in supporting} >= {
        "Phòng Tư pháp",
        "Phòng Văn hóa và Thông tin",
    }


def test_group_lead_gives_every_unit_a_task_due_on_the_deadline(published):
    activity = _activity(published, "Báo cáo kết quả")
    assert activity.due_date == D(2025, 6, 15)
    tasks = Task.objects.filter(activity=activity)
    assert {task.unit for task in tasks} == set(Unit.objects.filter(is_active=True))
    assert {task.due_date for task in tasks} == {D(2025, 6, 15)}


def test_published_preview_says_how_each_phrase_was_read_and_what_was_skipped():
    plan = demo_plan_2025()
    with (CASES / "01_appendix_published_layout.xlsx").open("rb") as handle:
        read = importing.read_file(handle, "01.xlsx")
    preview = importing.validate_rows(plan=plan, read=read)
    text = preview_text(preview)
    assert "“Quý I/2025” → 01/01–31/03/2025" in text
    assert "“Tháng 9/2025” → 01/09–30/09/2025" in text
    assert (preview.rows_read, preview.imported_count, len(preview.skipped)) == (
        7,
        5,
        2,
    )
    assert [skip.number for skip in preview.skipped] == [6, 9]


# --- 02: the template with time words -------------------------------------------


def test_time_words_in_the_templates_date_columns():
    plan = _import("02_template_vn_time_words.xlsx")
    spans = {
        activity.title[-1]: (activity.start_date, activity.due_date)
        for activity in plan.activities.all()
    }
    assert spans == {
        "1": (D(2025, 1, 1), D(2025, 3, 31)),
        "2": (D(2025, 3, 1), D(2025, 3, 31)),
        "3": (D(2025, 1, 1), D(2025, 12, 31)),
        "4": (D(2025, 1, 1), D(2025, 12, 31)),
        "5": (D(2025, 1, 1), D(2025, 6, 30)),
        "6": (D(2025, 3, 1), D(2025, 3, 31)),
    }


# --- 08: unit names as typed ------------------------------------------------------


@pytest.fixture
def names() -> Plan:
    return _import("08_names_nfd_commas_abbrev.xlsx")


def test_unit_names_as_typed_give_five_activities(names):
    assert names.activities.count() == 5
    assert _activity(names, "Tuyên truyền CCHC tại xã (NFD)").lead_unit.name == (
        "UBND xã Tam Hiệp"
    )
    assert _activity(names, "Tuyên truyền CCHC tại xã (Hoà)").lead_unit.name == (
        "UBND xã Tam Hòa"
    )


def test_comma_list_gives_two_supporting_units(names):
    activity = _activity(names, "Tuyên truyền CCHC (phối hợp, dấu phẩy)")
    assert {u.name for u in activity.supporting_units.all()} == {
        "Phòng Tư pháp",
        "Phòng Văn hóa và Thông tin",
    }


def test_group_words_give_every_commune_and_the_township(names):
    activity = _activity(names, "Tuyên truyền CCHC (phối hợp tập thể)")
    assert set(activity.supporting_units.all()) == _communes_and_township()


def test_short_names_find_their_units(names):
    activity = _activity(names, "Tuyên truyền CCHC (viết tắt)")
    assert activity.lead_unit.name == "Phòng Văn hóa và Thông tin"
    assert [u.kind for u in activity.supporting_units.all()] == [Unit.Kind.TOWNSHIP]


# --- 10: budgets and outputs in words --------------------------------------------


def test_budget_with_a_decimal_comma_is_refused_clearly(capsys, planner):
    plan = demo_plan_2025()
    with pytest.raises(CommandError):
        call_command(
            "import_activities",
            str(CASES / "10_budget_output_words.xlsx"),
            "--plan",
            str(plan.pk),
            "--user",
            planner.username,
        )
    out = capsys.readouterr().out
    assert "“12,5”: kinh phí tính bằng đồng, không có phần lẻ" in out
    assert not plan.activities.exists()


def test_budgets_and_outputs_in_words_are_read():
    plan = _import("10_budget_output_words.xlsx", "--skip-invalid")
    budgets = {a.title: a.budget for a in plan.activities.all()}
    assert budgets == {
        "Chuyên mục CCHC kinh phí lồng ghép": None,
        "Chuyên mục CCHC kinh phí triệu": 50_000_000,
        "Chuyên mục CCHC kinh phí đ": 50_000_000,
        "Chuyên mục CCHC kinh phí số": 50_000_000,
        "Chuyên mục CCHC sản phẩm chữ": None,
    }
    assert _activity(plan, "Chuyên mục CCHC sản phẩm chữ").planned_output == 12
    assert "Lồng ghép kinh phí thường xuyên" in (
        _activity(plan, "Chuyên mục CCHC kinh phí lồng ghép").description
    )


# --- every case: the page and the command read alike -----------------------------


@pytest.mark.parametrize(
    "name",
    [
        "01_appendix_published_layout.xlsx",
        "02_template_vn_time_words.xlsx",
        "08_names_nfd_commas_abbrev.xlsx",
    ],
)
def test_page_reads_each_case_as_the_command_does(name, planner_client):
    plan = demo_plan_2025()
    upload = SimpleUploadedFile(name, (CASES / name).read_bytes())
    page = planner_client.post(
        reverse("planning:plan_import", args=[plan.pk]), {"file": upload}
    )
    assert 'id="import-save"' in page.content.decode()
    saved = planner_client.post(
        reverse("planning:plan_import", args=[plan.pk]), {"confirm": "1"}
    )

    assert saved.status_code == 302
    with (CASES / name).open("rb") as handle:
        read = importing.read_file(handle, name)
    assert plan.activities.count() == len(read.rows)


# --- 09: monthly rules on days 30/31, COUNT, BYSETPOS -------------------------------


@pytest.fixture
def rules() -> Plan:
    return _import("09_rrule_edges.xlsx")


@pytest.mark.parametrize(
    "title",
    [
        "Báo cáo ngày 31 hằng tháng",
        "Chuyên mục hằng tháng từ 31/01",
        "Báo cáo ngày 30 hằng tháng",
    ],
)
def test_days_30_and_31_give_every_month_falling_back_to_its_last_day(rules, title):
    dues = _lead_dues(rules.activities.get(title=title))

    assert [due.month for due in dues] == list(range(1, 13))
    assert dues[1] == D(2025, 2, 28)


def test_a_count_is_described_as_what_is_created(planner):
    plan = demo_plan_2025()
    with (CASES / "09_rrule_edges.xlsx").open("rb") as handle:
        read = importing.read_file(handle, "09.xlsx")
    with translation.override("vi"):
        preview = importing.validate_rows(plan=plan, read=read)
    row = next(r for r in preview.rows if r.title == "Chuyên mục 12 kỳ từ tháng 3")

    importing.import_rows(plan=plan, read=read, user=planner)

    created = plan.activities.get(title=row.title).tasks.count()
    assert created == row.occurrences == 10
    assert "tổng cộng 10 lần" in row.time_read


def test_bysetpos_is_described_as_the_last_working_day(rules):
    content = (CASES / "09_rrule_edges.xlsx").read_bytes()
    with translation.override("vi"):
        preview = importing.validate_rows(
            plan=rules, read=importing.read_file(io.BytesIO(content), "09.xlsx")
        )
    row = next(
        r for r in preview.rows if r.title == "Tổng hợp ngày làm việc cuối tháng"
    )

    assert "ngày làm việc cuối cùng của tháng" in row.time_read
