"""Wording: names, labels and help texts read as Vietnamese writes them."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from campaigns.models import Plan, Unit
from campaigns.services import plans as services
from campaigns.text import shorten
from demo.directory import head_title
from planning import importing
from planning.forms.activities import ActivityForm
from planning.forms.fields import OBJECTIVE_LABEL_WIDTH
from tests.factories import ObjectiveFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_a_plan_whose_title_has_its_year_does_not_repeat_it() -> None:
    plan = PlanFactory.build(
        year=2024, number="45/KH-UBND", title="Kế hoạch tuyên truyền CCHC năm 2024"
    )

    assert str(plan) == "45/KH-UBND Kế hoạch tuyên truyền CCHC năm 2024"


def test_a_plan_whose_title_lacks_its_year_shows_it() -> None:
    plan = PlanFactory.build(year=2025, number="", title="Kế hoạch tuyên truyền CCHC")

    assert str(plan) == "Kế hoạch tuyên truyền CCHC (2025)"


def test_shorten_cuts_at_a_word_and_ends_with_an_ellipsis() -> None:
    text = "Nâng cao nhận thức, trách nhiệm của các cấp, các ngành"

    short = shorten(text, 30)

    assert short == "Nâng cao nhận thức, trách…"
    assert text.startswith(short.removesuffix("…"))
    assert shorten("Ngắn gọn", 30) == "Ngắn gọn"


@pytest.mark.parametrize(
    ("name", "kind", "title"),
    [
        ("UBND xã Tam Hiệp", Unit.Kind.COMMUNE, "Chủ tịch UBND xã Tam Hiệp"),
        (
            "UBND thị trấn Núi Thành",
            Unit.Kind.TOWNSHIP,
            "Chủ tịch UBND thị trấn Núi Thành",
        ),
        ("Phòng Y tế", Unit.Kind.DEPARTMENT, "Trưởng phòng Y tế"),
        ("Thanh tra huyện", Unit.Kind.DEPARTMENT, "Chánh Thanh tra huyện"),
        ("Sở Nội vụ", Unit.Kind.DEPARTMENT, "Giám đốc Sở Nội vụ"),
        ("Ban Quản lý dự án", Unit.Kind.DEPARTMENT, "Người đứng đầu Ban Quản lý dự án"),
    ],
)
def test_a_heads_title_is_built_from_the_units_name(name, kind, title) -> None:
    assert head_title(name=name, kind=kind) == title


def test_objective_labels_end_at_a_word_and_show_the_whole_text_on_hover(
    world,
) -> None:
    long = ObjectiveFactory(
        plan=world.plan,
        description="Tăng cường trách nhiệm của người đứng đầu các cơ quan, tổ chức "
        "trong việc tổ chức thực hiện công tác thông tin, tuyên truyền cải cách "
        "hành chính ở tất cả các xã, thị trấn",
    )
    form = ActivityForm(plan=world.plan)

    html = str(form["objectives"])

    short = shorten(long.description, OBJECTIVE_LABEL_WIDTH)
    assert f'<span title="{long.description}">{short}</span>' in html
    kept = short.removesuffix("…")
    assert short.endswith("…")
    assert long.description[len(kept)] == " "  # cut between two words


def test_the_new_activity_form_preselects_no_theme(world) -> None:
    form = ActivityForm(plan=world.plan)

    html = str(form["theme"])

    assert 'value="" selected' in html
    assert form["theme"].value() is None


def test_the_import_guide_says_optional_once(world) -> None:
    with translation.override("vi"):
        content = importing.template_workbook(plan=world.plan)
    guide = load_workbook(io.BytesIO(content)).worksheets[-1]

    texts = [str(cell.value) for cell in guide["B"] if cell.value]
    optional = [text for text in texts if text.startswith("(không bắt buộc)")]
    assert optional
    assert not any("Không bắt buộc" in text for text in optional)


def test_a_copy_moves_the_year_in_activity_titles(world, planner) -> None:
    from tests.factories import ActivityFactory

    ActivityFactory(
        plan=world.plan,
        theme=world.themes[0],
        title="Hội thi tìm hiểu cải cách hành chính năm 2024 (theo Quyết định 12/2024)",
    )

    copy = services.plan_copy_to_year(
        plan=world.plan, year=2025, title="Kế hoạch năm 2025", user=planner
    )

    assert copy.activities.get().title == (
        "Hội thi tìm hiểu cải cách hành chính năm 2025 (theo Quyết định 12/2024)"
    )


def test_the_copy_page_says_sao_chep(world, planner_client) -> None:
    html = planner_client.get(f"/plans/{world.plan.pk}/copy/").content.decode()

    assert "Tạo bản nháp sao chép từ" in html
    assert Plan.objects.count() == 1
