"""The reminder e-mail tells its reader where to stop the e-mails: the profile."""

from __future__ import annotations

import pytest
from django.core import mail

from campaigns.tasks import send_due_reminders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def test_the_footer_points_to_the_profile_switch(world, sweep_morning, settings):
    settings.SITE_URL = "https://cchc.example.test"
    world.task(3)

    send_due_reminders.apply().get()

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "trên trang hồ sơ cá nhân: https://cchc.example.test/accounts/profile/" in (
        message.body
    )
    assert 'href="https://cchc.example.test/accounts/profile/"' in html
    assert "quản trị" not in message.body
