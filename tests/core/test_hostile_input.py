"""No 500 for any input, nothing said to strangers, no redirect off the site."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns.models import Plan
from campaigns.uploads import upload_validate
from notifications.models import Notification
from nuithanh_cchc.params import parse_date, parse_int
from tests.factories import (
    ActivityFactory,
    PlanFactory,
    TaskFactory,
    UserFactory,
    home_organisation,
)

pytestmark = pytest.mark.django_db


# --- the strict parser -------------------------------------------------------------


@pytest.mark.parametrize("raw", ["²", "١٢", "1e3", " ", "", "-1", "99999999999", None])
def test_parse_int_refuses_what_is_not_plain_ascii_digits(raw) -> None:
    assert parse_int(raw) is None


def test_parse_int_reads_plain_digits() -> None:
    assert parse_int("42") == 42


@pytest.mark.parametrize(
    "raw", ["9999-12-31", "2024-02-30", "２０２４-01-01", "x" * 99]
)
def test_parse_date_refuses_impossible_or_far_dates(raw) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    "path",
    [
        "/?plan=²",
        "/my-tasks/?activity=²&month=²",
        "/reports/?year=²",
        "/reports/2024/?plan=²",
        "/reports/2024/export.xlsx?plan=²",
        "/activities/new/?plan=²&copy=²",
    ],
)
def test_a_superscript_digit_in_a_query_is_never_a_500(path: str, admin_user) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    PlanFactory(year=2024)

    assert client.get(path).status_code < 500


def test_a_calendar_move_to_9999_12_31_is_a_clear_refusal(planner) -> None:
    activity = ActivityFactory(plan=PlanFactory(year=2024, status=Plan.Status.ISSUED))
    TaskFactory(activity=activity)
    client = Client(raise_request_exception=False)
    client.force_login(planner)

    response = client.post(
        reverse("planning:calendar_move"),
        {"kind": "activity", "activity": activity.pk, "to_date": "9999-12-31"},
    )

    assert response.status_code == 400
    assert "2024" in response.json()["error"]


# --- login ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"), [("ad\x00min", 400), ("a" * 5000, 200), ("x\x1by", 200)]
)
def test_a_hostile_user_name_is_refused_before_the_lockout_layer(
    username: str, status: int, monkeypatch
) -> None:
    from axes.handlers.proxy import AxesProxyHandler

    touched = []
    monkeypatch.setattr(
        AxesProxyHandler,
        "get_failures",
        classmethod(lambda cls, *a, **k: touched.append(a) or 0),
    )
    client = Client(raise_request_exception=False)

    response = client.post(reverse("login"), {"username": username, "password": "x"})

    # A NUL is refused at the door (ops.bad_requests), the rest by the form.
    assert response.status_code == status
    assert "không được phép" in response.content.decode() or "tối đa" in (
        response.content.decode()
    )
    assert touched == []


# --- healthz ----------------------------------------------------------------------


def test_healthz_tells_a_stranger_the_status_only(client) -> None:
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")

    assert response.json() == {"status": "ok"}


def test_healthz_through_the_proxy_is_a_stranger_too(client) -> None:
    response = client.get(
        "/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9"
    )

    assert set(response.json()) == {"status"}


def test_healthz_gives_details_to_staff(client) -> None:
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")

    assert response.json()["database"] == "ok"


def test_healthz_gives_details_on_the_host_itself(client) -> None:
    response = client.get("/healthz", REMOTE_ADDR="127.0.0.1")

    assert "database" in response.json()


def test_healthz_down_is_503_without_details_for_strangers(client, settings) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 503
    assert response.json() == {"status": "error"}


# --- redirects --------------------------------------------------------------------


def test_a_nul_as_the_page_to_return_to_is_refused_without_redirecting(
    unit_head,
) -> None:
    notification = Notification.objects.create(
        organisation=home_organisation(), recipient=unit_head, title="x"
    )
    client = Client(raise_request_exception=False)
    client.force_login(unit_head)

    response = client.post(
        reverse("notifications:read", args=[notification.pk]), {"next_page": "\x00"}
    )

    assert response.status_code == 400
    assert "Location" not in response


@pytest.mark.parametrize(
    "target",
    ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"],
)
def test_marking_read_never_redirects_off_site(target: str, unit_head) -> None:
    notification = Notification.objects.create(
        organisation=home_organisation(), recipient=unit_head, title="x"
    )
    client = Client(raise_request_exception=False)
    client.force_login(unit_head)

    response = client.post(
        reverse("notifications:read", args=[notification.pk]), {"next_page": target}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_marking_read_follows_a_path_on_the_site(unit_head) -> None:
    notification = Notification.objects.create(
        organisation=home_organisation(), recipient=unit_head, title="x"
    )
    client = Client()
    client.force_login(unit_head)

    response = client.post(
        reverse("notifications:read", args=[notification.pk]),
        {"next_page": "/my-tasks/?group=overdue"},
    )

    assert response["Location"] == "/my-tasks/?group=overdue"


# --- uploads ----------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)


def _check(file: io.BytesIO, name: str, allowed=None) -> str:
    return upload_validate(
        file=file,
        name=name,
        size=len(file.getvalue()),
        max_bytes=20 * 1024 * 1024,
        allowed=allowed,
    )


def test_a_genuine_docx_passes() -> None:
    file = _zip({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"<w/>"})

    assert _check(file, "bien-ban.docx") == "docx"


@pytest.mark.parametrize(
    "extra",
    [
        {"setup.exe": b"MZ"},
        {"word/vbaProject.bin": b"x"},
        {"word/evil.js": b"x"},
    ],
)
def test_a_docx_carrying_an_executable_or_macro_part_is_refused(extra) -> None:
    from django.core.exceptions import ValidationError

    file = _zip(
        {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"<w/>", **extra}
    )

    with pytest.raises(ValidationError):
        _check(file, "bien-ban.docx")


def test_a_zip_with_document_xml_but_no_content_types_is_not_a_docx() -> None:
    from django.core.exceptions import ValidationError

    file = _zip({"word/document.xml": b"<w/>", "setup.exe": b"MZ"})

    with pytest.raises(ValidationError):
        _check(file, "bien-ban.docx")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ke-hoach.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("ke-hoach.html", b"<html><script>alert(1)</script></html>"),
        ("ke-hoach.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_the_plans_signed_file_refuses_svg_and_html(
    name: str, content: bytes, planner
) -> None:
    plan = PlanFactory(year=2026, status=Plan.Status.DRAFT)
    client = Client(raise_request_exception=False)
    client.force_login(planner)

    response = client.post(
        reverse("planning:plan_edit", args=[plan.pk]),
        {
            "year": "2026",
            "title": plan.title,
            "issuer": plan.issuer,
            "signed_file": SimpleUploadedFile(name, content),
            **_empty_formsets(),
        },
    )

    plan.refresh_from_db()
    assert response.status_code == 200
    assert not plan.signed_file


def _empty_formsets() -> dict[str, str]:
    data = {}
    for prefix in ("objectives", "themes"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_report_files_together_are_held_to_nginxs_limit(settings, unit_head) -> None:
    from workspace.forms import ProgressReportForm

    settings.UPLOAD_MAX_REQUEST_BYTES = 2 * 1024 * 1024
    task = TaskFactory(
        activity=ActivityFactory(plan=PlanFactory(status=Plan.Status.ISSUED))
    )
    pdf = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    files = [SimpleUploadedFile(f"{n}.pdf", pdf) for n in range(2)]
    from django.utils.datastructures import MultiValueDict

    form = ProgressReportForm(
        {"actual_output": "1"}, MultiValueDict({"files": files}), task=task
    )

    assert not form.is_valid()
    assert "files" in form.errors


def test_the_nginx_limit_matches_the_setting(settings) -> None:
    from pathlib import Path

    conf = (Path(settings.BASE_DIR) / "deploy/nginx/cchc.conf").read_text()

    assert "client_max_body_size 25m;" in conf
    assert settings.UPLOAD_MAX_REQUEST_BYTES == 25 * 1024 * 1024
