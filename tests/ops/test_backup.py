"""manage.py backup / restore: the demo data and its evidence files survive a wipe."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db.models import Q

from accounts.models import User
from campaigns.models import Activity, EvidenceFile, Plan, ProgressReport, Task
from campaigns.tallies import tallies_kept
from tests.factories import UserFactory
from tests.services import require_postgresql, require_program


def _add_evidence(count: int) -> None:
    """Real files in private storage for the first reports of the live plan (as
    unit heads upload; the demo's 2024 plan is closed, hence read-only)."""
    live = ProgressReport.objects.filter(task__plan__status=Plan.Status.ISSUED)
    for n, report in enumerate(live.order_by("pk")[:count]):
        evidence = EvidenceFile(
            report=report,
            original_name=f"bien-ban-{n}.pdf",
            content_type="application/pdf",
            size=0,
            uploaded_by=report.submitted_by,
        )
        content = f"%PDF-1.4 biên bản {n} {'x' * n}".encode()
        evidence.size = len(content)
        evidence.file.save(evidence.original_name, ContentFile(content), save=False)
        evidence.save()
    plan = Plan.objects.filter(status=Plan.Status.ISSUED).first()
    plan.signed_file.save("45-KH-UBND.pdf", ContentFile(b"%PDF-1.4 ky"), save=True)


def _snapshot() -> dict[str, object]:
    storage = storages["private"]

    def digest(name: str) -> str:
        with storage.open(name, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    return {
        "plans": sorted(
            Plan.objects.values_list("pk", "number", "title", "signed_file")
        ),
        "activities": sorted(
            Activity.objects.values_list("pk", "title", "recurrence", "version")
        ),
        "tasks": sorted(
            Task.objects.values_list(
                "pk", "activity_id", "unit_id", "due_date", "status"
            )
        ),
        "reports": sorted(
            ProgressReport.objects.values_list(
                "pk", "task_id", "actual_output", "note", "submitted_by__username"
            )
        ),
        "evidence": sorted(
            (e.pk, e.report_id, e.original_name, e.size, digest(e.file.name))
            for e in EvidenceFile.objects.all()
        ),
        "signed": sorted(
            digest(p.signed_file.name) for p in Plan.objects.exclude(signed_file="")
        ),
        "users": sorted(User.objects.values_list("username", "password")),
        "roles": sorted(User.objects.values_list("username", "memberships__role")),
        "history": Task.history.count() + Activity.history.count(),
    }


def _wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(storages["private"].location, ignore_errors=True)


@pytest.fixture
def demo_with_evidence(demo_db) -> dict[str, object]:
    _add_evidence(5)
    return _snapshot()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("database_format", ["pg_dump", "json"])
def test_backup_wipe_restore_gives_back_every_record_and_file(
    demo_with_evidence, tmp_path, database_format
) -> None:
    if database_format == "pg_dump":
        require_postgresql("a pg_dump backup needs a PostgreSQL database")
        require_program("pg_dump", "apt-get install postgresql-client")
    before = demo_with_evidence
    target = tmp_path / "backup"
    call_command("backup", output=str(target), database_format=database_format)
    _wipe()
    assert Task.objects.count() == 0
    assert not Path(storages["private"].location).exists()

    call_command("restore", str(target), interactive=False)

    after = _snapshot()
    assert after == before
    assert len(after["evidence"]) >= 5  # the demo's own files and the 5 added
    assert len(after["tasks"]) > 250


@pytest.fixture
def small_backup(db, tmp_path) -> Path:
    from tests.factories import ProgressReportFactory

    ProgressReportFactory()
    _add_evidence(1)
    target = tmp_path / "small"
    call_command("backup", output=str(target), database_format="json")
    return target


def test_restore_keeps_the_files_it_replaces(transactional_db, small_backup) -> None:
    # Transactional: a restore flushes, which cannot run inside the test's own
    # transaction once that has written rows.
    stray = Path(storages["private"].location) / "evidence" / "added-later.pdf"
    stray.write_bytes(b"%PDF later")

    call_command("restore", str(small_backup), interactive=False)

    assert not stray.exists()
    kept = list(stray.parents[2].glob("private.replaced-*/evidence/added-later.pdf"))
    assert [path.read_bytes() for path in kept] == [b"%PDF later"]
    assert ProgressReport.objects.count() == 1


def test_the_manifest_lists_every_file_with_its_checksum(small_backup) -> None:
    manifest = json.loads((small_backup / "manifest.json").read_text())

    assert manifest["database"]["format"] == "json"
    assert len(manifest["media"]) == 2
    for entry in manifest["media"]:
        data = (small_backup / "media" / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_check_only_verifies_and_changes_nothing(small_backup, capsys) -> None:
    reports = ProgressReport.objects.count()

    call_command("restore", str(small_backup), check=True)

    assert "Mọi mã kiểm tra đều đúng" in capsys.readouterr().out
    assert ProgressReport.objects.count() == reports


def test_a_damaged_file_stops_the_restore_before_any_change(small_backup) -> None:
    evidence = next((small_backup / "media" / "evidence").rglob("*.pdf"))
    evidence.write_bytes(b"tampered")
    # Reports are PROTECTed by their evidence rows: those go first.
    EvidenceFile.objects.all().delete()
    reported = ProgressReport.objects.values_list("task_id", flat=True)
    with tallies_kept(Q(pk__in=list(reported))):
        for report in ProgressReport.objects.all():
            report.delete()

    with pytest.raises(CommandError, match="bị hỏng hoặc không đầy đủ"):
        call_command("restore", str(small_backup), interactive=False)

    assert ProgressReport.objects.count() == 0


def test_a_backup_from_a_newer_version_is_refused(small_backup) -> None:
    manifest_path = small_backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["database"]["migrations"]["campaigns"].append("9999_from_the_future")
    manifest_path.write_text(json.dumps(manifest))
    reports = ProgressReport.objects.count()

    with pytest.raises(CommandError, match="phiên bản mới hơn"):
        call_command("restore", str(small_backup), interactive=False)

    assert ProgressReport.objects.count() == reports


def test_a_backup_from_before_the_page_cache_was_removed_is_restored(
    transactional_db, small_backup
) -> None:
    """Such a backup names the removed app's migration and holds its one row: the
    past, neither a newer version nor a reason to fail."""
    manifest_path = small_backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["database"]["migrations"]["pagecache"] = ["0001_initial"]
    dump = small_backup / manifest["database"]["file"]
    with gzip.open(dump, "rt") as handle:
        objects = json.load(handle)
    objects.append(
        {"model": "pagecache.dataversion", "pk": 1, "fields": {"version": 7}}
    )
    with gzip.open(dump, "wt") as handle:
        json.dump(objects, handle)
    manifest["database"]["sha256"] = hashlib.sha256(dump.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    users = User.objects.count()
    UserFactory()  # after the backup: the restore takes it away

    call_command("restore", str(small_backup), interactive=False)

    assert User.objects.count() == users


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path) -> None:
    with pytest.raises(CommandError, match="không phải là bản sao lưu"):
        call_command("restore", str(tmp_path), interactive=False)


def test_restore_asks_first_and_stops_unless_told_yes(
    small_backup, monkeypatch
) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    reports = ProgressReport.objects.count()

    with pytest.raises(CommandError, match="không có gì bị thay đổi"):
        call_command("restore", str(small_backup))

    assert ProgressReport.objects.count() == reports


def test_backup_refuses_a_folder_that_is_not_empty(db, tmp_path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "something.txt").write_text("keep me")

    with pytest.raises(CommandError, match="không trống"):
        call_command("backup", output=str(tmp_path / "old"))

    assert (tmp_path / "old" / "something.txt").read_text() == "keep me"


def test_a_failed_backup_leaves_no_half_written_folder(
    db, tmp_path, monkeypatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("ops.backup._copy_media", fail)

    with pytest.raises(OSError, match="disk full"):
        call_command("backup", output=str(tmp_path / "new"), database_format="json")

    assert list(tmp_path.iterdir()) == []
