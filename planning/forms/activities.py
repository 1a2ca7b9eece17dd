"""The activity form, and the recurrence fields it shares with the live
preview of the dates an activity will have."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audiences.models import AudienceGroup
from campaigns.models import Activity, ContentTheme, Objective, Plan, Unit
from channels.models import Channel
from nuithanh_cchc.fields import AmountField
from organisation.models import Organisation
from organisation.selectors import children_of

from ..recurrence import (
    Preset,
    PresetChoice,
    month_day_choices,
    preset_for_rule,
    rule_for_preset,
    weekday_choices,
)
from .fields import (
    ObjectiveMultipleChoiceField,
    UnitChoiceField,
    UnitMultipleChoiceField,
    VietnameseDateField,
    active_units,
    model_choice_field,
    open_plans,
)


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


class AnyIdsField(forms.MultipleChoiceField):
    """Unit ids for the preview: only a count is shown, so any id will do and no
    query is needed."""

    def valid_value(self, value: str) -> bool:
        return True


class RecurrencePreviewForm(RecurrenceFieldsMixin):
    lead_unit = forms.IntegerField(required=False)
    supporting_units = AnyIdsField(required=False)
    # Sent by the edit form only: past dates of an activity already saved are
    # history, not new overdue tasks.
    version = forms.IntegerField(required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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
        field_classes = {"budget": AmountField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "audience_groups": forms.CheckboxSelectMultiple,
            "planned_output": forms.NumberInput(attrs={"min": 0}),
        }
        help_texts = {
            "title": _("As it will appear in tasks and reminders."),
            "planned_output": _(
                "How many outputs (articles, broadcasts, sessions…) the lead unit "
                "delivers each time."
            ),
            "budget": _("In đồng, e.g. 1.200.000 or 1,5 triệu; leave empty if none."),
        }

    def __init__(
        self,
        *args: Any,
        plan: Plan | None = None,
        has_children: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """``has_children``: whether the plan's organisation has children, if
        known (False: no hand-down fields, and no query to find out)."""
        super().__init__(*args, **kwargs)
        instance: Activity = self.instance
        plan_field = model_choice_field(self, "plan")
        plan_field.queryset = open_plans()
        plan_field.empty_label = None
        plan_field.widget.attrs.update(
            {
                "hx-get": "",
                "hx-target": "#plan-dependent",
                "hx-select": "#plan-dependent",
            }
        )
        if instance.pk:
            plan_field.disabled = True
            plan_field.queryset = Plan.objects.filter(pk=instance.plan_id)
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
            self.plan = plan_field.queryset.first()
        if self.plan is not None and not instance.pk:
            self.initial.setdefault("plan", self.plan.pk)
        units = active_units()
        querysets: dict[str, QuerySet[Any]] = {
            "theme": ContentTheme.objects.filter(plan=self.plan),
            # No theme chosen for the planner (the channel is not either).
            "objectives": Objective.objects.filter(plan=self.plan),
            "channel": Channel.objects.filter(is_active=True),
            "audience_groups": AudienceGroup.objects.all(),
            "lead_unit": units,
            "supporting_units": units,
        }
        for name, queryset in querysets.items():
            model_choice_field(self, name).queryset = queryset
        if has_children is not False:
            self._handover_fields(instance)
        self.helper = self._helper()

    def _handover_fields(self, instance: Activity) -> None:
        """Who under the plan's organisation carries the activity out: kinds of
        children ("UBND các xã, phường") or some by name. Only for an
        organisation with children (a province)."""
        children = (
            children_of(self.plan.organisation)
            if self.plan is not None
            else Organisation.objects.none()
        )
        kinds = sorted({kind for kind in children.values_list("kind", flat=True)})
        if not kinds:
            return
        labels = dict(Organisation.Kind.choices)
        self.fields["handed_kinds"] = forms.MultipleChoiceField(
            label=_("Hand down to every organisation under this one of the kinds"),
            choices=[(kind, labels[kind]) for kind in kinds],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=instance.handed_kinds,
            help_text=_(
                "e.g. “UBND các xã, phường”: each receives the activity in its own "
                "plan of the year when this plan is issued, with tasks for its units."
            ),
        )
        self.fields["handed_to"] = forms.ModelMultipleChoiceField(
            label=_("or to these organisations"),
            queryset=children.order_by("name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=list(instance.handed_to.all()) if instance.pk else [],
        )

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
            Fieldset(
                gettext("Handed down"),
                Field("handed_kinds", wrapper_class="checkbox-columns"),
                Field("handed_to", wrapper_class="checkbox-columns"),
            )
            if "handed_kinds" in self.fields
            else HTML(""),
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
        super().clean()
        data = self.cleaned_data
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
        if "handed_kinds" in self.fields:
            self.instance.handed_to_kinds = " ".join(data.get("handed_kinds") or [])
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
        super()._update_errors(errors)  # type: ignore[misc]  # private; not in the stubs
