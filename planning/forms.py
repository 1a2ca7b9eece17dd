"""Forms of the planning workspace: plans, activities, copy, import, calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import inlineformset_factory
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audiences.models import AudienceGroup
from campaigns.models import Activity, ContentTheme, Objective, Plan, Unit
from campaigns.services.plans import plan_row_ensure_unused
from campaigns.text import shorten
from channels.models import Channel

from .importing import ImportOptions
from .importing.tables import file_kind
from .recurrence import (
    Preset,
    PresetChoice,
    month_day_choices,
    preset_for_rule,
    rule_for_preset,
    weekday_choices,
)

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"]


class VietnameseDateInput(forms.DateInput):
    """A text box that shows and accepts dd/mm/yyyy (browsers' date pickers
    follow the operating system's locale, which clerks found confusing)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "js-date",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class VietnameseDateField(forms.DateField):
    input_formats = DATE_INPUT_FORMATS
    widget = VietnameseDateInput
    default_error_messages = {
        "invalid": _("Enter a date as dd/mm/yyyy, e.g. 25/03/2024."),
    }


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


#: Objective checkbox labels longer than this end with "…" at a word.
OBJECTIVE_LABEL_WIDTH = 110


class ObjectiveMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Objectives as checkboxes: a label cut at a word, the whole text on hover."""

    def label_from_instance(self, obj: Objective) -> str:
        full = " ".join(obj.description.split())
        short = shorten(full, OBJECTIVE_LABEL_WIDTH)
        if short == full:
            return full
        return format_html('<span title="{}">{}</span>', full, short)


def open_plans() -> QuerySet[Plan]:
    return Plan.objects.exclude(status=Plan.Status.CLOSED).order_by("-year", "title")


def active_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).order_by("order", "name")


# --- plans -----------------------------------------------------------------


class PlanForm(forms.ModelForm):
    issued_on = VietnameseDateField(label=_("Issue date"), required=False)

    class Meta:
        model = Plan
        fields = (
            "year",
            "number",
            "title",
            "issuer",
            "issued_on",
            "general_goal",
            "next_year_directions",
            "signed_file",
        )
        widgets = {
            "general_goal": forms.Textarea(attrs={"rows": 4}),
            "next_year_directions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("year", css_class="col-sm-3"),
                Column("number", css_class="col-sm-4"),
                Column("issued_on", css_class="col-sm-5"),
            ),
            "title",
            "issuer",
            "general_goal",
            "next_year_directions",
            "signed_file",
        )


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ("kind", "description", "target_value", "target_unit", "order")
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ContentThemeForm(forms.ModelForm):
    class Meta:
        model = ContentTheme
        fields = ("title", "description", "order")
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class _ProtectedDeleteFormSet(forms.BaseInlineFormSet):
    """Refuse to delete a theme or objective that activities still use."""

    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            plan_row_ensure_unused(row=form.instance)


ObjectiveInlineFormSet = inlineformset_factory(
    Plan, Objective, form=ObjectiveForm, formset=_ProtectedDeleteFormSet, extra=1
)
ThemeInlineFormSet = inlineformset_factory(
    Plan, ContentTheme, form=ContentThemeForm, formset=_ProtectedDeleteFormSet, extra=1
)


class PlanCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the new plan"), min_value=2000)
    title = forms.CharField(label=_("Title of the new plan"), max_length=300)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["year"].max_value = 2100
        self.fields["year"].initial = plan.year + 1
        self.fields["title"].initial = plan.title.replace(
            str(plan.year), str(plan.year + 1)
        )

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year == self.plan.year:
            raise forms.ValidationError(_("Choose another year than the plan's own."))
        if Plan.objects.filter(year=year, issuer=self.plan.issuer).exists():
            raise forms.ValidationError(
                _("%(issuer)s already has a plan in %(year)s.")
                % {"issuer": self.plan.issuer, "year": year}
            )
        return year


class PlanStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Plan.Status.choices)


# --- activities --------------------------------------------------------------


class RecurrenceFieldsMixin(forms.Form):
    """Start, due and recurrence: shared by the activity form and its preview."""

    start_date = VietnameseDateField(label=_("Start date"))
    due_date = VietnameseDateField(
        label=_("Due date"),
        help_text=_("For a recurring activity, the last day of the recurrence."),
    )
    recurrence_preset = forms.ChoiceField(
        label=_("Repeats"), choices=Preset.choices, initial=Preset.ONCE
    )
    weekday = forms.ChoiceField(
        label=_("On"), choices=weekday_choices, initial="MO", required=False
    )
    month_day = forms.TypedChoiceField(
        label=_("On day"),
        choices=month_day_choices,
        coerce=int,
        initial=25,
        required=False,
    )
    custom_rule = forms.CharField(
        label=_("Rule (RFC 5545 RRULE)"),
        required=False,
        max_length=500,
        help_text=_("e.g. FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1 (first Monday)."),
    )
    shift_off_days = forms.BooleanField(
        label=_("Move weekend and holiday dates to the previous working day"),
        required=False,
    )

    def recurrence_rule(self) -> str:
        data = self.cleaned_data
        return rule_for_preset(
            PresetChoice(
                preset=data.get("recurrence_preset") or Preset.ONCE,
                weekday=data.get("weekday") or "MO",
                month_day=data.get("month_day") or 25,
                custom_rule=data.get("custom_rule") or "",
            )
        )

    def clean_recurrence_fields(self) -> None:
        data = self.cleaned_data
        preset = data.get("recurrence_preset")
        if preset == Preset.CUSTOM and not (data.get("custom_rule") or "").strip():
            self.add_error("custom_rule", _("Write the rule, or choose a preset."))
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start."))


class RecurrencePreviewForm(RecurrenceFieldsMixin):
    lead_unit = forms.IntegerField(required=False)
    supporting_units = forms.MultipleChoiceField(required=False)
    # Sent by the edit form only: past dates of an activity already saved are
    # history, not new overdue tasks.
    version = forms.IntegerField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only a count is shown: any id will do, no query is needed.
        self.fields["supporting_units"].valid_value = lambda value: True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_recurrence_fields()
        return data

    def unit_count(self) -> int:
        lead = self.cleaned_data.get("lead_unit")
        supporting = set(self.cleaned_data.get("supporting_units") or []) - {str(lead)}
        return (1 if lead else 0) + len(supporting)


class ActivityForm(RecurrenceFieldsMixin, forms.ModelForm):
    """Create or edit an activity; the recurrence is chosen by preset."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    supporting_units = UnitMultipleChoiceField(
        label=_("Supporting units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each supporting unit gets its own task for every date."),
    )
    objectives = ObjectiveMultipleChoiceField(
        label=Activity._meta.get_field("objectives").verbose_name,
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = (
            "plan",
            "title",
            "description",
            "theme",
            "channel",
            "audience_groups",
            "objectives",
            "lead_unit",
            "supporting_units",
            "start_date",
            "due_date",
            "shift_off_days",
            "planned_output",
            "budget",
            "status",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "audience_groups": forms.CheckboxSelectMultiple,
            "budget": forms.NumberInput(attrs={"step": 1000, "min": 0}),
            "planned_output": forms.NumberInput(attrs={"min": 0}),
        }
        help_texts = {
            "title": _("As it will appear in tasks and reminders."),
            "planned_output": _(
                "How many outputs (articles, broadcasts, sessions…) the lead unit "
                "delivers each time."
            ),
            "budget": _("In Vietnamese dong; leave empty if none."),
        }

    def __init__(self, *args: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance: Activity = self.instance
        self.fields["plan"].queryset = open_plans()
        self.fields["plan"].empty_label = None
        self.fields["plan"].widget.attrs.update(
            {
                "hx-get": "",
                "hx-target": "#plan-dependent",
                "hx-select": "#plan-dependent",
            }
        )
        if instance.pk:
            self.fields["plan"].disabled = True
            self.fields["plan"].queryset = Plan.objects.filter(pk=instance.plan_id)
            self.fields["version"].initial = instance.version
            choice = preset_for_rule(instance.recurrence)
            self.initial.update(
                recurrence_preset=choice.preset,
                weekday=choice.weekday,
                month_day=choice.month_day,
                custom_rule=choice.custom_rule,
            )
        else:
            del self.fields["status"]
        self.plan = plan or (instance.plan if instance.plan_id else None)
        if self.plan is None:
            self.plan = self.fields["plan"].queryset.first()
        if self.plan is not None and not instance.pk:
            self.initial.setdefault("plan", self.plan.pk)
        self.fields["theme"].queryset = ContentTheme.objects.filter(plan=self.plan)
        # No theme chosen for the planner (the channel is not either).
        self.fields["objectives"].queryset = Objective.objects.filter(plan=self.plan)
        self.fields["channel"].queryset = Channel.objects.filter(is_active=True)
        self.fields["audience_groups"].queryset = AudienceGroup.objects.all()
        units = active_units()
        self.fields["lead_unit"].queryset = units
        self.fields["supporting_units"].queryset = units
        self.fields["budget"].localize = False
        self.helper = self._helper()

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        preview_url = "{% url 'planning:recurrence_preview' %}"
        helper.layout = Layout(
            "version",
            Fieldset(
                gettext("What"),
                "plan",
                "title",
                "description",
                Div(
                    Row(
                        Column("theme", css_class="col-md-7"),
                        Column("channel", css_class="col-md-5"),
                    ),
                    "objectives",
                    css_id="plan-dependent",
                ),
                Field("audience_groups", wrapper_class="checkbox-columns"),
            ),
            Fieldset(
                gettext("Who"),
                "lead_unit",
                HTML('{% include "planning/snippets/unit_picker_tools.html" %}'),
                Field("supporting_units", wrapper_class="unit-picker"),
            ),
            Fieldset(
                gettext("When"),
                Row(
                    Column("start_date", css_class="col-sm-6 col-lg-3"),
                    Column("due_date", css_class="col-sm-6 col-lg-3"),
                    Column("recurrence_preset", css_class="col-sm-6 col-lg-3"),
                    Column(
                        Field("weekday", wrapper_class="js-preset js-preset-weekly"),
                        Field(
                            "month_day",
                            wrapper_class="js-preset js-preset-monthly "
                            "js-preset-quarterly",
                        ),
                        css_class="col-sm-6 col-lg-3",
                    ),
                ),
                Field("custom_rule", wrapper_class="js-preset js-preset-custom"),
                "shift_off_days",
                HTML(
                    '<div id="recurrence-preview" class="mb-3" aria-live="polite"'
                    f' hx-get="{preview_url}" hx-include="#activity-form"'
                    ' hx-trigger="load, preview-refresh"></div>'
                ),
            ),
            Fieldset(
                gettext("Output and budget"),
                Row(
                    Column("planned_output", css_class="col-sm-6"),
                    Column("budget", css_class="col-sm-6"),
                ),
                "status" if "status" in self.fields else HTML(""),
            ),
        )
        return helper

    def clean_plan(self) -> Plan:
        plan = self.cleaned_data["plan"]
        if plan.is_closed:
            raise forms.ValidationError(
                _("This plan is closed: it can no longer change.")
            )
        return plan

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_recurrence_fields()
        plan: Plan | None = data.get("plan") or self.plan
        theme = data.get("theme")
        if plan and theme and theme.plan_id != plan.pk:
            self.add_error("theme", _("Choose a theme of this plan."))
        for objective in data.get("objectives") or []:
            if plan and objective.plan_id != plan.pk:
                self.add_error("objectives", _("Choose objectives of this plan."))
                break
        for name in ("start_date", "due_date"):
            day: dt.date | None = data.get(name)
            if plan and day and day.year != plan.year:
                self.add_error(
                    name,
                    _("Dates must fall within the plan's year (%(year)s).")
                    % {"year": plan.year},
                )
        lead = data.get("lead_unit")
        if lead and data.get("supporting_units") is not None:
            data["supporting_units"] = [
                unit for unit in data["supporting_units"] if unit.pk != lead.pk
            ]
        if not self.has_error("custom_rule") and not self.has_error("start_date"):
            # Activity.clean validates the rule (recurrence.validate_rule);
            # _update_errors shows its message on the field the user wrote in.
            self.instance.recurrence = self.recurrence_rule()
        return data

    def _update_errors(self, errors: ValidationError) -> None:
        """The model's rule errors belong to the recurrence fields shown."""
        if hasattr(errors, "error_dict") and "recurrence" in errors.error_dict:
            target = (
                "custom_rule"
                if self.cleaned_data.get("recurrence_preset") == Preset.CUSTOM
                else "recurrence_preset"
            )
            messages = errors.error_dict.pop("recurrence")
            if not self.has_error(target):
                errors.error_dict.setdefault(target, []).extend(messages)
        super()._update_errors(errors)


# --- import, calendar ----------------------------------------------------------


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Appendix file (.xlsx or .docx)"),
        help_text=_(
            "The template, or the appendix as published in Excel or Word: its "
            "header row, section rows and merged cells are understood."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.docx,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet,application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document"
            }
        ),
    )
    table = forms.IntegerField(
        label=_("Sheet or table number"),
        required=False,
        min_value=1,
        max_value=30,
        help_text=_("Only if the file holds several tables: 1 for the first."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {
                    "size": f"{upload.size / 1_048_576:.1f}",
                    "limit": f"{limit / 1_048_576:.0f}",
                }
            )
        file_kind(upload.name)  # refuses .xls, .doc, .csv with a clear message
        return upload


class ImportOptionsForm(forms.Form):
    """The planner's choices for the whole file, shown with the preview."""

    theme = forms.ModelChoiceField(
        label=_("Theme for rows that name none"),
        queryset=ContentTheme.objects.none(),
        required=False,
        empty_label=_("(the plan's first theme)"),
    )
    channel = forms.ModelChoiceField(
        label=_("Channel for rows whose words name none"),
        queryset=Channel.objects.filter(is_active=True),
        required=False,
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audience groups for rows that name none"),
        queryset=AudienceGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shift_off_days = forms.BooleanField(
        label=_("Move dates on weekends and holidays to the previous working day"),
        required=False,
    )
    skip_invalid = forms.BooleanField(
        label=_("Save the valid rows and skip the rows with errors"),
        required=False,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = plan.themes.all()

    def to_options(self, table: int | None = None) -> ImportOptions:
        data = self.cleaned_data if self.is_valid() else {}
        theme, channel = data.get("theme"), data.get("channel")
        return ImportOptions(
            theme=theme.pk if theme else None,
            channel=channel.pk if channel else None,
            audiences=[group.pk for group in data.get("audiences", [])],
            shift_off_days=bool(data.get("shift_off_days")),
            skip_invalid=bool(data.get("skip_invalid")),
            table=table,
        )


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
        label=_("plan"), queryset=Plan.objects.all(), required=False
    )
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.all(), required=False)
    channel = forms.ModelChoiceField(
        label=_("channel"), queryset=Channel.objects.all(), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
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
        data = super().clean()
        if data.get("kind") == "occurrence" and not data.get("from_date"):
            self.add_error("from_date", _("Which occurrence?"))
        return data
