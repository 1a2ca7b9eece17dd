"""campaigns.0014_drop_page_cache removes what the removed page cache installed in
a database: its triggers on every table, its functions, its tables, its content type
and its migration rows; on a database that never had it, it does nothing."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from campaigns.models import Unit
from tests.factories import UnitFactory
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

# What the page cache installed (its triggers.py and 0001_initial), on two tables.
TABLES = ("campaigns_unit", "campaigns_activity_audience_groups")
VERSION_TABLE = (
    "CREATE TABLE pagecache_dataversion"
    " (id bigint PRIMARY KEY, version bigint NOT NULL)"
)
SQLITE_TRIGGER = """
CREATE TRIGGER pagecache_touch_{table}_{name} AFTER {event} ON {table}
BEGIN
    INSERT INTO pagecache_dataversion (id, version)
    SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM pagecache_dataversion WHERE id = 1);
    UPDATE pagecache_dataversion SET version = version + 1 WHERE id = 1;
END
"""
PG_FUNCTIONS = """
CREATE TABLE pagecache_pending (txid bigint PRIMARY KEY);
CREATE FUNCTION pagecache_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pagecache_pending (txid) VALUES (txid_current())
    ON CONFLICT (txid) DO NOTHING;
    RETURN NULL;
END $$;
CREATE FUNCTION pagecache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pagecache_dataversion (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = pagecache_dataversion.version + 1;
    DELETE FROM pagecache_pending WHERE txid = NEW.txid;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER pagecache_bump AFTER INSERT ON pagecache_pending
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pagecache_bump();
"""
PG_TRIGGER = """
CREATE TRIGGER pagecache_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION pagecache_touch();
"""


def _drop_page_cache() -> None:
    migration = importlib.import_module("campaigns.migrations.0014_drop_page_cache")
    with connection.schema_editor() as schema_editor:
        migration.drop_page_cache(apps, schema_editor)


def _left_behind() -> set[str]:
    """Names of the page cache's triggers, functions and tables still there."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'pagecache%'"
                " UNION ALL"
                " SELECT proname FROM pg_proc WHERE proname LIKE 'pagecache%'"
                " UNION ALL"
                " SELECT relname FROM pg_class WHERE relname LIKE 'pagecache%'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'pagecache%'"
            )
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture
def old_page_cache() -> Iterator[None]:
    """The page cache's objects as it left them; removed again after the test."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION_TABLE)
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTIONS)
            for table in TABLES:
                cursor.execute(PG_TRIGGER.format(table=table))
        else:
            for table in TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        SQLITE_TRIGGER.format(
                            table=table, event=event, name=event.lower()
                        )
                    )
    UnitFactory()  # the triggers at work
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DROP TABLE IF EXISTS pagecache_pending, pagecache_dataversion;"
                " DROP FUNCTION IF EXISTS pagecache_touch(), pagecache_bump() CASCADE"
            )
        else:
            for name in _left_behind():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute("DROP TABLE IF EXISTS pagecache_dataversion")


def test_on_sqlite_the_row_triggers_and_the_version_table_are_dropped(
    old_page_cache,
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip(f"SQLite's triggers; DATABASE_URL is {connection.vendor}")
    assert "pagecache_touch_campaigns_unit_update" in _left_behind()

    _drop_page_cache()

    assert _left_behind() == set()
    UnitFactory()
    assert Unit.objects.count() == 2


def test_on_postgresql_the_triggers_functions_and_tables_are_dropped(
    old_page_cache,
) -> None:
    require_postgresql("statement-level and deferred triggers are PostgreSQL's")
    assert {"pagecache_touch", "pagecache_bump", "pagecache_pending"} <= _left_behind()

    _drop_page_cache()

    assert _left_behind() == set()
    UnitFactory()
    assert Unit.objects.count() == 2


def test_on_a_database_that_never_had_the_page_cache_it_does_nothing() -> None:
    UnitFactory()

    _drop_page_cache()

    assert _left_behind() == set()
    assert Unit.objects.count() == 1


def test_the_content_type_its_permissions_and_the_migration_rows_go() -> None:
    content_type = ContentType.objects.create(
        app_label="pagecache", model="dataversion"
    )
    Permission.objects.create(
        content_type=content_type, codename="view_dataversion", name="x"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["pagecache", "0001_initial", timezone.now()],
        )

    _drop_page_cache()

    assert not ContentType.objects.filter(app_label="pagecache").exists()
    assert not Permission.objects.filter(codename="view_dataversion").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations WHERE app = 'pagecache'")
        assert cursor.fetchone() == (0,)
