"""The demo seeded once per test process, then copied into each test that needs it.

Seeding the demo (:func:`demo.seeding.demo_seed`) writes two yearly plans through
the services: seconds of work that about ten tests used to repeat. Here it runs
once per process (one per pytest-xdist worker) in a transaction that is rolled
back, after the whole database was read into a :class:`DemoSnapshot`: every row
of every model's table and every file the demo stored. A test that asks for the
demo gets the snapshot written back into its own database, which then holds
exactly what a fresh ``demo_seed`` would leave:

- in a test run in a transaction (``db``), the copy is rolled back with the test;
- in a transactional test (``transactional_db``, ``live_server``), the copy is
  committed and the flush that ends the test removes it, as it removed the
  seeded rows before.

The copy replaces every table's rows, including the role groups, permissions and
content types (whose keys change when a transactional test's flush recreates
them), so the copy is consistent whatever ran before. It refuses to run over rows
a fixture already added: the demo comes first, then what a test adds to it.

The demo depends on the day it is seeded (this year's plan, its progress): it is
seeded at :data:`SEED_AT`, and a test that uses it runs with the clock stopped
there too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test import override_settings

from campaigns.models import EvidenceFile
from demo.seeding import SeedCounts, demo_seed

#: The moment the demo is seeded, and the clock of every test that uses it.
SEED_AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
#: The day of :data:`SEED_AT` in the project's time zone (Asia/Ho_Chi_Minh).
SEED_DAY = dt.date(2026, 11, 30)
#: The password of every demo account in the snapshot.
DEMO_PASSWORD = "demo-pass-42"  # noqa: S105 - a test's demo password
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class TableRows:
    """One table's rows: the model, its concrete fields' attribute names, and
    each row's values in that order."""

    model: type[models.Model]
    attnames: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class DemoSnapshot:
    """The database and the private files right after ``demo_seed``.

    ``tables`` holds every table, empty ones too (a copy empties them);
    ``seeded`` names the models whose tables the seeding added rows to;
    ``files`` maps a stored file's name to its bytes.
    """

    counts: SeedCounts
    tables: tuple[TableRows, ...]
    seeded: frozenset[type[models.Model]]
    files: dict[str, bytes]


def _models() -> list[type[models.Model]]:
    """Every model with a table of its own, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _read(model: type[models.Model]) -> TableRows:
    attnames = tuple(field.attname for field in model._meta.concrete_fields)
    rows = tuple(model._base_manager.order_by("pk").values_list(*attnames))
    return TableRows(model=model, attnames=attnames, rows=rows)


def demo_snapshot_take(*, files_dir: Path) -> DemoSnapshot:
    """Seed the demo at :data:`SEED_AT` and read the database and files back.

    The caller holds the database access (``django_db_blocker``); the seeding
    is rolled back here, so the database is left as it was. ``files_dir`` is
    an empty directory that receives the demo's evidence files.
    """
    storage = FileSystemStorage(location=files_dir)
    with (
        pytest.MonkeyPatch.context() as patch,
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        patch.setattr(EvidenceFile._meta.get_field("file"), "storage", storage)
        before = {model: model._base_manager.count() for model in _models()}
        with time_machine.travel(SEED_AT, tick=False):
            counts = demo_seed(password=DEMO_PASSWORD)
        tables = tuple(_read(model) for model in _models())
        transaction.set_rollback(True)
    return DemoSnapshot(
        counts=counts,
        tables=tables,
        seeded=frozenset(
            table.model for table in tables if len(table.rows) > before[table.model]
        ),
        files={
            path.relative_to(files_dir).as_posix(): path.read_bytes()
            for path in sorted(files_dir.rglob("*"))
            if path.is_file()
        },
    )


@transaction.atomic
def demo_snapshot_restore(snapshot: DemoSnapshot) -> None:
    """Make the database and the private storage hold the snapshot.

    Every table is emptied and refilled with the snapshot's rows (foreign keys
    are checked at the end of the transaction); PostgreSQL's sequences are moved
    past the copied keys. The files are written into the evidence files'
    storage, which must not hold them yet (each test has its own). Raises
    ``RuntimeError`` when a table the demo fills already has rows: a fixture
    added them before the demo, and the copy would delete them.
    """
    if crowded := sorted(
        model._meta.label for model in snapshot.seeded if model._base_manager.exists()
    ):
        raise RuntimeError(
            "the demo is copied into an empty database; ask for it before the "
            f"fixtures that add rows (found rows in {', '.join(crowded)})"
        )
    with connection.cursor() as cursor:
        for table in snapshot.tables:
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(table.model._meta.db_table)}"  # noqa: S608 - a model's table
            )
    for table in snapshot.tables:
        table.model._base_manager.bulk_create(
            [
                table.model(**dict(zip(table.attnames, row, strict=True)))
                for row in table.rows
            ],
            batch_size=500,
        )
    if sql := connection.ops.sequence_reset_sql(no_style(), _models()):
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
    # Content types are cached by key in this process; the copy may change keys.
    ContentType.objects.clear_cache()
    storage = EvidenceFile._meta.get_field("file").storage
    for name, content in snapshot.files.items():
        stored = storage.save(name, ContentFile(content))
        assert stored == name, (stored, name)
