"""A file e-mail backend that takes its time, like an SMTP server far away.

Fault tests use it so that a worker can be killed while digests are being sent.
The pause comes when the connection is opened (connecting, TLS and logging in are
what take time with a real server), before any message is handed over.
"""

from __future__ import annotations

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def open(self) -> bool:
        if self.stream is None:
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.5")))
        return super().open()
