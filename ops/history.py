"""The admin's change history (django-simple-history) with readable values.

simple-history lists each change as the stored values ("todo → done", "None",
"True"); this shows what the forms show instead: the label of a choice, Có/Không for a
yes/no field, a dash for nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


class ReadableValuesHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "—"
        if getattr(field, "choices", None) and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, models.BooleanField):
            return _("Yes") if value else _("No")
        return super().prepare_delta_change_value(change, value)


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """``SimpleHistoryAdmin`` whose history page shows readable values."""

    def get_historical_record_context_helper(
        self, request: Any, historical_record: Any
    ) -> HistoricalRecordContextHelper:
        return ReadableValuesHelper(self.model, historical_record)
