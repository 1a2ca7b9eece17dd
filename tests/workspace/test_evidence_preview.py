"""Evidence images and PDFs previewed in the task page, served inline by the
same protected view (its permission checks unchanged); other files only
download."""

from __future__ import annotations

from django.urls import reverse

from campaigns.models import EvidenceFile

from . import samples
from .conftest import pdf_upload, upload
from .test_evidence import _post_report


def _url(evidence: EvidenceFile) -> str:
    return reverse("workspace:evidence_download", args=[evidence.pk])


def test_the_task_page_previews_an_image_and_a_pdf(client, scene) -> None:
    client.force_login(scene.head)
    _post_report(
        client,
        scene.task,
        [upload("Anh hoi nghi.png", samples.png(), "image/png"), pdf_upload()],
    )
    image = EvidenceFile.objects.get(content_type="image/png")
    pdf = EvidenceFile.objects.get(content_type="application/pdf")

    text = client.get(scene.task.get_absolute_url()).text

    assert (
        f'<img class="evidence-preview-image mt-1" src="{_url(image)}?inline=1"' in text
    )
    assert (
        f'<iframe class="evidence-preview-pdf mt-1" src="{_url(pdf)}?inline=1"' in text
    )


def test_inline_serves_an_image_in_the_page_framed_only_by_the_app(
    client, scene
) -> None:
    client.force_login(scene.head)
    _post_report(client, scene.task, [upload("Pano.png", samples.png(), "image/png")])
    evidence = EvidenceFile.objects.get()

    response = client.get(_url(evidence), {"inline": "1"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_file_that_cannot_be_previewed_still_downloads(client, scene) -> None:
    client.force_login(scene.head)
    _post_report(
        client, scene.task, [upload("Ban tin.mp3", samples.mp3(), "audio/mpeg")]
    )
    evidence = EvidenceFile.objects.get()

    response = client.get(_url(evidence), {"inline": "1"})

    assert response["Content-Disposition"].startswith("attachment")
    assert "evidence-preview" not in client.get(scene.task.get_absolute_url()).text


def test_another_units_file_is_not_previewed_either(client, scene) -> None:
    client.force_login(scene.head)
    _post_report(client, scene.task, [pdf_upload()])
    evidence = EvidenceFile.objects.get()
    client.force_login(scene.other_head)

    response = client.get(_url(evidence), {"inline": "1"})

    assert response.status_code == 404
