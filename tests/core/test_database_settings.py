"""The app's PostgreSQL connections run without JIT compilation."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.services import require_postgresql

pytestmark = pytest.mark.django_db


def test_postgresql_connections_have_jit_off() -> None:
    require_postgresql("the JIT setting is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
