"""Units, numbers and missing columns as offices write them."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from campaigns.models import Unit
from demo import directory
from demo.context import DemoContext
from organisation.scoping import acting_in
from planning import importing
from planning.importing.numbers import read_budget, read_count
from planning.importing.tables import Cell
from planning.importing.units import UnitDirectory
from tests.factories import UserFactory, home_organisation
from tests.planning.import_files import workbook_bytes
from tests.planning.import_world import CASES, demo_plan_2025, demo_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def units() -> UnitDirectory:
    demo_units()
    return UnitDirectory()


def _names(directory: UnitDirectory, text: str) -> list[str]:
    found = directory.read(text)
    assert found.unknown == []
    return [unit.name for unit in found.units]


# --- units ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Phòng VH&TT", "Phòng Văn hóa và Thông tin"),
        ("phòng  văn hoá và thông tin", "Phòng Văn hóa và Thông tin"),
        ("TT Núi Thành", "UBND thị trấn Núi Thành"),
        ("UBND xã Tam Hoà", "UBND xã Tam Hòa"),
        (unicodedata.normalize("NFD", "UBND xã Tam Hiệp"), "UBND xã Tam Hiệp"),
        ("Xã Tam Hải", "UBND xã Tam Hải"),
        ("Phòng TN&MT", "Phòng Tài nguyên và Môi trường"),
        ("Phòng LĐTBXH", "Phòng Lao động - Thương binh và Xã hội"),
        ("Thanh tra", "Thanh tra huyện"),
    ],
)
def test_a_unit_as_written_is_found(units, written, name):
    assert _names(units, written) == [name]


@pytest.mark.parametrize(
    "written",
    [
        "Phòng Tư pháp, Phòng Văn hóa và Thông tin",
        "Phòng Tư pháp; Phòng Văn hóa và Thông tin",
        "Phòng Tư pháp và Phòng Văn hóa và Thông tin",
        "Phòng Tư pháp\nPhòng VH&TT",
    ],
)
def test_a_list_of_units_in_one_cell(units, written):
    assert _names(units, written) == ["Phòng Tư pháp", "Phòng Văn hóa và Thông tin"]


@pytest.mark.parametrize(
    ("written", "kinds"),
    [
        ("UBND các xã, thị trấn", {Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP}),
        ("Các phòng, ban", {Unit.Kind.DEPARTMENT}),
        ("Các cơ quan, đơn vị", set(Unit.Kind)),
    ],
)
def test_group_words_give_every_unit_of_the_group(units, written, kinds):
    found = units.read(written)

    assert set(found.units) == set(Unit.objects.filter(kind__in=kinds))
    assert found.groups == [(written, len(found.units))]


def test_an_unknown_unit_is_listed_with_the_closest_known_one(units):
    found = units.read("Phòng Tư phát")

    assert found.units == []
    assert found.unknown == [("Phòng Tư phát", "Phòng Tư pháp")]


def test_the_organisation_place_after_huyen_is_ignored(db):
    Unit.objects.create(
        organisation=home_organisation(),
        name="Phòng Tư pháp",
        kind=Unit.Kind.DEPARTMENT,
    )
    written = "Phòng Tư pháp huyện Tam Kỳ"

    assert _names(UnitDirectory(place="Tam Kỳ"), written) == ["Phòng Tư pháp"]
    assert UnitDirectory(place="").read(written).units == []


def test_the_place_comes_from_the_organisation_profile(db):
    home_organisation(place="Tam Kỳ")
    Unit.objects.create(
        organisation=home_organisation(),
        name="Phòng Tư pháp",
        kind=Unit.Kind.DEPARTMENT,
    )

    with acting_in(home_organisation().pk):
        names = _names(UnitDirectory(), "Phòng Tư pháp huyện Tam Kỳ")

    assert names == ["Phòng Tư pháp"]


def test_an_alias_entered_in_the_admin_is_understood(db):
    Unit.objects.create(
        organisation=home_organisation(),
        name="Ban Quản lý dự án",
        aliases="BQLDA\nBan QLDA huyện",
    )

    assert _names(UnitDirectory(), "Ban QLDA huyện") == ["Ban Quản lý dự án"]


def test_seeding_the_aliases_keeps_what_an_admin_wrote(units):
    unit = Unit.objects.get(name="Phòng Văn hóa và Thông tin")
    unit.aliases = "Phòng VHTT huyện"
    unit.save()
    Unit.objects.filter(name="Phòng Tư pháp").update(aliases="")
    ctx = DemoContext(today=dt.date(2025, 1, 15), password="demo")
    ctx.organisation = home_organisation()
    directory.seed_units(ctx)

    directory.seed_unit_aliases(ctx)

    unit.refresh_from_db()
    assert unit.aliases == "Phòng VHTT huyện"


def test_the_admin_edits_a_units_aliases(client, units):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    unit = Unit.objects.get(name="Phòng Văn hóa và Thông tin")

    page = client.get(reverse("admin:campaigns_unit_change", args=[unit.pk]))

    assert 'name="aliases"' in page.content.decode()


# --- numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("50 triệu", 50_000_000),
        ("1,2 tỷ", 1_200_000_000),
        ("12,5 triệu", 12_500_000),
        ("50.000.000đ", 50_000_000),
        ("50.000.000 đồng", 50_000_000),
        ("50 000 000", 50_000_000),
        ("1.500.000", 1_500_000),
    ],
)
def test_a_budget_as_written_in_vietnamese(written, amount):
    assert read_budget(Cell(written)).value == amount


def test_a_budget_cell_holding_a_number():
    assert read_budget(Cell("50000000", "number")).value == 50_000_000


@pytest.mark.parametrize("written", ["Lồng ghép kinh phí thường xuyên", "Không"])
def test_no_budget_words_are_noted_not_lost(written):
    amount = read_budget(Cell(written))

    assert (amount.value, amount.note) == (None, written)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            Cell("12,5"),
            "“12,5”: kinh phí tính bằng đồng, không có phần lẻ. Nếu là triệu đồng, "
            "hãy ghi “12,5 triệu”.",
        ),
        (
            Cell("12.5", "number"),
            "“12.5”: kinh phí tính bằng đồng, không có phần lẻ. Nếu là triệu đồng, "
            "hãy ghi “12.5 triệu”.",
        ),
        (
            Cell("1.5"),
            "“1.5” không phải là số viết theo cách Việt Nam: dấu phẩy ngăn phần thập "
            "phân, dấu chấm ngăn hàng nghìn (1.500.000 hoặc 12,5).",
        ),
        (Cell("nan", "bad_number"), "“nan” không phải là số."),
        (Cell("-5"), "“-5” không phải là kinh phí hợp lệ (số đồng, từ 0 trở lên)."),
    ],
)
def test_a_budget_that_cannot_be_right_is_refused_clearly(cell, message):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        read_budget(cell)

    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("written", "value", "per_occurrence"),
    [
        ("12 chuyên mục", 12, False),
        ("02 bài/tháng", 2, True),
        ("2 bài mỗi tháng", 2, True),
        ("Tin, bài", None, False),
    ],
)
def test_a_count_as_written(written, value, per_occurrence):
    count = read_count(Cell(written))

    assert (count.value, count.per_occurrence) == (value, per_occurrence)


def _published(rows: list[list[object]]) -> bytes:
    header = [
        "STT",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Thời gian thực hiện",
        "Sản phẩm",
    ]
    return workbook_bytes([header, *rows])


@pytest.mark.parametrize(
    ("output", "each"),
    [("12 chuyên mục", 1), ("25 tin, bài", 3), ("02 bài/tháng", 2)],
)
def test_a_yearly_output_of_a_recurring_row_is_spread_rounding_up(output, each):
    plan = demo_plan_2025()
    content = _published(
        [[1, "Chuyên mục trên Đài truyền thanh", "Phòng Nội vụ", "Hằng tháng", output]]
    )
    with translation.override("vi"):
        preview = importing.validate_rows(
            plan=plan, read=importing.read_file(io.BytesIO(content), "a.xlsx")
        )

    row = preview.rows[0]
    assert row.cleaned["planned_output"] == each
    if each != 2:
        assert f"Sản phẩm: {output} cả năm → {each} mỗi lần × 12 lần" in row.notes


# --- missing columns --------------------------------------------------------


def test_rows_whose_words_name_no_channel_take_the_one_chosen(
    tmp_path, capsys, planner
):
    plan = demo_plan_2025()
    path = tmp_path / "phu-luc.xlsx"
    path.write_bytes(
        _published([[1, "Tổng kết công tác năm", "Phòng Nội vụ", "Quý IV", ""]])
    )

    call_command(
        "import_activities",
        str(path),
        "--plan",
        str(plan.pk),
        "--user",
        planner.username,
        "--channel",
        "Báo chí",
        "--theme",
        "2",
        "--audience",
        "Người dân",
        "--audience",
        "doanh-nghiep",
    )

    activity = plan.activities.get()
    assert activity.channel.name == "Báo chí"
    assert activity.theme.order == 2
    assert {g.code for g in activity.audience_groups.all()} == {
        "nguoi-dan",
        "doanh-nghiep",
    }


def test_without_a_choice_a_row_naming_no_channel_is_an_error():
    plan = demo_plan_2025()
    content = _published([[1, "Tổng kết công tác năm", "Phòng Nội vụ", "Quý IV", ""]])
    with translation.override("vi"):
        preview = importing.validate_rows(
            plan=plan, read=importing.read_file(io.BytesIO(content), "a.xlsx")
        )

    assert preview.rows[0].errors == [
        "Chưa có hình thức: dòng không ghi và nội dung không nêu hình thức nào. Hãy "
        "chọn hình thức cho dòng này hoặc cho mọi dòng như vậy."
    ]
    assert "channel" in preview.uses_choice


def test_a_section_heading_naming_a_channel_applies_to_the_rows_below():
    plan = demo_plan_2025()
    content = _published(
        [
            ["I", "TUYÊN TRUYỀN TRÊN ĐÀI TRUYỀN THANH"],
            [
                1,
                "Phát thanh chuyên đề cải cách hành chính",
                "Phòng Nội vụ",
                "Quý IV",
                "",
            ],
        ]
    )
    preview = importing.validate_rows(
        plan=plan, read=importing.read_file(io.BytesIO(content), "a.xlsx")
    )

    assert preview.rows[0].cleaned["channel"].code == "truyen-thanh"


def test_the_command_answers_in_vietnamese(tmp_path, planner):
    plan = demo_plan_2025()
    path = tmp_path / "phu-luc.pdf"
    path.write_bytes(b"%PDF")

    with pytest.raises(CommandError, match="Chỉ nhập được tệp Excel .xlsx hoặc Word"):
        call_command(
            "import_activities",
            str(path),
            "--plan",
            str(plan.pk),
            "--user",
            planner.username,
        )


# --- moving dates off weekends and holidays ----------------------------------


def test_shift_off_days_moves_a_holiday_due_date_and_the_preview_says_so(
    capsys, planner
):
    plan = demo_plan_2025()

    call_command(
        "import_activities",
        str(CASES / "09_rrule_edges.xlsx"),
        "--plan",
        str(plan.pk),
        "--user",
        planner.username,
        "--shift-off-days",
    )

    banner = plan.activities.get(title="Pa-nô dịp 30/4")
    assert banner.shift_off_days
    assert list(banner.tasks.values_list("due_date", flat=True)) == [
        dt.date(2025, 4, 29)
    ]
    assert (
        "30/04/2025 (Ngày Chiến thắng) dời sang 29/04/2025" in capsys.readouterr().out
    )


def test_the_page_checkbox_moves_dates_off_days(planner_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    plan = demo_plan_2025()
    url = reverse("planning:plan_import", args=[plan.pk])
    name = "09_rrule_edges.xlsx"
    planner_client.post(
        url, {"file": SimpleUploadedFile(name, (CASES / name).read_bytes())}
    )

    recheck = planner_client.post(url, {"recheck": "1", "shift_off_days": "on"})
    saved = planner_client.post(url, {"confirm": "1", "shift_off_days": "on"})

    assert "dời sang 29/04/2025" in recheck.content.decode()
    assert saved.status_code == 302
    assert plan.activities.get(title="Pa-nô dịp 30/4").shift_off_days
