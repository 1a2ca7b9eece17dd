"""Form fields every page shares: amounts in đồng and dates as Vietnamese
write them (nuithanh_cchc.amounts; dd/mm/yyyy with the vendored picker)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .amounts import format_amount, parse_amount

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"]


class VietnameseDateInput(forms.DateInput):
    """A text box that shows and accepts dd/mm/yyyy, with a Vietnamese picker
    (static/js/datepicker.js). A browser's own date input follows the operating
    system's locale: mm/dd/yyyy on an English-language office PC."""

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


class AmountInput(forms.TextInput):
    """Letters too ("1,5 triệu"): a text keyboard, not a number box."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"autocomplete": "off", "class": "amount"}
        super().__init__(attrs={**defaults, **(attrs or {})})


class AmountField(forms.Field):
    """An amount in đồng, whole: ``250.000``, ``1,5 triệu``, ``2 tỷ``, ``250000``,
    ``250.000đ``, ``1.200.000 VNĐ``; cleaned to a ``Decimal`` (the models'
    ``DecimalField(decimal_places=0)``) and shown back as ``1.200.000``.

    Takes a model ``DecimalField``'s form arguments (``max_digits``…), so a
    ModelForm gets it with ``Meta.field_classes``.
    """

    widget = AmountInput

    def __init__(
        self,
        *,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        max_value: object = None,
        min_value: object = None,
        step_size: object = None,
        localize: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)

    def to_python(self, value: object) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            return Decimal(value)
        return Decimal(parse_amount(str(value)))

    def prepare_value(self, value: object) -> object:
        """The amount written back with dots; what was typed, if unreadable."""
        if value in self.empty_values:
            return value
        if isinstance(value, int | Decimal | float):
            return format_amount(Decimal(value))
        try:
            return format_amount(parse_amount(str(value)))
        except ValidationError:
            return value

    def has_changed(self, initial: object, data: object) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True
