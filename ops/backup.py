"""Back up and restore the whole application: the database and the private files.

A backup is a directory::

    manifest.json        what is in it, with a SHA-256 of every file
    database.dump        PostgreSQL: ``pg_dump --format=custom``
    database.json.gz     any database (or ``--database-format json``): dumpdata
    media/...            the private files (signed plans, evidence), same layout

The directory is written under a temporary name and renamed when complete, so a
half-written backup never looks like a good one. A restore first checks every
checksum, then replaces the database in one transaction, then swaps the files in
(the files it replaces are kept aside, never deleted).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
PG_DUMP_FILE = "database.dump"
JSON_DUMP_FILE = "database.json.gz"
# Everything but the sessions (worthless after a restore). Content types and
# permissions are kept with their ids, so the restore is an exact copy.
JSON_EXCLUDE = ["sessions.session"]
# Apps removed from the code whose migrations a backup made before their removal still
# names: the past, not a newer version. After restoring such a pg_dump, `migrate`
# removes what they left in the database (campaigns.0014_drop_page_cache).
REMOVED_APPS = frozenset({"pagecache"})
CHUNK = 1024 * 1024


@dataclass
class BackupResult:
    path: Path
    database_format: str
    files: int
    total_bytes: int


@dataclass
class RestoreResult:
    database_format: str
    files: int
    replaced_media: Path | None
    migrations_behind: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    storage = storages["private"]
    location = getattr(storage, "location", None)
    if location is None:
        raise ValidationError(
            _(
                "The private file storage is not a folder on this server: back it "
                "up with the tools of that storage."
            )
        )
    return Path(location)


def _applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(loader.applied_migrations):
        applied.setdefault(app_label, []).append(name)
    return applied


def _code_migrations(alias: str = DEFAULT_DB_ALIAS) -> set[tuple[str, str]]:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    return set(loader.disk_migrations)


def _pg_env(settings_dict: dict) -> dict[str, str]:
    """libpq variables for pg_dump/psql: the password never shows in `ps`."""
    env = dict(os.environ)
    mapping = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    for key, value in mapping.items():
        if value:
            env[key] = str(value)
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise ValidationError(
            _("%(tool)s is not installed (Debian package postgresql-client).")
            % {"tool": command[0]}
        )
    # A fixed program with arguments built here, never a shell.
    proc = subprocess.run(  # noqa: S603  # nosec B603
        [tool, *command[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise ValidationError(
            _("%(tool)s failed: %(error)s")
            % {"tool": command[0], "error": proc.stderr.strip()[-2000:]}
        )


def _database_format(requested: str, vendor: str) -> str:
    if requested == "auto":
        return "pg_dump" if vendor == "postgresql" else "json"
    if requested == "pg_dump" and vendor != "postgresql":
        raise ValidationError(_("pg_dump needs a PostgreSQL database."))
    if requested not in {"pg_dump", "json"}:
        raise ValidationError(_("Unknown database format: %s") % requested)
    return requested


def _dump_database(target: Path, database_format: str) -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    if database_format == "pg_dump":
        dump = target / PG_DUMP_FILE
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={dump}",
            ],
            env=_pg_env(connection.settings_dict),
        )
        return dump.name
    dump = target / JSON_DUMP_FILE
    call_command(
        "dumpdata",
        exclude=JSON_EXCLUDE,
        output=str(dump),
        verbosity=0,
    )
    return dump.name


def _copy_media(target: Path) -> list[dict[str, object]]:
    root = _media_root()
    entries: list[dict[str, object]] = []
    if not root.exists():
        return entries
    for source in sorted(root.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(root)
        destination = target / MEDIA_DIR / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
        entries.append(
            {
                "path": relative.as_posix(),
                "size": destination.stat().st_size,
                "sha256": _sha256(destination),
            }
        )
    return entries


def backup_create(*, output: Path, database_format: str = "auto") -> BackupResult:
    """Write a complete backup into ``output`` (a new or empty directory)."""
    output = output.resolve()
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise ValidationError(
            _("%(path)s already exists and is not empty; choose a new folder.")
            % {"path": output}
        )
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    database_format = _database_format(database_format, vendor)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        dump_name = _dump_database(partial, database_format)
        media = _copy_media(partial)
        manifest = {
            "format_version": FORMAT_VERSION,
            "application": "nuithanh_cchc",
            "created_at": timezone.now().isoformat(),
            "database": {
                "vendor": vendor,
                "format": database_format,
                "file": dump_name,
                "sha256": _sha256(partial / dump_name),
                "migrations": _applied_migrations(),
            },
            "media": media,
        }
        (partial / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        partial.chmod(0o700)
        if output.exists():
            output.rmdir()
        partial.rename(output)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    total = sum(path.stat().st_size for path in output.rglob("*") if path.is_file())
    return BackupResult(
        path=output,
        database_format=database_format,
        files=len(media),
        total_bytes=total,
    )


def backup_read_manifest(*, source: Path) -> dict:
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise ValidationError(
            _("%(path)s is not a backup: it has no %(manifest)s.")
            % {"path": source, "manifest": MANIFEST}
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValidationError(_("The backup's manifest is damaged.")) from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValidationError(
            _("This backup was written in format %(found)s; this version reads %(ok)s.")
            % {"found": manifest.get("format_version"), "ok": FORMAT_VERSION}
        )
    return manifest


def backup_verify(*, source: Path) -> dict:
    """Check every checksum; raise ValidationError naming what is damaged."""
    manifest = backup_read_manifest(source=source)
    damaged: list[str] = []
    database = manifest["database"]
    dump = source / database["file"]
    if not dump.is_file() or _sha256(dump) != database["sha256"]:
        damaged.append(database["file"])
    for entry in manifest["media"]:
        path = source / MEDIA_DIR / entry["path"]
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            damaged.append(f"{MEDIA_DIR}/{entry['path']}")
    if damaged:
        raise ValidationError(
            _("The backup is damaged or incomplete: %(files)s")
            % {"files": ", ".join(damaged[:20])}
        )
    return manifest


def _migrations_check(manifest: dict) -> list[str]:
    """Migrations the code has and the backup lacks; refuse a backup from the future."""
    in_backup = {
        (app, name)
        for app, names in manifest["database"].get("migrations", {}).items()
        for name in names
    }
    in_code = _code_migrations()
    unknown = sorted(
        (app, name) for app, name in in_backup - in_code if app not in REMOVED_APPS
    )
    if unknown:
        raise ValidationError(
            _(
                "This backup comes from a newer version of the application (unknown "
                "migrations: %(names)s). Update the application first."
            )
            % {"names": ", ".join(f"{app}.{name}" for app, name in unknown[:10])}
        )
    return sorted(f"{app}.{name}" for app, name in in_code - in_backup)


def _restore_pg(dump: Path) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        raise ValidationError(
            _("This backup is a PostgreSQL dump; the database here is %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    env = _pg_env(connection.settings_dict)
    connections.close_all()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "restore.sql"
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                f"--file={script}",
                str(dump),
            ],
            env=env,
        )
        # One transaction: the schema is emptied and rebuilt, or nothing changes.
        _run(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                "--command=DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
                f"--file={script}",
            ],
            env=env,
        )


def _restore_json(dump: Path) -> None:
    # Django's flush and loaddata in one transaction: all or nothing on PostgreSQL.
    with gzip.open(dump, "rb") as handle:
        handle.read(1)  # fail early on a file that is not gzip
    # The history rows are in the dump: simple_history must not add more while
    # loaddata sets many-to-many fields (their signal ignores `raw`).
    history_enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        with transaction.atomic():
            # No post_migrate: it would recreate content types, permissions and
            # groups that the dump brings back with their own ids.
            call_command(
                "flush", interactive=False, inhibit_post_migrate=True, verbosity=0
            )
            # A backup from before a model or field was removed still loads
            # without it (newer backups never get here: _migrations_check).
            call_command("loaddata", str(dump), ignorenonexistent=True, verbosity=0)
    finally:
        settings.SIMPLE_HISTORY_ENABLED = history_enabled


def _restore_media(source: Path, manifest: dict) -> Path | None:
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(
        tempfile.mkdtemp(prefix=f".{root.name}.restoring.", dir=root.parent)
    )
    try:
        for entry in manifest["media"]:
            destination = incoming / entry["path"]
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / MEDIA_DIR / entry["path"], destination)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    replaced = None
    if root.exists():
        stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%S")
        replaced = root.with_name(f"{root.name}.replaced-{stamp}")
        root.rename(replaced)
    incoming.rename(root)
    return replaced


def backup_restore(*, source: Path) -> RestoreResult:
    """Replace the database and the private files with the backup in ``source``."""
    source = source.resolve()
    manifest = backup_verify(source=source)
    behind = _migrations_check(manifest)
    database = manifest["database"]
    dump = source / database["file"]
    if database["format"] == "pg_dump":
        _restore_pg(dump)
    elif database["format"] == "json":
        _restore_json(dump)
    else:
        raise ValidationError(_("Unknown database format: %s") % database["format"])
    replaced = _restore_media(source, manifest)
    return RestoreResult(
        database_format=database["format"],
        files=len(manifest["media"]),
        replaced_media=replaced,
        migrations_behind=behind,
    )
