"""A NUL character anywhere in a request is a 400 with a Vietnamese message, and
an id that is not a number is a message or a 400: never a 500 (PostgreSQL
refuses NUL in text, wherever it reached a query)."""

from __future__ import annotations

import pytest
from django.test import Client

from campaigns.models import Plan
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Yêu cầu chứa một ký tự không được phép (NUL)"


@pytest.fixture
def head_client(unit_head) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(unit_head)
    return client


@pytest.fixture
def admin_client_() -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="admin"))
    return client


def test_a_nul_in_a_search_is_a_400_in_vietnamese(head_client) -> None:
    response = head_client.get("/my-tasks/?q=%00")

    assert response.status_code == 400
    assert REFUSAL in response.text


def test_a_nul_in_a_calendar_token_is_a_400() -> None:
    response = Client(raise_request_exception=False).get("/calendar/feed/abc%00.ics")

    assert response.status_code == 400


def test_a_nul_in_an_admin_filter_is_a_400(admin_client_) -> None:
    response = admin_client_.get("/admin/campaigns/task/?unit__id__exact=%00")

    assert response.status_code == 400


def test_a_nul_in_the_admin_autocomplete_is_a_400(admin_client_) -> None:
    response = admin_client_.get(
        "/admin/autocomplete/",
        {
            "app_label": "campaigns",
            "model_name": "task",
            "field_name": "unit",
            "term": "\x00",
        },
    )

    assert response.status_code == 400


def test_a_nul_in_a_form_field_is_a_400(planner_client) -> None:
    response = planner_client.post("/plans/new/", {"title": "Kế hoạch\x00"})

    assert response.status_code == 400


def test_a_word_for_an_id_in_an_admin_filter_is_not_an_error(admin_client_) -> None:
    response = admin_client_.get("/admin/campaigns/task/?unit__id__exact=abc")

    assert response.status_code < 500


def test_a_word_for_a_unit_in_a_form_is_a_message(planner_client) -> None:
    plan = PlanFactory(status=Plan.Status.DRAFT)

    response = planner_client.post(
        "/activities/new/", {"plan": plan.pk, "lead_unit": "abc"}
    )

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.text


def test_an_admin_action_on_a_word_for_an_id_is_a_400(admin_client_) -> None:
    response = admin_client_.post(
        "/admin/campaigns/task/",
        {"action": "delete_selected", "index": "0", "_selected_action": "abc"},
    )

    assert response.status_code == 400
    assert "Lựa chọn có một mục không tồn tại" in response.text
