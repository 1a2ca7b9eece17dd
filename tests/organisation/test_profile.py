"""An organisation's identity: who the pages, e-mails and documents speak for is
data, not code."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from campaigns.models import Plan
from campaigns.services.plans import plan_save
from organisation.models import Organisation
from organisation.selectors import installation_organisation
from tests.factories import (
    OrganisationFactory,
    PlanFactory,
    UserFactory,
    home_organisation,
)
from tests.reports.docx_reading import header_cells, signature_cells

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


def test_a_page_reads_the_organisation_with_the_roles_in_one_query(
    planner_client, renamed
) -> None:
    with CaptureQueriesContext(connection) as queries:
        planner_client.get("/")

    reading = [q for q in queries if '"organisation_organisation"' in q["sql"]]
    assert len(reading) == 1


def test_without_an_organisation_the_login_page_names_no_one(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()

    assert 'id="login-organisation"></p>' in page
    assert "Núi Thành" not in page


def test_a_person_in_no_organisation_is_told_so(client: Client) -> None:
    client.force_login(UserFactory())

    response = client.get("/")

    assert response.status_code == 403
    assert "chưa thuộc cơ quan nào" in response.content.decode()


def test_error_pages_render_when_the_organisation_cannot_be_read(
    client: Client, renamed, monkeypatch
) -> None:
    def database_down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Organisation.objects, "filter", database_down)
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert installation_organisation().name == ""


def test_a_new_plan_is_issued_by_its_authors_organisation(renamed, planner) -> None:
    plan = plan_save(plan=Plan(year=2026, title="Kế hoạch 2026"), user=planner)

    assert (plan.organisation, plan.issuer) == (renamed, "UBND xã Bình Sơn")


def test_the_plan_form_proposes_the_organisation_as_issuer(
    planner_client, renamed
) -> None:
    page = planner_client.get("/plans/new/").content.decode()

    assert 'value="UBND xã Bình Sơn"' in page


def test_the_docx_header_signature_and_recipients_come_from_the_organisation(
    client: Client, admin_user, renamed
) -> None:
    PlanFactory(year=2024, issuer="UBND xã Bình Sơn", number="3/KH-UBND")
    client.force_login(admin_user)
    response = client.get("/reports/2024/export.docx?number=17")
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))

    left, right = header_cells(document)
    assert left.startswith("UBND TỈNH QUẢNG NGÃI\nỦY BAN NHÂN DÂN\nXÃ BÌNH SƠN")
    assert "Số: 17/BC-UBND" in left
    assert "Bình Sơn, ngày" in right
    recipients, signature = signature_cells(document)
    assert recipients == "Nơi nhận:\n- Sở Nội vụ tỉnh Quảng Ngãi (b/c);\n- Lưu: VT."
    assert signature.startswith("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    assert signature.endswith("Phạm Thị Lan")


def test_each_organisation_brands_its_own_peoples_pages(
    client: Client, renamed
) -> None:
    other = OrganisationFactory(short_name="Tam Anh")
    client.force_login(UserFactory(role=Role.PLANNER, role__organisation=other))

    page = client.get("/").content.decode()

    assert 'id="brand-name">CCHC Tam Anh<' in page
    assert "Bình Sơn" not in page


def test_the_operators_admin_lists_every_organisation(client: Client, renamed) -> None:
    other = OrganisationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get("/admin/organisation/organisation/").content.decode()

    assert renamed.name in listing
    assert other.name in listing


# The demo app (demo/) may name the district; nothing else may.
NAME = re.compile(r"n[uú]i[ _-]th[aà]nh", re.IGNORECASE)
CODE_DIRS = [
    "accounts",
    "administration",
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
