"""The planning forms' own fields: dates typed as dd/mm/yyyy, units and
objectives by name, and the open plans and active units they offer."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html

from campaigns.models import Objective, Plan, Unit
from campaigns.text import shorten
from nuithanh_cchc.fields import (  # noqa: F401  # the planning forms' own names
    DATE_INPUT_FORMATS,
    VietnameseDateField,
    VietnameseDateInput,
)


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field ``name`` (single or multiple), to set its
    queryset: ``BaseForm.fields`` is typed as plain ``Field``s in django-stubs."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


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
