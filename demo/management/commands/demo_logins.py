from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.logins import demo_logins


class Command(BaseCommand):
    help = (
        "Print the demo's main accounts and their password, in Vietnamese as the "
        "role names are (DEBUG only)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            return
        logins = demo_logins()
        if not logins:
            self.stdout.write(
                "Chưa có dữ liệu mẫu: trang đăng nhập dẫn tới "
                "thiết lập tổ chức đầu tiên."
            )
            return
        self.stdout.write(f"Tài khoản mẫu (mật khẩu {settings.DEMO_PASSWORD}):")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {login.username:<{width}}  {login.role} · {login.organisation}"
            )
