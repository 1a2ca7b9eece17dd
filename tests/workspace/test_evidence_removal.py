"""Removing an evidence file: asked first, only that file's row changes on the
edit page, and the removal is in the task's history (who, when, which file)."""

from __future__ import annotations

from django.urls import reverse

from campaigns.models import EvidenceFile, Task
from tests.factories import EvidenceFileFactory, ProgressReportFactory, tasks_update


def _evidence(scene) -> EvidenceFile:
    report = ProgressReportFactory(task=scene.task, submitted_by=scene.head)
    return EvidenceFileFactory(report=report, original_name="Anh hoi nghi.jpg")


def test_the_edit_page_asks_before_removing(client, scene) -> None:
    evidence = _evidence(scene)
    client.force_login(scene.head)

    text = client.get(reverse("workspace:report_edit", args=[evidence.report_id])).text

    assert "hx-confirm=" in text
    assert f'hx-post="{reverse("workspace:evidence_delete", args=[evidence.pk])}"' in (
        text
    )


def test_without_javascript_the_question_is_a_page(client, scene) -> None:
    evidence = _evidence(scene)
    client.force_login(scene.head)

    response = client.get(reverse("workspace:evidence_delete", args=[evidence.pk]))

    assert response.status_code == 200
    assert 'id="confirm-remove"' in response.text
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()


def test_a_removal_from_the_page_replaces_only_the_files_row(client, scene) -> None:
    evidence = _evidence(scene)
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:evidence_delete", args=[evidence.pk]),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.startswith("<li")
    assert f'data-evidence-removed="{evidence.pk}"' in response.text
    assert "<html" not in response.text
    assert not EvidenceFile.objects.filter(pk=evidence.pk).exists()


def test_a_refused_removal_keeps_the_row_with_the_reason(client, scene) -> None:
    evidence = _evidence(scene)
    tasks_update(Task.objects.filter(pk=scene.task.pk), status=Task.Status.DONE)
    client.force_login(scene.head)

    response = client.post(
        reverse("workspace:evidence_delete", args=[evidence.pk]),
        headers={"HX-Request": "true"},
    )

    assert f'data-evidence-id="{evidence.pk}"' in response.text
    assert 'role="alert"' in response.text
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()


def test_the_removal_is_recorded_with_who_and_which_file(client, scene) -> None:
    evidence = _evidence(scene)
    client.force_login(scene.head)

    client.post(reverse("workspace:evidence_delete", args=[evidence.pk]))

    record = EvidenceFile.history.get(id=evidence.pk, history_type="-")
    assert (record.original_name, record.history_user) == (
        "Anh hoi nghi.jpg",
        scene.head,
    )


def test_the_removal_shows_in_the_tasks_timeline(client, scene) -> None:
    evidence = _evidence(scene)
    client.force_login(scene.head)
    client.post(reverse("workspace:evidence_delete", args=[evidence.pk]))

    text = client.get(scene.task.get_absolute_url()).text

    assert 'data-event="evidence-removed"' in text
    assert "Anh hoi nghi.jpg" in text
