"""The import of an appendix: the file uploaded, and the planner's choices
for the whole file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from audiences.models import AudienceGroup
from campaigns.models import ContentTheme, Plan
from channels.models import Channel

from ..importing import ImportOptions
from ..importing.tables import file_kind
from .fields import model_choice_field
from .settling import row_choices


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Appendix file (.xlsx, .docx, .xls or .doc)"),
        help_text=_(
            "The template, or the appendix as published in Excel or Word: its "
            "header row, section rows and merged cells are understood."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.docx,.xls,.doc,"
                "application/vnd.openxmlformats-officedocument."
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
        queryset=Channel.objects.none(),
        required=False,
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audience groups for rows that name none"),
        queryset=AudienceGroup.objects.none(),
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
        model_choice_field(self, "theme").queryset = plan.themes.all()
        # Read here, in the request's organisation (organisation.scoping).
        model_choice_field(self, "channel").queryset = Channel.objects.filter(
            is_active=True
        )
        model_choice_field(self, "audiences").queryset = AudienceGroup.objects.all()

    def to_options(self, table: int | None = None) -> ImportOptions:
        data = self.cleaned_data if self.is_valid() else {}
        theme, channel = data.get("theme"), data.get("channel")
        rows = row_choices(self.data)
        return ImportOptions(
            theme=theme.pk if theme else None,
            channel=channel.pk if channel else None,
            audiences=[group.pk for group in data.get("audiences", [])],
            shift_off_days=bool(data.get("shift_off_days")),
            skip_invalid=bool(data.get("skip_invalid")),
            table=table,
            row_themes=rows["theme"],
            row_channels=rows["channel"],
            row_audiences=rows["audiences"],
            row_times=rows["time"],
        )
