"""The data version grows with every write, through whichever path, and only
with committed ones (pagecache/triggers.py)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from campaigns.models import Activity, Unit
from pagecache.triggers import EXCLUDED_PREFIXES, versioned_tables
from pagecache.versioning import data_version
from tests.factories import ActivityFactory, AudienceGroupFactory, UnitFactory
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db


def _tables_with_trigger() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t"
                " JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname = 'pagecache_touch'"
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"
            " AND name LIKE 'pagecache_touch_%'"
        )
        return {row[0] for row in cursor.fetchall()}


def test_every_model_table_but_the_excluded_ones_carries_the_trigger() -> None:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    expected = {t for t in tables if not t.startswith(EXCLUDED_PREFIXES)}
    assert "campaigns_task" in expected
    assert "campaigns_activity_audience_groups" in expected  # a link table
    assert _tables_with_trigger() == expected == set(versioned_tables())


def test_a_model_save_bumps_the_version() -> None:
    unit = UnitFactory()
    before = data_version()
    unit.name = "UBND xã Tam Hiệp"
    unit.save()
    assert data_version() > before


def test_a_bulk_update_bumps_the_version() -> None:
    UnitFactory()
    before = data_version()
    Unit.objects.update(name="UBND xã Tam Hoà")
    assert data_version() > before


def test_raw_sql_bumps_the_version() -> None:
    unit = UnitFactory()
    before = data_version()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE campaigns_unit SET name = %s WHERE id = %s", ["X", unit.pk]
        )
    assert data_version() > before


def test_a_delete_and_a_link_change_bump_the_version() -> None:
    activity = ActivityFactory()
    before = data_version()
    activity.audience_groups.add(AudienceGroupFactory())
    after_link = data_version()
    Activity.objects.filter(pk=activity.pk).delete()
    assert before < after_link < data_version()


def test_a_session_save_leaves_the_version_alone() -> None:
    UnitFactory()
    before = data_version()
    session = SessionStore()
    session["seen"] = 1
    session.save()
    assert data_version() == before


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_version_moves_once_at_commit_only() -> None:
    require_postgresql("deferred triggers need PostgreSQL")
    import psycopg2

    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )
    other.autocommit = True

    def seen_by_another_connection() -> int:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(max(version), 0) FROM pagecache_dataversion"
            )
            return cursor.fetchone()[0]

    try:
        unit = UnitFactory()
        start = seen_by_another_connection()
        with transaction.atomic():
            Unit.objects.filter(pk=unit.pk).update(name="Một")
            Unit.objects.filter(pk=unit.pk).update(name="Hai")
            assert seen_by_another_connection() == start  # not committed yet
        committed = seen_by_another_connection()
        assert committed == start + 1  # once per transaction, at its commit
        with transaction.atomic():
            Unit.objects.filter(pk=unit.pk).update(name="Ba")
            transaction.set_rollback(True)
        assert seen_by_another_connection() == committed
    finally:
        other.close()
