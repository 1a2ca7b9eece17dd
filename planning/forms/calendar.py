"""The calendar's forms: its query string (and its JSON feed's) and a drag
of an occurrence or an activity to another day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns.models import Plan, Unit
from campaigns.selectors import plans_visible_to
from channels.models import Channel

from .fields import UnitChoiceField, model_choice_field


class IsoDayField(forms.DateField):
    """A day as FullCalendar sends it: 2024-03-01 or 2024-03-01T00:00:00+07:00."""

    input_formats = ["%Y-%m-%d"]

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            value = value.strip()[:10]
        return super().to_python(value)


class CalendarFilterForm(forms.Form):
    """The calendar's and its JSON feed's query string."""

    MODES = (("tasks", _("Occurrences")), ("activities", _("Activities")))

    start = IsoDayField(required=False)
    end = IsoDayField(required=False)
    mode = forms.ChoiceField(choices=MODES, required=False)
    plan = forms.ModelChoiceField(
        label=_("plan"), queryset=Plan.objects.none(), required=False
    )
    unit = UnitChoiceField(
        label=_("unit"), queryset=Unit.objects.none(), required=False
    )
    channel = forms.ModelChoiceField(
        label=_("channel"), queryset=Channel.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read here, in the request's organisation (organisation.scoping).
        model_choice_field(self, "plan").queryset = plans_visible_to(user=user)
        model_choice_field(self, "unit").queryset = Unit.objects.all()
        model_choice_field(self, "channel").queryset = Channel.objects.all()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end is before the start."))
            if (end - start).days > 400:
                raise forms.ValidationError(_("Ask for at most a year at a time."))
        return data


class MoveForm(forms.Form):
    """A drag on the calendar: an occurrence or a one-off activity, to a day."""

    KINDS = (("occurrence", "occurrence"), ("activity", "activity"))

    kind = forms.ChoiceField(choices=KINDS)
    activity = forms.IntegerField(min_value=1)
    from_date = forms.DateField(input_formats=["%Y-%m-%d"], required=False)
    to_date = forms.DateField(input_formats=["%Y-%m-%d"])
    unit = forms.IntegerField(min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == "occurrence" and not data.get("from_date"):
            self.add_error("from_date", _("Which occurrence?"))
        return data
