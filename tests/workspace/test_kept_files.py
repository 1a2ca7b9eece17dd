"""A report form refused for another field keeps the files already chosen:
they are listed as chosen and filed with the report when it is sent again."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from campaigns.models import EvidenceFile, ProgressReport
from tests.factories import ProgressReportFactory

from .conftest import pdf_upload


def _data(**extra: object) -> dict[str, object]:
    return {
        "actual_output": "1",
        "actual_cost": "250.000",
        "note": "",
        "evidence_links": "",
        "submission_key": str(KEY),
        **extra,
    }


KEY = uuid.uuid4()


def _tokens(text: str) -> list[str]:
    return re.findall(r'name="kept_files" value="([^"]+)"', text)


def _pending() -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "pending"
    return list(root.iterdir()) if root.exists() else []


def _refused(client, scene) -> str:
    response = client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(evidence_links="nhóm zalo", files=[pdf_upload("Anh hop.pdf")]),
    )
    assert response.status_code == 200
    return response.text


def test_a_refused_form_lists_the_chosen_file(client, scene) -> None:
    client.force_login(scene.head)

    text = _refused(client, scene)

    assert 'id="kept-files"' in text
    assert "Anh hop.pdf" in text
    assert len(_tokens(text)) == 1
    assert not ProgressReport.objects.exists()


def test_the_refused_form_lists_its_errors_at_the_top(client, scene) -> None:
    client.force_login(scene.head)

    text = _refused(client, scene)

    assert 'id="error-summary"' in text
    assert 'href="#id_evidence_links"' in text


def test_the_kept_file_is_filed_when_the_form_is_sent_again(client, scene) -> None:
    client.force_login(scene.head)
    (token,) = _tokens(_refused(client, scene))

    response = client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(kept_files=[token]),
    )

    assert response.status_code == 302
    (evidence,) = EvidenceFile.objects.all()
    assert evidence.original_name == "Anh hop.pdf"
    assert evidence.file.read().startswith(b"%PDF")
    assert _pending() == []


def test_an_unticked_kept_file_is_left_out(client, scene) -> None:
    client.force_login(scene.head)
    _refused(client, scene)

    client.post(reverse("workspace:report_create", args=[scene.task.pk]), _data())

    assert ProgressReport.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_another_persons_token_is_ignored(client, scene, staff) -> None:
    client.force_login(scene.head)
    (token,) = _tokens(_refused(client, scene))
    client.force_login(staff)
    scene.task.assignee = staff
    scene.task.save(update_fields=["assignee"])

    client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(kept_files=[token]),
    )

    assert ProgressReport.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_a_token_of_another_form_is_ignored(client, scene) -> None:
    client.force_login(scene.head)
    (token,) = _tokens(_refused(client, scene))

    client.post(
        reverse("workspace:report_create", args=[scene.task.pk]),
        _data(kept_files=[token], submission_key=str(uuid.uuid4())),
    )

    assert not EvidenceFile.objects.exists()


def test_the_edit_form_keeps_its_chosen_files_too(client, scene) -> None:
    report = ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    client.force_login(scene.head)
    url = reverse("workspace:report_edit", args=[report.pk])
    data = {
        "actual_output": "1",
        "note": "",
        "version": str(report.version),
    }

    text = client.post(
        url, {**data, "evidence_links": "x", "files": [pdf_upload("Bien ban.pdf")]}
    ).text
    (token,) = _tokens(text)
    client.post(url, {**data, "evidence_links": "", "kept_files": [token]})

    assert [e.original_name for e in report.evidence_files.all()] == ["Bien ban.pdf"]
