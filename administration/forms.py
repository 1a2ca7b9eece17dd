"""Forms of an organisation's administration: its profile, units, catalogues,
people and roles, its child organisations, and the installation's setup.

The forms check what a person typed; the services (``organisation.services``,
``campaigns.services.units``, ``channels.services``, ``audiences.services``)
check the rules again and write.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from audiences.models import AudienceGroup
from campaigns.models import OfficialDay, Unit
from campaigns.services.units import UNIT_FIELDS
from channels.models import Channel
from organisation.models import Organisation
from organisation.services import PROFILE_FIELDS
from planning.forms.fields import VietnameseDateField


def _code_field() -> forms.SlugField:
    return forms.SlugField(
        label=_("code"),
        max_length=50,
        required=False,
        help_text=_("Letters, digits and hyphens; left empty, made from the name."),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS
        widgets = {
            "signer_title": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }


class UnitForm(forms.ModelForm):
    """A unit; its head is chosen among the organisation's unit heads (and the
    one it has)."""

    class Meta:
        model = Unit
        fields = UNIT_FIELDS
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        heads = Q(
            memberships__organisation=organisation,
            memberships__role=Role.UNIT_HEAD,
            is_active=True,
        )
        if self.instance.head_id:
            heads |= Q(pk=self.instance.head_id)
        field = self.fields["head"]
        field.queryset = (  # type: ignore[attr-defined]
            User.objects.filter(heads)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.get_full_name() or user.username
        )
        field.help_text = _(
            "People holding the unit head's role in the organisation (granted on "
            "the people page)."
        )


class ChannelForm(forms.ModelForm):
    code = _code_field()

    class Meta:
        model = Channel
        fields = ("name", "output_unit", "form", "color", "order", "is_active")
        widgets = {"color": forms.TextInput(attrs={"type": "color"})}


class AudienceGroupForm(forms.ModelForm):
    code = _code_field()

    class Meta:
        model = AudienceGroup
        fields = ("name", "description", "order")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


def _roles_field(required: bool) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        error_messages={"required": _("Choose at least one role.")},
    )


class RolesForm(forms.Form):
    roles = _roles_field(required=False)


class MemberAddForm(forms.Form):
    """An existing account of the installation, by user name or e-mail."""

    account = forms.CharField(
        label=_("Existing account"),
        max_length=254,
        help_text=_("User name or e-mail address of the account."),
    )
    roles = _roles_field(required=True)

    def clean_account(self) -> User:
        value = self.cleaned_data["account"].strip()
        active = User.objects.filter(is_active=True)
        found = active.filter(username__iexact=value).first()
        if found is None:
            by_email = list(active.filter(email__iexact=value)[:2])
            if len(by_email) > 1:
                raise ValidationError(
                    _("Several accounts have this address: give the user name.")
                )
            found = by_email[0] if by_email else None
        if found is None:
            raise ValidationError(
                _("No active account has this user name or e-mail address.")
            )
        return found


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    roles = _roles_field(required=True)


class ChildOrganisationForm(forms.ModelForm):
    """A new organisation under the acting one, and who administers it."""

    admin_email = forms.EmailField(
        label=_("E-mail of its administrator"),
        help_text=_(
            "An account with this address becomes its administrator; otherwise "
            "one is created and invited to choose a password."
        ),
    )
    admin_full_name = forms.CharField(
        label=_("Administrator's full name"), max_length=150, required=False
    )

    class Meta:
        model = Organisation
        fields = ("kind", "parent_name", "name", "short_name", "place")


class SetupForm(forms.ModelForm):
    """The installation's first organisation and its first administrator."""

    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"))
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput, max_length=128
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput,
        max_length=128,
    )

    class Meta:
        model = Organisation
        fields = ("kind", "parent_name", "name", "short_name", "place")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            account = User(
                username=data.get("username") or "", email=data.get("email") or ""
            )
            try:
                validate_password(first, user=account)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class OfficialDayForm(forms.ModelForm):
    """A day off or make-up working day the Government decided (dd/mm/yyyy)."""

    date = VietnameseDateField(label=_("Date"))

    class Meta:
        model = OfficialDay
        fields = ("date", "kind", "name")
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "name": _(
                "As the decision says, e.g. “Nghỉ Tết Dương lịch (hoán đổi, làm bù "
                "10/01/2026)”."
            )
        }
