"""The organisation profile: who the installation works for is data, not code."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

from campaigns.models import Plan
from organisation.models import PROFILE_PK, Organisation
from organisation.selectors import organisation_profile
from tests.factories import PlanFactory, home_organisation

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def renamed() -> Organisation:
    return home_organisation(
        parent_name="UBND tỉnh Quảng Ngãi",
        name="UBND xã Bình Sơn",
        short_name="Bình Sơn",
        place="Bình Sơn",
        document_symbol="BC-UBND",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Phạm Thị Lan",
        recipients="Sở Nội vụ tỉnh Quảng Ngãi (b/c);\nLưu: VT.",
    )


def test_the_brand_and_page_title_name_the_organisation(
    planner_client, renamed
) -> None:
    page = planner_client.get("/").content.decode()

    assert re.search(r'id="brand-name">CCHC Bình Sơn<', page)
    assert "· Bình Sơn</title>" in page


def test_the_login_page_names_the_organisation(client: Client, renamed) -> None:
    page = client.get("/accounts/login/").content.decode()

    assert (
        '<p class="text-secondary mb-4" id="login-organisation">UBND xã Bình Sơn'
        in (page)
    )


def test_a_page_reads_the_profile_once(
    planner_client, renamed, django_assert_max_num_queries, monkeypatch
) -> None:
    calls = []
    original = Organisation.objects.filter

    def counting_filter(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(Organisation.objects, "filter", counting_filter)
    planner_client.get("/")

    assert len(calls) == 1


def test_without_a_profile_pages_name_no_one(planner_client) -> None:
    page = planner_client.get("/").content.decode()

    assert 'id="brand-name">CCHC<' in page
    assert "Núi Thành" not in page


def test_error_pages_render_when_the_profile_cannot_be_read(
    client: Client, renamed, monkeypatch
) -> None:
    def database_down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Organisation.objects, "filter", database_down)
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert organisation_profile().name == ""


def test_a_new_plan_is_issued_by_the_organisation(renamed) -> None:
    assert Plan().issuer == "UBND xã Bình Sơn"


def test_the_plan_form_proposes_the_organisation_as_issuer(
    planner_client, renamed
) -> None:
    page = planner_client.get("/plans/new/").content.decode()

    assert 'value="UBND xã Bình Sơn"' in page


def test_the_docx_header_signature_and_recipients_come_from_the_profile(
    client: Client, admin_user, renamed
) -> None:
    PlanFactory(year=2024, issuer="UBND xã Bình Sơn", number="3/KH-UBND")
    client.force_login(admin_user)
    response = client.get("/reports/2024/export.docx?number=17")
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))

    left, right = (cell.text for cell in document.tables[0].rows[0].cells)
    assert left.startswith("UBND TỈNH QUẢNG NGÃI\nUBND XÃ BÌNH SƠN")
    assert "Số: 17/BC-UBND" in left
    assert "Bình Sơn, ngày" in right
    recipients, signature = (cell.text for cell in document.tables[-1].rows[0].cells)
    assert recipients == "Nơi nhận:\n- Sở Nội vụ tỉnh Quảng Ngãi (b/c);\n- Lưu: VT."
    assert signature.startswith("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    assert signature.endswith("Phạm Thị Lan")


def test_the_profile_is_one_row(renamed) -> None:
    Organisation(name="Khác", short_name="Khác", place="Khác").save()

    assert list(Organisation.objects.values_list("pk", "name")) == [
        (PROFILE_PK, "Khác")
    ]


def test_the_admin_opens_the_profile_itself(client: Client, renamed) -> None:
    from tests.factories import UserFactory

    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    listing = client.get("/admin/organisation/organisationprofile/")
    assert listing.status_code == 302
    assert listing["Location"].endswith(f"/organisationprofile/{PROFILE_PK}/change/")
    assert client.get("/admin/organisation/organisationprofile/add/").status_code == (
        403
    )


# The demo app (demo/) may name the district; nothing else may.
NAME = re.compile(r"n[uú]i[ _-]th[aà]nh", re.IGNORECASE)
CODE_DIRS = [
    "accounts",
    "audiences",
    "campaigns",
    "channels",
    "notifications",
    "nuithanh_cchc",
    "ops",
    "organisation",
    "planning",
    "reports",
    "templates",
    "workspace",
]


def _named_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    # The project's package is called nuithanh_cchc; that is not a name shown.
    text = text.replace("nuithanh_cchc", "")
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if NAME.search(line)
    ]


def test_no_template_or_code_outside_demo_data_names_the_district() -> None:
    found = []
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".py", ".html", ".txt"}:
                continue
            if "migrations" in path.parts:
                continue  # history: what the defaults once were
            found += _named_in(path)

    assert found == []
