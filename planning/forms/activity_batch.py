"""The activity list's batch form: what to do to the selected activities."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

SHIFT, TO_MONTH, CANCEL = "shift", "month", "cancel"


class ActivityBatchForm(forms.Form):
    """``activity``: the selected ids (repeated); ``action``: shift by
    ``days``, move to ``month``, or cancel."""

    action = forms.ChoiceField(
        label=_("With the selected"),
        choices=[
            (SHIFT, _("Shift by a number of days")),
            (TO_MONTH, _("Move to a month")),
            (CANCEL, _("Cancel")),
        ],
    )
    days = forms.IntegerField(
        label=_("Days (negative: earlier)"),
        required=False,
        min_value=-366,
        max_value=366,
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *MONTHS.items()],
    )
    activity = forms.TypedMultipleChoiceField(coerce=int, required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any number is accepted here: which exist is the service's question.
        ids = self.data.getlist("activity") if isinstance(self.data, QueryDict) else []
        field = cast("forms.TypedMultipleChoiceField", self.fields["activity"])
        field.choices = [(v, v) for v in ids if v.isdigit()]
        self.fields["activity"].error_messages["required"] = _(
            "Select at least one activity."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == SHIFT and not data.get("days"):
            self.add_error("days", _("Say by how many days."))
        if action == TO_MONTH and not data.get("month"):
            self.add_error("month", _("Choose the month."))
        return data
