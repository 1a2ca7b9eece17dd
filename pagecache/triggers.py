"""The database triggers that bump the data version on every write.

Every table that pages read carries a trigger, so a write through any path bumps
the version: a service, a model save, a bulk ``update()``, the admin, raw SQL, a
restore. What the application could forget, the database does not.

PostgreSQL: a statement-level trigger on each table files the transaction's id in
``pagecache_pending`` (once: later statements find it there); a deferred
constraint trigger on that table adds one to the version and removes the row when
the transaction commits. So a transaction bumps the version once, the version row
is locked only during the commit (writers are not queued behind one another's
whole transactions), a rolled-back write leaves the version as it was, and a
reader sees the new version only with the data that caused it. (With the
constraint set IMMEDIATE, as the test suite does, the row goes at once and every
statement bumps.) ``pagecache_pending`` is empty between transactions and is
recreated with the functions.

SQLite (development and the test suite): a row-level trigger on each table adds
one at once; SQLite has no statement-level or deferred triggers, and one writer at
a time anyway. Its first statement creates the row without a conflict clause: an
outer ``INSERT ... ON CONFLICT`` would impose its own policy on the trigger's.

The triggers are (re)installed after every ``migrate`` (``post_migrate``), so a
table added by a later migration carries one too.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.db import connections

TRIGGER = "pagecache_touch"

# Tables whose writes no cached page shows. Sessions are saved by requests that
# only read (the idle clock), login throttling and Celery beat's bookkeeping are
# shown only by the admin, which is never cached; the version's own tables would
# bump themselves.
EXCLUDED_PREFIXES = (
    "django_session",
    "axes_",
    "django_celery_beat_",
    "pagecache_",
)

_PG_FUNCTIONS = """
DROP TABLE IF EXISTS pagecache_pending CASCADE;
CREATE TABLE pagecache_pending (txid bigint PRIMARY KEY);

CREATE OR REPLACE FUNCTION pagecache_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pagecache_pending (txid) VALUES (txid_current())
    ON CONFLICT (txid) DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pagecache_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pagecache_dataversion (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = pagecache_dataversion.version + 1;
    DELETE FROM pagecache_pending WHERE txid = NEW.txid;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER pagecache_bump AFTER INSERT ON pagecache_pending
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pagecache_bump();
"""

_PG_TABLE = """
CREATE OR REPLACE TRIGGER {trigger}
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION pagecache_touch();
"""

_SQLITE_TABLE = """
CREATE TRIGGER {trigger} AFTER {event} ON {table}
BEGIN
    INSERT INTO pagecache_dataversion (id, version)
    SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM pagecache_dataversion WHERE id = 1);
    UPDATE pagecache_dataversion SET version = version + 1 WHERE id = 1;
END;
"""


def versioned_tables(*, using: str = "default") -> list[str]:
    """The tables of the installed models (many-to-many links included) that
    exist in the database and are not excluded: the ones that carry the trigger."""
    existing = set(connections[using].introspection.table_names())
    tables = {
        model._meta.db_table
        for model in global_apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(
        table for table in tables & existing if not table.startswith(EXCLUDED_PREFIXES)
    )


def install_triggers(*, using: str = "default", **kwargs: Any) -> None:
    """Create or replace the version triggers on every versioned table.

    Idempotent; connected to ``post_migrate``. Raises nothing of its own (a
    database error propagates and fails the migrate, as it should).
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTIONS)
            for table in versioned_tables(using=using):
                cursor.execute(_PG_TABLE.format(trigger=TRIGGER, table=quote(table)))
        elif connection.vendor == "sqlite":
            for table in versioned_tables(using=using):
                for event in ("INSERT", "UPDATE", "DELETE"):
                    trigger = quote(f"{TRIGGER}_{table}_{event.lower()}")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                    cursor.execute(
                        _SQLITE_TABLE.format(
                            trigger=trigger,
                            event=event,
                            table=quote(table),
                        )
                    )
