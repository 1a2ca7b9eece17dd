"""``make run``'s last lines: the demo accounts as the database holds them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_accounts_are_listed_with_their_role_and_organisation(
    demo_db, settings
) -> None:
    settings.DEBUG = True
    out = StringIO()

    call_command("demo_logins", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == f"Tài khoản mẫu (mật khẩu {settings.DEMO_PASSWORD}):"
    assert lines[1].split() == [
        "admin",
        "Quản",
        "trị",
        "·",
        "UBND",
        "xã",
        "Núi",
        "Thành",
    ]
    assert any(line.split()[0] == "tinh-planner" for line in lines[1:])


def test_no_account_is_printed_with_debug_off(demo_db, settings) -> None:
    settings.DEBUG = False
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert out.getvalue() == ""
