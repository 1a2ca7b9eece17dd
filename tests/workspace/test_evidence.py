"""Evidence files: accepted by content, refused with a message, stored privately
under a random name and downloaded only through the scoped view."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from campaigns.models import EvidenceFile, ProgressReport, Task
from campaigns.uploads import detect_kind

from . import samples
from .conftest import pdf_upload, upload

ACCEPTED = [
    ("Bien ban hop.pdf", samples.pdf, "application/pdf"),
    ("Bao cao.docx", samples.docx_bytes, None),
    ("So lieu.xlsx", samples.xlsx_bytes, None),
    ("Cong van cu.doc", samples.doc, "application/msword"),
    ("Bang tinh cu.xls", samples.xls, "application/vnd.ms-excel"),
    ("Anh hoi nghi.jpg", samples.jpg, "image/jpeg"),
    ("Anh hoi nghi.JPEG", samples.jpg, "image/jpeg"),
    ("Pano.png", samples.png, "image/png"),
    ("Ban tin.mp3", samples.mp3, "audio/mpeg"),
    ("Phong su.mp4", samples.mp4, "video/mp4"),
]


def _report_data(**extra: object) -> dict[str, object]:
    return {
        "actual_output": "2",
        "participants": "45",
        "reach": "",
        "note": "Đã phát 2 lượt trên đài xã",
        "evidence_links": "",
        **extra,
    }


def _post_report(client, task, files, **extra):
    return client.post(
        reverse("workspace:report_create", args=[task.pk]),
        _report_data(files=files, **extra),
    )


def _private_files() -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize(("name", "make", "mime"), ACCEPTED)
def test_each_accepted_kind_is_stored(client, scene, name, make, mime) -> None:
    client.force_login(scene.head)
    # Made once: an office file made a second later zips to other bytes.
    content = make()

    response = _post_report(client, scene.task, [upload(name, content)])

    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.original_name == name
    assert evidence.size == len(content)
    if mime:
        assert evidence.content_type == mime


def test_the_stored_name_is_random_and_keeps_only_the_real_extension(
    client, scene
) -> None:
    client.force_login(scene.head)

    _post_report(client, scene.task, [pdf_upload("../../etc/Bien ban.PDF")])

    evidence = EvidenceFile.objects.get()
    stored = Path(evidence.file.name)
    assert evidence.original_name == "Bien ban.PDF"
    assert stored.parts[0] == "evidence"
    assert stored.suffix == ".pdf"
    assert len(stored.stem) == 32
    assert "Bien" not in stored.name
    assert _private_files() == [
        Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / evidence.file.name
    ]
    assert not str(evidence.file.storage.location).startswith(str(settings.STATIC_ROOT))


REFUSED = [
    ("renamed Windows program", "Bao cao.pdf", samples.windows_exe, "PDF"),
    ("renamed Linux program", "Anh.jpg", samples.linux_elf, "JPG"),
    ("zip renamed to docx", "Bao cao.docx", samples.plain_zip, "DOCX"),
    ("installer-like OLE file as doc", "Cu.doc", samples.msi_like, "DOC"),
    ("PDF named as Excel", "So lieu.xlsx", samples.pdf, "XLSX"),
]


@pytest.mark.parametrize(
    ("case", "name", "make", "claimed"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_content_that_is_not_what_the_name_says_is_refused(
    client, scene, case, name, make, claimed
) -> None:
    client.force_login(scene.head)

    response = _post_report(client, scene.task, [upload(name, make())])

    assert response.status_code == 200
    assert f"Nội dung của “{name}” không phải là tệp {claimed} thật" in response.text
    assert ProgressReport.objects.count() == 0
    assert EvidenceFile.objects.count() == 0
    assert _private_files() == []


def test_an_executable_with_its_own_extension_is_refused(client, scene) -> None:
    client.force_login(scene.head)

    response = _post_report(
        client, scene.task, [upload("setup.exe", samples.windows_exe())]
    )

    assert "“setup.exe” không thuộc loại được chấp nhận" in response.text
    assert ProgressReport.objects.count() == 0


def test_an_oversized_file_is_refused_with_the_limit(client, scene, settings) -> None:
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(scene.head)
    big = samples.pdf() + b"%" * 2048

    response = _post_report(client, scene.task, [upload("Lon.pdf", big)])

    assert response.status_code == 200
    assert "“Lon.pdf” có dung lượng" in response.text
    assert "giới hạn là 1,0\xa0KB" in response.text
    assert ProgressReport.objects.count() == 0
    assert _private_files() == []


def test_an_empty_file_is_refused(client, scene) -> None:
    client.force_login(scene.head)

    response = _post_report(client, scene.task, [upload("Trong.pdf", b"")])

    assert response.status_code == 200
    assert "“Trong.pdf” là tệp rỗng" in response.text
    assert ProgressReport.objects.count() == 0
    assert _private_files() == []


def test_one_bad_file_among_good_ones_saves_nothing(client, scene) -> None:
    client.force_login(scene.head)

    _post_report(
        client,
        scene.task,
        [pdf_upload(), upload("Anh.png", samples.windows_exe())],
    )

    assert ProgressReport.objects.count() == 0
    assert EvidenceFile.objects.count() == 0
    assert _private_files() == []
    assert Task.objects.get(pk=scene.task.pk).status == Task.Status.TODO


def test_a_refused_file_keeps_the_rest_of_the_form(client, scene) -> None:
    client.force_login(scene.head)

    response = _post_report(client, scene.task, [upload("Trong.pdf", b"")])

    form = response.context["form"]
    assert form["note"].value() == "Đã phát 2 lượt trên đài xã"
    assert form["participants"].value() == "45"
    assert 'value="45"' in response.text
    assert "chọn lại tệp" in response.text


def test_too_many_files_at_once_are_refused(client, scene) -> None:
    client.force_login(scene.head)

    _post_report(client, scene.task, [pdf_upload(f"{n}.pdf") for n in range(11)])

    assert ProgressReport.objects.count() == 0


def test_download_gives_the_original_name_and_type(client, scene, planner) -> None:
    client.force_login(scene.head)
    _post_report(client, scene.task, [pdf_upload("Biên bản tháng 6.pdf")])
    evidence = EvidenceFile.objects.get()
    client.force_login(planner)

    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert (
        "Bi%C3%AAn%20b%E1%BA%A3n%20th%C3%A1ng%206.pdf"
        in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content) == samples.pdf()


def test_a_file_missing_from_storage_is_404_not_500(client, scene) -> None:
    client.force_login(scene.head)
    _post_report(client, scene.task, [pdf_upload()])
    evidence = EvidenceFile.objects.get()
    evidence.file.storage.delete(evidence.file.name)

    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))

    assert response.status_code == 404


def test_removing_a_file_deletes_it_from_storage(
    client, scene, django_capture_on_commit_callbacks
) -> None:
    client.force_login(scene.head)
    _post_report(client, scene.task, [pdf_upload()])
    evidence = EvidenceFile.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workspace:evidence_delete", args=[evidence.pk]))

    assert EvidenceFile.objects.count() == 0
    assert _private_files() == []


def test_a_file_of_a_done_task_cannot_be_removed(client, scene) -> None:
    client.force_login(scene.head)
    _post_report(client, scene.task, [pdf_upload()], and_done="1")
    evidence = EvidenceFile.objects.get()

    client.post(reverse("workspace:evidence_delete", args=[evidence.pk]))

    assert EvidenceFile.objects.count() == 1


def test_detection_leaves_the_file_at_its_start() -> None:
    handle = io.BytesIO(samples.docx_bytes())
    handle.read(10)

    assert detect_kind(handle) == "docx"
    assert handle.tell() == 0
