from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns.models import ProgressReport, Task, Unit
from campaigns.selectors import member_candidates
from campaigns.uploads import (
    ACCEPT_ATTRIBUTE,
    ALLOWED_EXTENSIONS_LABEL,
    CheckedUpload,
    clean_original_name,
    evidence_validate,
)
from nuithanh_cchc.fields import AmountField

MAX_FILES_PER_SUBMISSION = 10
MAX_LINKS = 20


# Room left in a request for the form's other fields and the multipart framing.
FORM_OVERHEAD_BYTES = 512 * 1024


def request_files_limit() -> int:
    """What the files of one submission may weigh together: nginx's
    client_max_body_size (UPLOAD_MAX_REQUEST_BYTES) less the rest of the form."""
    return settings.UPLOAD_MAX_REQUEST_BYTES - FORM_OVERHEAD_BYTES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several files at once, each checked by content, size and emptiness."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    # Several files: a list where FileField gives one file, as in Django's own
    # "uploading multiple files" recipe.
    def to_python(self, data: object) -> list[UploadedFile]:  # type: ignore[override]
        if not data:
            return []
        files = list(data) if isinstance(data, list | tuple) else [data]
        return [file for file in files if file]

    def validate(self, value: list[UploadedFile]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, data: object, initial: object = None) -> list[CheckedUpload]:
        files = self.to_python(data)
        self.validate(files)
        if len(files) > MAX_FILES_PER_SUBMISSION:
            raise ValidationError(
                _("Attach at most %(count)d files at a time."),
                code="too_many",
                params={"count": MAX_FILES_PER_SUBMISSION},
            )
        total = sum(file.size or 0 for file in files)
        if total > request_files_limit():
            raise ValidationError(
                _(
                    "These files together are %(size)s; one submission carries at "
                    "most %(limit)s. Attach some now and the rest by editing the "
                    "report."
                ),
                code="too_big_together",
                params={
                    "size": filesizeformat(total),
                    "limit": filesizeformat(request_files_limit()),
                },
            )
        errors: list[ValidationError] = []
        checked: list[CheckedUpload] = []
        for file in files:
            name = clean_original_name(file.name or "")
            size = file.size or 0
            try:
                kind = evidence_validate(
                    file=file,
                    name=name,
                    size=size,
                    max_bytes=settings.EVIDENCE_MAX_BYTES,
                )
            except ValidationError as exc:
                errors.append(exc)
            else:
                checked.append(
                    CheckedUpload(file=file, name=name, kind=kind, size=size)
                )
        if errors:
            raise ValidationError(errors)
        return checked


def _no_constraints(exclude: object = None) -> None:
    """A model's ``validate_constraints`` that checks nothing."""


class ProgressReportForm(forms.ModelForm):
    """What the unit did: output in the channel's unit, reach, note, evidence."""

    # A declared field: the form's metaclass moves it into base_fields, so it does not
    # shadow BaseForm.files (the request's files) at run time.
    files = EvidenceFilesField(  # type: ignore[assignment]
        label=_("Evidence files"),
        help_text=_("%(types)s; up to %(count)d files at a time.")
        % {"types": ALLOWED_EXTENSIONS_LABEL, "count": MAX_FILES_PER_SUBMISSION},
    )

    # The version the form was opened at (optimistic locking on edits).
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )
    # A new report's one-time key, made when the form is shown: the same form
    # sent twice files one report (campaigns.services.work.report_create).
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProgressReport
        fields = (
            "actual_output",
            "participants",
            "reach",
            "actual_cost",
            "note",
            "evidence_links",
        )
        field_classes = {"actual_cost": AmountField}
        help_texts = {
            "actual_cost": _(
                "In đồng, e.g. 250.000 or 1,5 triệu; leave empty if nothing was spent."
            ),
        }
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "evidence_links": forms.Textarea(
                attrs={"rows": 2, "placeholder": "https://"}
            ),
        }

    def __init__(
        self, *args: Any, task: Task, kept_count: int = 0, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.task = task
        # Files kept from an earlier sending of this form (pending_uploads).
        self.kept_count = kept_count
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["submission_key"].initial = uuid.uuid4()
        output_unit = task.activity.channel.output_unit
        self.fields["actual_output"].label = _("Actual output (%(unit)s)") % {
            "unit": output_unit
        }
        self.fields["actual_output"].help_text = _("Planned: %(planned)d %(unit)s.") % {
            "planned": task.planned_output,
            "unit": output_unit,
        }
        self.fields["actual_output"].widget.attrs.update(
            {"inputmode": "numeric", "min": 0}
        )
        for name in ("participants", "reach"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})
        self.fields["participants"].help_text = _("People who took part, if any.")
        self.fields["files"].widget.attrs.update(
            {
                "accept": ACCEPT_ATTRIBUTE,
                "data-max-bytes": settings.EVIDENCE_MAX_BYTES,
                "data-max-files": MAX_FILES_PER_SUBMISSION,
                "data-max-total": request_files_limit(),
            }
        )

    def _post_clean(self) -> None:
        """ModelForm's model validation without the model's check constraints:
        they (no negative figure) repeat the fields' own validators, and the
        database enforces them on the write; ModelForm would ask the database
        for each, a query (and a savepoint in a transaction) apiece."""
        instance = self.instance
        instance.validate_constraints = _no_constraints
        try:
            super()._post_clean()  # type: ignore[misc]
        finally:
            del instance.validate_constraints

    def clean_files(self) -> list[CheckedUpload]:
        files: list[CheckedUpload] = self.cleaned_data["files"]
        if files and len(files) + self.kept_count > MAX_FILES_PER_SUBMISSION:
            raise ValidationError(
                _("Attach at most %(count)d files at a time."),
                code="too_many",
                params={"count": MAX_FILES_PER_SUBMISSION},
            )
        return files

    def clean_evidence_links(self) -> str:
        lines = [
            line.strip()
            for line in self.cleaned_data["evidence_links"].splitlines()
            if line.strip()
        ]
        if len(lines) > MAX_LINKS:
            raise ValidationError(
                _("Give at most %(count)d links."), params={"count": MAX_LINKS}
            )
        validate = URLValidator(schemes=["http", "https"])
        bad = []
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                bad.append(line)
        if bad:
            raise ValidationError(
                _("Not a web address (start with http:// or https://): %(links)s"),
                params={"links": ", ".join(bad)},
            )
        return "\n".join(lines)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the task reopened?"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("The unit head sees this in the notification."),
    )


# --- assignment, review, comments, staff ----------------------------


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class AssignForm(forms.Form):
    """Hand the task (or the activity's open tasks for the unit) to a staff member."""

    assignee = StaffChoiceField(
        label=_("Assign to"),
        queryset=None,
        required=False,
        empty_label=_("— Nobody (the head) —"),
    )
    whole_activity = forms.BooleanField(
        label=_("Also every other open task of this activity for the unit"),
        required=False,
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(StaffChoiceField, self.fields["assignee"]).queryset = staff


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=(("accept", _("Accept")), ("return", _("Return"))),
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the report is returned: say what must change."),
    )

    def clean(self) -> dict[str, object]:
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("decision") == "return"
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error(
                "comment", _("Say what must change before returning the report.")
            )
        return cleaned


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write @username to notify someone who works on this task."),
    )


class MemberAddForm(forms.Form):
    """An existing account for ``unit``'s staff, looked up among
    :func:`campaigns.selectors.member_candidates` only."""

    account = forms.CharField(
        label=_("Existing account"),
        max_length=254,
        help_text=_(
            "User name or e-mail address of an account without another role "
            "in the organisation."
        ),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_account(self) -> object:
        value = self.cleaned_data["account"].strip()
        candidates = member_candidates(unit=self.unit)
        user = (
            candidates.filter(username__iexact=value).first()
            or candidates.filter(email__iexact=value).order_by("pk").first()
        )
        if user is None:
            raise ValidationError(
                _(
                    "No account that may join the staff has this name or address "
                    "(accounts with another role are managed by an administrator)."
                )
            )
        return user


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
