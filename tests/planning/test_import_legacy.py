"""Old Office formats: .xls read with xlrd; .doc converted by LibreOffice where
it is installed, otherwise the clear message."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from planning import importing
from planning.importing.legacy import converter
from tests.planning.appendices import world

pytestmark = pytest.mark.django_db

LEGACY = Path(__file__).parent / "legacy"


def _preview(name: str):
    plan = world()
    with (LEGACY / name).open("rb") as handle:
        read = importing.read_file(handle, name)
    return importing.validate_rows(plan=plan, read=read)


def test_an_xls_appendix_is_read_with_its_merges_dates_and_amounts():
    pytest.importorskip("xlrd")
    preview = _preview("phu_luc_2026.xls")

    first, second = preview.rows
    assert first.section == "TUYÊN TRUYỀN TRÊN BÁO CHÍ"
    assert first.cleaned["lead_unit"].name == "Báo và Phát thanh, Truyền hình Đà Nẵng"
    assert first.cleaned["budget"] == 45_500_000
    assert first.occurrences == 3
    assert (second.cleaned["start"], second.cleaned["due"]) == (
        dt.date(2026, 5, 15),
        dt.date(2026, 5, 15),
    )
    assert second.cleaned["budget"] == 15_000_000


def test_a_damaged_xls_gets_a_clear_message():
    pytest.importorskip("xlrd")
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        importing.read_file(io.BytesIO(b"\xd0\xcf\x11\xe0 not a workbook"), "a.xls")

    assert error.value.code == "damaged"


@pytest.mark.skipif(converter() is None, reason="LibreOffice is not installed")
def test_a_doc_appendix_is_converted_and_read():
    preview = _preview("xa_ke_hoach_2026.doc")

    assert [row.cleaned["lead_unit"].name for row in preview.rows][:2] == [
        "Văn phòng HĐND và UBND xã",
        "Trung tâm Phục vụ hành chính công xã",
    ]


@override_settings(IMPORT_DOC_CONVERTER="")
def test_without_libreoffice_a_doc_gets_the_save_as_message():
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        importing.read_file(io.BytesIO(b"\xd0\xcf\x11\xe0"), "phu-luc.doc")

    assert error.value.code == "old_format"
    assert ".docx" in error.value.messages[0]
