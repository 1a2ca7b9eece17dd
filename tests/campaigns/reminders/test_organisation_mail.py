"""Reminder e-mails come from, and are signed by, the organisation of the profile."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tests.factories import home_organisation

pytestmark = pytest.mark.django_db


def test_a_renamed_organisation_sends_and_signs_the_digest(world, settings) -> None:
    settings.DEFAULT_FROM_EMAIL = "CCHC <cchc@binhson.test>"
    home_organisation(name="UBND xã Bình Sơn", email_sender_name="CCHC Bình Sơn")
    world.task(3, title="Chuyên mục CCHC trên Đài truyền thanh")

    call_command("send_reminders", "--date", "2024-06-15", stdout=StringIO())

    message = mail.outbox[0]
    assert message.from_email == "CCHC Bình Sơn <cchc@binhson.test>"
    assert "Kế hoạch tuyên truyền CCHC, UBND xã Bình Sơn." in message.body
    assert "UBND xã Bình Sơn" in message.alternatives[0][0]
