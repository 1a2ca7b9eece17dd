"""Forms of a plan: the plan itself, its objectives and themes (inline, never
deleting one in use), a copy to another year, a change of status."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from campaigns.models import ContentTheme, Objective, Plan
from campaigns.services.plans import plan_row_ensure_unused

from .fields import VietnameseDateField


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
    shift_off_days = forms.BooleanField(
        label=_("Move due dates that fall on days off to the previous working day"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        cast(forms.IntegerField, self.fields["year"]).max_value = 2100
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
    shift_off_days = forms.BooleanField(required=False)
