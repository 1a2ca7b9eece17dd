from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
        cleaned = super().clean()
        if cleaned.get("reminder_emails") and not cleaned.get("email"):
            self.add_error(
                "email",
                _("Enter an e-mail address, or turn reminder e-mails off."),
            )
        return cleaned
