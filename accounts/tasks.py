"""Celery tasks of the accounts: the password-reset e-mail."""

from __future__ import annotations

from celery import shared_task

from .forms import PasswordResetForm


@shared_task(name="accounts.tasks.send_password_reset")
def send_password_reset(email: str) -> None:
    """Mail a set-password link to every active account of ``email`` (none for
    an unknown address). The reset page queues this instead of sending, so that
    its answer takes as long whether the address has an account or not."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.send_links()
