"""Clean text at the edge: control characters never stored, exports always open,
text that looks like a formula stays text."""

from __future__ import annotations

import csv
import datetime as dt
import io

import docx
import openpyxl
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from campaigns.models import Activity, Plan, Unit
from nuithanh_cchc.text import clean_text, csv_cell, export_text
from tests.factories import (
    ActivityFactory,
    ContentThemeFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE_TITLES = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\tindent",
    "dòng một\x0bdòng hai",
    "thoát\x1bký tự",
]


def test_a_soft_line_break_becomes_a_newline_and_escapes_go() -> None:
    assert clean_text("a\x0bb\x1bc\x00d\r\ne") == "a\nbcd\ne"


def test_a_one_line_field_gets_a_space_for_a_line_break() -> None:
    assert clean_text("a\x0bb\nc", multiline=False) == "a b c"


def test_a_title_with_control_characters_is_stored_clean() -> None:
    activity = ActivityFactory(title="Tin\x0bbài\x1b mới", description="x\x07y")

    activity.refresh_from_db()
    assert (activity.title, activity.description) == ("Tin bài mới", "xy")


def test_a_unit_name_with_an_escape_is_stored_clean() -> None:
    unit = UnitFactory(name="Phòng\x1b Nội vụ")

    assert Unit.objects.get(pk=unit.pk).name == "Phòng Nội vụ"


def test_a_form_refuses_a_nul_in_vietnamese(client: Client, planner) -> None:
    client.force_login(planner)

    response = client.post(
        reverse("planning:plan_create"),
        {"year": "2030", "title": "Kế hoạch\x00", "issuer": "UBND"},
    )

    # Refused at the door (ops.bad_requests), before any form sees it.
    assert response.status_code == 400
    assert "ký tự không được phép (NUL)" in response.content.decode()
    assert not Plan.objects.filter(year=2030).exists()


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("Tin bài", "Tin bài"),
        (-5, -5),
        (12, 12),
    ],
)
def test_csv_cells_never_start_like_a_formula(value: object, written: object) -> None:
    assert csv_cell(value) == written


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("Tin bài “CCHC” – Quý I", "Tin bài “CCHC” – Quý I"),
        ("a\r\nb\x0bc", "a\nb\nc"),
        ("a\tb\x1b\x85c\x7f", "a\tbc"),
        ("\u2028 dòng", "\u2028 dòng"),
        (12, 12),
    ],
)
def test_exported_text_loses_only_control_characters(value, exported) -> None:
    assert export_text(value) == exported


@pytest.fixture
def hostile_year(admin_user):
    """A 2025 plan whose every text the exports show is hostile; older rows
    with control characters written past the model (as before the fix)."""
    plan = PlanFactory(year=2025, status=Plan.Status.ISSUED, title="=1+1")
    theme = ContentThemeFactory(plan=plan, title="@SUM(1)")
    unit = UnitFactory(name="-2+3 xã")
    for title in HOSTILE_TITLES:
        activity = ActivityFactory(
            plan=plan,
            theme=theme,
            lead_unit=unit,
            title=title,
            start_date=dt.date(2025, 3, 1),
            due_date=dt.date(2025, 3, 1),
            budget=1000,
        )
        task = TaskFactory(activity=activity, status="done")
        ProgressReportFactory(task=task, submitted_by=admin_user, note="=2*3")
    # Rows stored before this change still hold control characters.
    Activity.objects.filter(plan=plan).update(title="cũ\x0bhơn\x1b")
    Unit.objects.filter(pk=unit.pk).update(name="=Phòng\x1b")
    return plan


def _export(admin_user, fmt: str) -> bytes:
    client = Client()
    client.force_login(admin_user)
    with time_machine.travel(dt.datetime(2025, 6, 30, 3, tzinfo=dt.UTC), tick=False):
        response = client.get(reverse("reports:export", args=[2025, fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_xlsx_opens_and_holds_no_formula(hostile_year, admin_user) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_export(admin_user, "xlsx")))

    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "=Phòng" in texts
    assert any(isinstance(c.value, int | float) for c in cells)
    assert not any("\x1b" in text or "\x0b" in text for text in texts)


def test_the_csv_writes_formula_text_as_text(hostile_year, admin_user) -> None:
    text = _export(admin_user, "csv").decode("utf-8-sig")

    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=Phòng" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t")]
    assert "\x1b" not in text


def test_the_docx_opens_with_the_text_as_text(hostile_year, admin_user) -> None:
    document = docx.Document(io.BytesIO(_export(admin_user, "docx")))

    assert any("=Phòng" in p.text for p in document.paragraphs) or any(
        "=Phòng" in cell.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    )


def test_the_import_templates_lists_keep_names_as_text(client, planner) -> None:
    plan = PlanFactory(year=2025, status=Plan.Status.ISSUED)
    ContentThemeFactory(plan=plan, title='=HYPERLINK("http://x","y")')
    client.force_login(planner)

    response = client.get(reverse("planning:plan_import_template", args=[plan.pk]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert '=HYPERLINK("http://x","y")' in [c.value for c in cells]


def test_a_user_is_created_with_a_clean_name() -> None:
    user = UserFactory(first_name="An\x00h")

    user.refresh_from_db()
    assert user.first_name == "Anh"
