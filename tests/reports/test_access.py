"""Who may see and export the report; empty and out-of-range years."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from accounts.roles import Role
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/reports/2025/"
EXPORTS = [f"/reports/2025/export.{ext}" for ext in ("xlsx", "docx", "csv")]


def _login(client, user):
    client.force_login(user)
    return client


EVIDENCE = "/reports/2025/evidence.zip"


@pytest.mark.parametrize("role", ["planner", "admin_user", "leader"])
def test_planners_admins_and_leaders_see_the_page_and_export(
    client, request, role, fixture_year
) -> None:
    _login(client, request.getfixturevalue(role))

    assert client.get(PAGE).status_code == 200
    for url in EXPORTS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;")


def test_planner_takes_the_evidence_bundle(client, planner, fixture_year) -> None:
    response = _login(client, planner).get(EVIDENCE)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_planner_sees_the_export_buttons(client, planner, fixture_year) -> None:
    response = _login(client, planner).get(PAGE)

    assert response.status_code == 200
    assert b'id="report-exports"' in response.content


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.UNIT_STAFF])
@pytest.mark.parametrize("url", [*EXPORTS, EVIDENCE])
def test_unit_people_may_not_export(client, role, fixture_year, url) -> None:
    user = UserFactory(role=role)

    assert _login(client, user).get(url).status_code in (403, 404)


@pytest.mark.parametrize("url", [PAGE, "/reports/", *EXPORTS])
def test_unit_head_gets_403(client, unit_head, fixture_year, url) -> None:
    assert _login(client, unit_head).get(url).status_code == 403


def test_user_without_a_role_gets_403(client, fixture_year) -> None:
    assert _login(client, UserFactory()).get(PAGE).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, fixture_year) -> None:
    response = client.get(EXPORTS[0])

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_leader_sees_the_export_buttons(client, leader, fixture_year) -> None:
    content = _login(client, leader).get(PAGE).content.decode()

    query = "?period=year&amp;as_of=2025-06-30"
    for ext in ("xlsx", "csv"):
        assert f'href="/reports/2025/export.{ext}{query}"' in content
    assert 'action="/reports/2025/export.docx"' in content
    assert f'href="/reports/2025/evidence.zip{query}"' in content


@pytest.mark.parametrize(
    "url",
    [
        "/reports/1999/",
        "/reports/2101/",
        "/reports/99999/",
        "/reports/1999/export.xlsx",
        "/reports/2101/export.csv",
        "/reports/2025/export.pdf",
        "/reports/2025/?plan=abc",
        "/reports/?year=1800",
    ],
)
def test_out_of_range_year_or_bad_input_is_404(client, admin_user, url) -> None:
    assert _login(client, admin_user).get(url).status_code == 404


def test_a_plan_of_another_year_is_404(client, admin_user, fixture_year) -> None:
    other = PlanFactory(year=2024)

    response = _login(client, admin_user).get(f"{PAGE}?plan={other.pk}")

    assert response.status_code == 404


def test_year_picker_redirects_to_the_year(client, planner) -> None:
    response = _login(client, planner).get("/reports/", {"year": "2024"})

    assert response.status_code == 302
    assert response["Location"] == "/reports/2024/"


def test_year_picker_explains_a_value_that_is_not_a_year(client, planner) -> None:
    response = _login(client, planner).get("/reports/", {"year": "hai"}, follow=True)

    assert response.status_code == 200
    assert "“hai” không phải là một năm." in response.content.decode()


def test_year_picker_lists_the_years_with_a_plan(client, planner, fixture_year):
    PlanFactory(year=2023)

    content = _login(client, planner).get(PAGE).content.decode()

    assert '<option value="2023">2023</option>' in content
    assert '<option value="2025" selected>2025</option>' in content


def test_several_plans_in_a_year_default_to_the_district_and_can_be_picked(
    client, admin_user, fixture_year
) -> None:
    other = PlanFactory(year=2025, issuer="UBND xã Tam Anh Nam", number="3/KH-UBND")
    _login(client, admin_user)

    default = client.get(PAGE).content.decode()
    picked = client.get(f"{PAGE}?plan={other.pk}").content.decode()

    assert 'data-figure="tasks-total">12<' in default
    assert 'id="report-plan-picker"' in default
    assert 'data-figure="tasks-total">0<' in picked
    assert (
        f'href="/reports/2025/export.xlsx?period=year&amp;as_of=2025-06-30&amp;'
        f'plan={other.pk}"'
    ) in picked


# --- a year without a plan ---------------------------------------------------


def test_year_without_a_plan_gives_a_clear_page(client, planner) -> None:
    response = _login(client, planner).get("/reports/2030/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="report-empty"' in content
    assert "Năm 2030 chưa có kế hoạch." in content
    assert 'id="chart-tracking"' not in content


def test_year_without_a_plan_gives_valid_empty_xlsx(client, leader) -> None:
    response = _login(client, leader).get("/reports/2030/export.xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    detail = workbook["Chi tiết nhiệm vụ"]
    assert detail.max_row == 1
    assert detail["A1"].value == "Mã nhiệm vụ"
    summary = {
        row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True)
    }
    assert summary["Năm 2030 chưa có kế hoạch."] is None
    assert summary["Nhiệm vụ phải thực hiện"] == 0


def test_year_without_a_plan_gives_valid_empty_docx(client, leader) -> None:
    response = _login(client, leader).get("/reports/2030/export.docx")

    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "Kết quả thực hiện Kế hoạch tuyên truyền cải cách hành chính năm 2030" in text
    )
    assert "Năm 2030 chưa có Kế hoạch tuyên truyền cải cách hành chính" in text
    assert "I. KẾT QUẢ THỰC HIỆN" not in text


def test_year_without_a_plan_gives_a_csv_with_only_its_header(client, leader):
    response = _login(client, leader).get("/reports/2030/export.csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0][:2] == ["Mã nhiệm vụ", "Hoạt động"]


# --- the command --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_command_writes_each_format(tmp_path, fixture_year, fmt) -> None:
    output = tmp_path / f"bao-cao.{fmt}"

    call_command("export_report", year=2025, format=fmt, output=output)

    assert output.stat().st_size > 0


def test_command_gives_the_same_figures_as_the_page(tmp_path, fixture_year) -> None:
    output = tmp_path / "bao-cao.csv"

    call_command("export_report", "--year=2025", "--format=csv", f"--output={output}")

    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 14
    assert sum(row["Theo dõi"] == "Quá hạn" for row in rows) == 2


def test_command_counts_overdue_as_of_a_given_day(tmp_path, fixture_year) -> None:
    output = tmp_path / "bao-cao.xlsx"

    call_command(
        "export_report",
        "--year=2025",
        "--format=xlsx",
        f"--output={output}",
        "--as-of=2025-12-31",
    )

    summary = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(output)["Tổng hợp"].iter_rows(
            values_only=True
        )
    }
    # t4 (10/09), t8 (20/07), t10 (30/06) are overdue too by the end of the year.
    assert summary["Quá hạn"] == 5
    assert (
        summary["Số liệu tính đến ngày 31/12/2025, các nhiệm vụ đến hạn trong năm 2025"]
        is None
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year=1999", "--format=csv"], "phải từ 2000 đến 2100"),
        (
            ["--year=2025", "--format=csv", "--plan=999999"],
            "không phải kế hoạch của năm 2025",
        ),
    ],
)
def test_command_refuses_bad_input(tmp_path, fixture_year, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("export_report", *args, f"--output={tmp_path / 'x.csv'}")


def test_command_refuses_a_missing_directory(tmp_path) -> None:
    with pytest.raises(CommandError, match="Không có thư mục"):
        call_command(
            "export_report",
            "--year=2025",
            "--format=csv",
            f"--output={tmp_path / 'nowhere' / 'x.csv'}",
        )
