from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


class ReminderSettingsForm(forms.ModelForm):
    """Where reminder e-mails go, and whether they are sent at all."""

    class Meta:
        model = User
        fields = ("email", "reminder_emails")
        labels = {"email": _("E-mail address for reminders")}
        help_texts = {
            "email": _("Reminders about your unit's tasks are sent to this address."),
        }

    def clean(self) -> dict[str, object]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("reminder_emails") and not cleaned.get("email"):
            self.add_error(
                "email",
                _("Enter an e-mail address, or turn reminder e-mails off."),
            )
        return cleaned


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form; an invited account that never chose a password may use it
    too (its invitation link may have expired)."""

    def get_users(self, email: str) -> Iterator[User]:
        return services.users_for_password_reset(email=email)

    def send_links(self) -> None:
        """Mail a set-password link to each account of the address, in the site's
        language, with links on SITE_URL (no request: accounts.tasks sends it).
        A mail server's failure is logged by Django, not raised."""
        site = urlsplit(settings.SITE_URL)
        with translation.override(settings.LANGUAGE_CODE):
            self.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                email_template_name="registration/password_reset_email.txt",
                html_email_template_name="registration/password_reset_email.html",
            )
