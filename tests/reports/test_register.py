"""Issued reports are records: issuing keeps the figures and the files, later
edits never change what downloads, a correction names the report it replaces,
and another organisation's issued report is a 404."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from campaigns.models import IssuedReport, ProgressReport, Task, Unit
from campaigns.services.issued_reports import (
    IssuedContent,
    IssueFacts,
    issued_report_issue,
)
from campaigns.tallies import tallies_rebuild
from reports.register import report_figures
from reports.selectors import report_build
from tests.factories import OrganisationFactory, UserFactory

from .docx_reading import signature_cells

QUERY = "?period=year&as_of=2025-06-30"
ISSUE = "/reports/2025/issue/" + QUERY


def _issue(client, number: str = "25", **fields: str):
    data = {"number": number, "issued_on": "2025-06-30", "signer_name": "Trần Văn An"}
    return client.post(ISSUE, {**data, **fields})


def _download(client, issued: IssuedReport, kind: str = "docx") -> bytes:
    response = client.get(f"/reports/register/{issued.pk}/{kind}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def planner_client(client, planner, fixture_year):
    client.force_login(planner)
    return client


def test_issuing_keeps_the_figures_and_the_files_in_the_register(
    planner_client,
) -> None:
    response = _issue(planner_client)

    assert response.status_code == 302
    assert response.url == "/reports/register/"
    issued = IssuedReport.objects.get()
    assert (issued.reference, issued.period, issued.version) == (
        "25/BC-UBND",
        "year",
        1,
    )
    assert issued.figures["tasks"]["done"] == 7
    assert issued.figures["tasks"]["overdue"] == 2
    assert sorted(issued.files.values_list("kind", flat=True)) == [
        "csv",
        "docx",
        "xlsx",
    ]
    page = planner_client.get("/reports/register/").content.decode()
    assert "25/BC-UBND" in page
    assert f'href="/reports/register/{issued.pk}/docx/"' in page


def test_the_issued_word_file_prints_its_number_date_and_signer(
    planner_client,
) -> None:
    _issue(planner_client, signer_name="Lê Thị Hoa")
    issued = IssuedReport.objects.get()
    document = docx.Document(io.BytesIO(_download(planner_client, issued)))

    header = document.tables[0].rows[0].cells
    assert "Số: 25/BC-UBND" in header[0].text
    assert header[1].text.endswith("Núi Thành, ngày 30 tháng 6 năm 2025")
    assert signature_cells(document)[1].endswith("Lê Thị Hoa")


def test_later_edits_never_change_the_issued_files(
    planner_client, fixture_year, settings
) -> None:
    # The edits below go around the services, which would move the plan's
    # revision: the live report is read uncached to show it changed.
    settings.REPORT_CACHE_SECONDS = 0
    _issue(planner_client)
    issued = IssuedReport.objects.get()
    kinds = ("docx", "xlsx", "csv")
    before = {kind: _download(planner_client, issued, kind) for kind in kinds}

    Unit.objects.filter(name="Phòng Nội vụ").update(name="Phòng Nội vụ mới")
    Task.objects.filter(status=Task.Status.DONE).update(status=Task.Status.TODO)
    ProgressReport.objects.update(actual_cost=999_000, actual_output=42)
    tallies_rebuild()  # written around the services

    for kind, content in before.items():
        assert _download(planner_client, issued, kind) == content
    live = report_figures(report_build(year=2025, organisation=issued.organisation))
    assert live["tasks"]["done"] == 0  # the live report did change
    assert IssuedReport.objects.get().figures == issued.figures


def test_another_organisations_issued_report_is_a_404(planner_client, client) -> None:
    _issue(planner_client)
    issued = IssuedReport.objects.get()
    other = OrganisationFactory()
    client.force_login(UserFactory(role=Role.LEADER, role__organisation=other))

    assert client.get(f"/reports/register/{issued.pk}/docx/").status_code == 404
    assert "25/BC-UBND" not in client.get("/reports/register/").content.decode()


def test_a_correction_is_a_new_version_naming_the_report_it_replaces(
    planner_client,
) -> None:
    _issue(planner_client)
    first = IssuedReport.objects.get()

    response = _issue(planner_client, number="31", replaces=str(first.pk))

    assert response.status_code == 302
    correction = IssuedReport.objects.get(number="31")
    assert (correction.replaces, correction.version) == (first, 2)
    page = planner_client.get("/reports/register/").content.decode()
    assert "thay thế Báo cáo số 25/BC-UBND" in page
    assert f'data-correct="{first.pk}"' not in page
    assert f'data-correct="{correction.pk}"' in page


def test_a_report_is_replaced_once(planner_client) -> None:
    _issue(planner_client)
    first = IssuedReport.objects.get()
    _issue(planner_client, number="31", replaces=str(first.pk))

    _issue(planner_client, number="32", replaces=str(first.pk))

    assert not IssuedReport.objects.filter(number="32").exists()


def test_a_number_is_issued_once_a_year(planner_client) -> None:
    _issue(planner_client)

    response = _issue(planner_client)

    assert IssuedReport.objects.count() == 1
    assert response.status_code == 302
    assert "#issue-report" in response.url


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"issued_on": "2025-07-01"}, "ngày chưa đến"),
        ({"issued_on": "2025-06-29"}, "trước ngày số liệu"),
        ({"number": "25/BC"}, "số của báo cáo"),
        ({"signer_name": " "}, "người ký"),
    ],
)
def test_bad_issue_facts_get_a_vietnamese_message(
    planner_client, fields, message
) -> None:
    response = _issue(planner_client, **fields)
    page = planner_client.get(response.url).content.decode()

    assert not IssuedReport.objects.exists()
    assert message in page.lower()


@pytest.mark.parametrize("role", [Role.LEADER, Role.ADMIN])
def test_leaders_and_administrators_issue_too(client, fixture_year, role) -> None:
    client.force_login(UserFactory(role=role))

    _issue(client)

    assert IssuedReport.objects.count() == 1


def test_a_unit_head_cannot_issue(client, fixture_year) -> None:
    client.force_login(UserFactory(role=Role.UNIT_HEAD))

    assert _issue(client).status_code == 403
    assert not IssuedReport.objects.exists()


def test_the_service_refuses_whoever_may_not_issue(fixture_year) -> None:
    stranger = UserFactory(role=Role.PLANNER, role__organisation=OrganisationFactory())
    facts = IssueFacts("25", dt.date(2025, 6, 30), "Trần Văn An")

    with pytest.raises(PermissionDenied):
        issued_report_issue(
            actor=stranger,
            plan=fixture_year.plan,
            period="year",
            as_of=dt.date(2025, 6, 30),
            facts=facts,
            symbol="BC-UBND",
            title="Báo cáo",
            figures={},
            files=[IssuedContent("docx", "a.docx", b"x")],
        )


def test_the_service_refuses_a_correction_of_another_period(
    planner_client, planner, fixture_year
) -> None:
    _issue(planner_client)
    first = IssuedReport.objects.get()

    with pytest.raises(ValidationError):
        issued_report_issue(
            actor=planner,
            plan=fixture_year.plan,
            period="q2",
            as_of=dt.date(2025, 6, 30),
            facts=IssueFacts("40", dt.date(2025, 6, 30), "Trần Văn An"),
            symbol="BC-UBND",
            title="Báo cáo",
            figures={},
            files=[],
            replaces=first,
        )


def test_the_admin_shows_issued_reports_read_only(client, planner_client) -> None:
    _issue(planner_client)
    issued = IssuedReport.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    change = client.get(f"/admin/campaigns/issuedreport/{issued.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.get("/admin/campaigns/issuedreport/add/").status_code == 403
    delete = client.get(f"/admin/campaigns/issuedreport/{issued.pk}/delete/")
    assert delete.status_code == 403


def test_the_report_page_offers_the_issue_form_to_who_may_issue(
    planner_client, client, fixture_year
) -> None:
    page = planner_client.get("/reports/2025/").content.decode()
    assert 'id="issue-report-form"' in page
    client.force_login(UserFactory(role=Role.UNIT_HEAD))
    assert client.get("/reports/2025/").status_code in {302, 403}
