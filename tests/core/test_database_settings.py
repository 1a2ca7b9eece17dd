"""The app's PostgreSQL connections run without JIT compilation, and persistent
connections are checked before a request reuses them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection

from tests.services import require_postgresql

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_postgresql_connections_have_jit_off() -> None:
    require_postgresql("the JIT setting is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_persistent_connections_are_health_checked(tmp_path) -> None:
    code = (
        "import django;"
        "django.setup();"
        "from django.conf import settings as s;"
        "d = s.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nuithanh_cchc.settings",
        "DATABASE_URL": "postgres://cchc@127.0.0.1:5432/cchc",
        "CONN_MAX_AGE": "60",
        "VAR_DIR": str(tmp_path),
    }

    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True"]


@pytest.fixture
def persistent_connection():
    """The test connection made persistent (as CONN_MAX_AGE > 0 makes it)."""
    saved = connection.settings_dict["CONN_MAX_AGE"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    connection.ensure_connection()
    yield connection
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = saved


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_at_the_next_request(
    persistent_connection,
) -> None:
    require_postgresql("a server-side disconnection")
    import psycopg2

    backend = persistent_connection.connection.get_backend_pid()
    other = psycopg2.connect(**persistent_connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
        other.commit()
    finally:
        other.close()

    close_old_connections()  # what Django does when a request starts

    assert get_user_model().objects.count() == 0
    assert persistent_connection.connection.get_backend_pid() != backend
