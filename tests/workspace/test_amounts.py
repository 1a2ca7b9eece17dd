"""The report's cost typed as Vietnamese write it, shown back with dots."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from campaigns.models import ProgressReport
from tests.factories import ProgressReportFactory


def _data(**extra: object) -> dict[str, object]:
    return {"actual_output": "2", "note": "", "evidence_links": "", **extra}


def test_a_cost_written_with_dots_is_saved(client, scene) -> None:
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(actual_cost="250.000"),
    )

    assert response.status_code == 302
    assert ProgressReport.objects.get().actual_cost == Decimal(250_000)


def test_a_cost_in_millions_with_its_currency_is_saved(client, scene) -> None:
    client.force_login(scene.head)

    client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(actual_cost="1,5 triệu đồng"),
    )

    assert ProgressReport.objects.get().actual_cost == Decimal(1_500_000)


def test_an_unreadable_cost_is_refused_in_vietnamese(client, scene) -> None:
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(actual_cost="hai trăm"),
    )

    assert response.status_code == 200
    assert "không phải là số tiền" in response.text
    assert "chữ số thập phân" not in response.text
    assert not ProgressReport.objects.exists()


def test_the_edit_form_shows_the_cost_with_dots(client, scene) -> None:
    report = ProgressReportFactory(
        task=scene.task, submitted_by=scene.head, actual_cost=1_200_000
    )
    client.force_login(scene.head)

    response = client.get(reverse("workspace:report_edit", args=[report.pk]))

    assert 'value="1.200.000"' in response.text
