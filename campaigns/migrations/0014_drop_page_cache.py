"""Remove from the database what the page cache (the removed ``pagecache`` app)
installed there.

It kept a "data version" that database triggers bumped on every write:

- PostgreSQL: a statement-level trigger ``pagecache_touch`` on every table, calling
  the function ``pagecache_touch()``, which filed the transaction in the table
  ``pagecache_pending``; a deferred constraint trigger ``pagecache_bump`` on that
  table, calling ``pagecache_bump()``, bumped the row of ``pagecache_dataversion``.
- SQLite: row triggers ``pagecache_touch_<table>_<insert|update|delete>`` on every
  table, bumping ``pagecache_dataversion``.

The triggers are found in the catalogue, so a table dropped or renamed since still
loses its own. Every statement is ``IF EXISTS``: on a database that never had the page
cache this does nothing. The app's content type (with its permissions) and its rows in
``django_migrations`` go too: a release that still has the app, deployed again over
this database, then creates its table anew instead of believing it is there.
Irreversible in effect (reversing does nothing): the page cache is gone from the code.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

APP = "pagecache"
TRIGGER = "pagecache_touch"
TABLES = ("pagecache_pending", "pagecache_dataversion")
FUNCTIONS = ("pagecache_touch()", "pagecache_bump()")


def _triggers(schema_editor: BaseDatabaseSchemaEditor) -> list[str]:
    """``DROP TRIGGER`` statements for the page cache's triggers on every table."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The deferred trigger on pagecache_pending goes with its table.
            cursor.execute(
                "SELECT t.tgname, t.tgrelid::regclass::text FROM pg_trigger t"
                " WHERE t.tgname = %s AND NOT t.tgisinternal",
                [TRIGGER],
            )
            return [
                f"DROP TRIGGER IF EXISTS {quote(name)} ON {table}"
                for name, table in cursor.fetchall()
            ]
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE %s ESCAPE '\\'",
                [TRIGGER.replace("_", "\\_") + "\\_%"],
            )
            return [f"DROP TRIGGER IF EXISTS {quote(name)}" for (name,) in cursor]
    return []


def drop_page_cache(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Drop the page cache's triggers, functions and tables, then its content type
    and migration rows. Triggers first: no write may fire one once its table or
    function is gone."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for statement in _triggers(schema_editor):
        schema_editor.execute(statement)
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
    if connection.vendor == "postgresql":
        for function in FUNCTIONS:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(connection.alias).filter(app_label=APP).delete()
    schema_editor.execute("DELETE FROM django_migrations WHERE app = %s", [APP])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0013_task_done_unit_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        migrations.RunPython(drop_page_cache, migrations.RunPython.noop),
    ]
