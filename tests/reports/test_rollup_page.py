"""The roll-up page and its xlsx: sorting, the year, bad input, the workbook."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reports.rollup_sorting import SORTS, rollup_sorted, sort_parse
from tests.factories import UserFactory

from .rollup_world import YEAR, commune_make, province_make, today  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

ROLLUP = reverse("reports:rollup")
EXPORT = reverse("reports:rollup_export")


@pytest.fixture
def province():
    province = province_make()
    commune_make(province, "UBND xã Bình", done_on_time=1, overdue=4, cost=300)
    commune_make(province, "UBND phường An", done_on_time=6, overdue=0, cost=900)
    commune_make(province, "UBND xã Chưa Có", plan_status=None)
    commune_make(province, "UBND đặc khu Đảo", done_on_time=3, overdue=1, cost=0)
    return province


def _client(province, role: str = "leader") -> Client:
    client = Client()
    client.force_login(UserFactory(role=role, role__organisation=province))
    return client


def _names(response) -> list[str]:
    return [row.organisation.name for row in response.context["rollup"].rows]


def test_by_default_the_children_are_listed_by_name_as_vietnamese_read(
    province,
) -> None:
    names = _names(_client(province).get(ROLLUP))

    assert names == [
        "UBND đặc khu Đảo",
        "UBND phường An",
        "UBND xã Bình",
        "UBND xã Chưa Có",
    ]


def test_sorted_by_overdue_largest_first_with_no_plan_last(province) -> None:
    names = _names(_client(province).get(ROLLUP, {"sort": "-overdue"}))

    assert names == [
        "UBND xã Bình",
        "UBND đặc khu Đảo",
        "UBND phường An",
        "UBND xã Chưa Có",
    ]


def test_sorted_by_spend_smallest_first_with_no_plan_last(province) -> None:
    names = _names(_client(province).get(ROLLUP, {"sort": "spend"}))

    assert names == [
        "UBND đặc khu Đảo",
        "UBND xã Bình",
        "UBND phường An",
        "UBND xã Chưa Có",
    ]


@pytest.mark.parametrize("key", SORTS)
def test_every_column_sorts_both_ways_without_error(province, key) -> None:
    client = _client(province)

    for sort in (key, f"-{key}"):
        response = client.get(ROLLUP, {"sort": sort})
        assert response.status_code == 200
        assert response.context["sort"] == sort


def test_the_sorted_columns_heading_turns_the_order_round(province) -> None:
    response = _client(province).get(ROLLUP, {"sort": "-par"})

    column = next(c for c in response.context["columns"] if c["key"] == "par")
    assert column["aria_sort"] == "descending"
    assert column["href"] == f"?year={YEAR}&sort=par"
    assert 'aria-sort="descending"' in response.content.decode()


@pytest.mark.parametrize(
    "raw", ["garbage", "-", "--par", "organisation__name", "ẞ" * 500]
)
def test_a_sort_that_is_no_column_falls_back_to_the_name_with_a_message(
    province, raw
) -> None:
    response = _client(province).get(ROLLUP, {"sort": raw})

    assert response.status_code == 200
    assert response.context["sort"] == "name"
    assert "không phải là cột để sắp xếp" in response.content.decode()


@pytest.mark.parametrize("raw", ["abc", "99999", "1999", "²⁰²⁶", "2026.5", "-1"])
def test_a_year_that_is_not_a_year_shows_this_year_with_a_message(
    province, raw
) -> None:
    response = _client(province).get(ROLLUP, {"year": raw})

    assert response.status_code == 200
    assert response.context["rollup"].year == YEAR
    assert "không phải là một năm" in response.content.decode()


def test_a_year_without_plans_lists_every_child_without_a_plan(province) -> None:
    response = _client(province).get(ROLLUP, {"year": YEAR - 3})

    assert response.status_code == 200
    assert not any(row.has_plan for row in response.context["rollup"].rows)
    assert response.content.decode().count("chưa có kế hoạch") >= 4


def test_the_child_page_explains_a_year_without_a_plan(province) -> None:
    child = province.children.get(name="UBND xã Chưa Có")

    response = _client(province).get(
        reverse("reports:rollup_child", args=[child.pk]), {"year": "abc"}
    )

    assert response.status_code == 200
    assert 'id="no-plan"' in response.content.decode()


def test_sort_parse_reads_a_column_and_its_direction() -> None:
    assert sort_parse(None) == ("name", False)
    assert sort_parse("par") == ("par", False)
    assert sort_parse(" -completion ") == ("completion", True)
    assert sort_parse("-nope") is None


def test_rollup_sorted_keeps_ties_by_name(province) -> None:
    response = _client(province).get(ROLLUP)
    rows = response.context["rollup"].rows

    by_budget = rollup_sorted(rows, "budget", descending=True)

    assert [r.organisation.name for r in by_budget] == [
        "UBND đặc khu Đảo",
        "UBND phường An",
        "UBND xã Bình",
        "UBND xã Chưa Có",
    ]


# --- the xlsx -------------------------------------------------------------------


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_xlsx_holds_a_row_per_child_in_the_pages_order_and_the_totals(
    province,
) -> None:
    response = _client(province).get(EXPORT, {"sort": "-overdue"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{YEAR}.xlsx"')
    sheet = _workbook(response).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Đơn vị",
        "Kế hoạch",
        "Nhiệm vụ đến hạn",
        "Đã hoàn thành trong số đến hạn",
        "Tỷ lệ hoàn thành",
    )
    assert [row[0] for row in rows[1:5]] == [
        "UBND xã Bình",
        "UBND đặc khu Đảo",
        "UBND phường An",
        "UBND xã Chưa Có",
    ]
    assert rows[4][1] == "Chưa có kế hoạch"
    assert rows[4][2:] == (None,) * 12
    assert rows[5][0] == "Tổng (3 đơn vị có kế hoạch)"


def test_the_xlsx_keeps_numbers_as_numbers_and_money_in_vnd(province) -> None:
    sheet = _workbook(_client(province).get(EXPORT)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    binh = next(
        row for row in sheet.iter_rows(min_row=2) if row[0].value == "UBND xã Bình"
    )
    cells = dict(zip(header, binh, strict=True))

    assert cells["Quá hạn"].value == 4
    assert cells["Chi phí thực tế (đồng)"].value == 300
    assert cells["Chi phí thực tế (đồng)"].number_format == "#,##0"
    assert cells["Kinh phí (đồng)"].value == 10_000_000
    assert isinstance(cells["Tỷ lệ hoàn thành"].value, float)
    assert cells["Tỷ lệ hoàn thành"].number_format == "0.0%"
    assert Decimal(str(cells["Điểm PAR"].value)) >= 0


def test_the_xlsx_lists_the_outputs_by_channel(province) -> None:
    sheet = _workbook(_client(province).get(EXPORT)).worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == ("Đơn vị", "Hình thức", "Đơn vị tính", "Sản phẩm thực hiện")
    assert ("UBND phường An", "Đài truyền thanh", "buổi", 9) in rows


def test_a_province_planner_reads_and_exports_the_rollup(province) -> None:
    client = _client(province, "planner")

    assert client.get(ROLLUP).status_code == 200
    assert client.get(EXPORT).status_code == 200


def test_a_bad_query_gives_an_xlsx_of_this_year_by_name(province) -> None:
    response = _client(province).get(EXPORT, {"year": "abc", "sort": "garbage"})

    assert response.status_code == 200
    rows = list(_workbook(response).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "UBND đặc khu Đảo"
