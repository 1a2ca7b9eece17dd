"""A file e-mail backend that takes its time, like an SMTP server far away.

Fault tests use it so that a worker can be killed while digests are being sent.
The pause comes before the message is handed over: a kill during it loses nothing
that was sent.
"""

from __future__ import annotations

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages: list) -> int:
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.5")))
        return super().send_messages(email_messages)
