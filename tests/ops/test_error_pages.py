"""Error pages: Vietnamese, inside the layout where possible, never a bare message."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gives_the_vietnamese_404_page(planner_client) -> None:
    response = planner_client.get("/khong-co-trang-nay/")

    page = response.content.decode()
    assert response.status_code == 404
    assert 'data-status="404"' in page
    assert "Không tìm thấy trang" in page
    assert "nav" in page


@pytest.fixture
def broken_client(planner, settings) -> Client:
    """A planner's client on URLs where /boom/ raises."""
    settings.ROOT_URLCONF = "tests.ops.urls_broken"
    client = Client(raise_request_exception=False)
    client.force_login(planner)
    return client


def test_a_server_error_gives_the_standalone_500_page(broken_client) -> None:
    response = broken_client.get("/boom/")

    page = response.content.decode()
    assert response.status_code == 500
    assert 'data-status="500"' in page
    assert "Đã xảy ra sự cố" in page
    assert "Content-Security-Policy" in response.headers


def test_when_the_error_page_itself_fails_a_plain_one_answers(
    broken_client, settings, tmp_path
) -> None:
    # A manifest storage without its manifest: every {% static %} raises.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }

    response = broken_client.get("/boom/")

    page = response.content.decode()
    assert response.status_code == 500
    assert 'data-status="500"' in page
    assert "<link" not in page


def test_a_stale_form_gives_the_vietnamese_csrf_page(planner) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(planner)

    response = client.post("/accounts/logout/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page
