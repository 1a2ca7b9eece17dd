"""Writes of organisations and of who works in them.

An organisation's administrator edits its profile, grants and revokes roles in
it (a :class:`~organisation.models.Membership` row per role), adds existing
accounts, invites new people by e-mail and creates organisations under it
(:func:`campaigns.policy.can_administer_organisation`); an installation with
no organisation at all is set up once from the browser
(:func:`installation_setup`). A new organisation starts with the default
catalogues (:mod:`organisation.defaults`).

Each public function is one transaction, checks who may act first, and raises
``PermissionDenied`` or ``ValidationError`` with a message for people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from accounts.invitations import account_for_invitation, free_username, invitation_send
from accounts.models import User
from accounts.names import split_full_name
from accounts.roles import Role
from audiences.models import AudienceGroup
from campaigns.models import Unit
from campaigns.policy import (
    can_administer_organisation,
    can_create_organisation,
    require,
)
from channels.models import Channel

from . import defaults
from .models import Membership, Organisation
from .selectors import installation_is_empty, sender_address

# What an organisation's administrator edits of its identity (Decree 30).
PROFILE_FIELDS = (
    "parent_name",
    "name",
    "short_name",
    "place",
    "document_symbol",
    "signer_title",
    "signer_name",
    "recipients",
    "email_sender_name",
)
# What a new organisation is created with; the rest keeps the model's defaults.
CREATE_FIELDS = ("kind", *PROFILE_FIELDS)
# Any constant naming the one-time setup's lock (PostgreSQL advisory lock).
SETUP_LOCK = 0x43434843


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _fill(
    organisation: Organisation, data: Mapping[str, Any], fields: Iterable[str]
) -> None:
    for field in fields:
        if field in data:
            setattr(organisation, field, data[field])
    organisation.full_clean(exclude=["parent"])


def _with_catalogues(organisation: Organisation) -> None:
    """The default channels and audience groups (:mod:`.defaults`)."""
    Channel.objects.bulk_create(
        Channel(
            organisation=organisation,
            code=code,
            name=name,
            output_unit=output_unit,
            form=form,
            color=color,
            order=order,
        )
        for order, (code, name, output_unit, form, color) in enumerate(
            defaults.CHANNELS, start=1
        )
    )
    AudienceGroup.objects.bulk_create(
        AudienceGroup(organisation=organisation, code=code, name=name, order=order)
        for order, (code, name) in enumerate(defaults.AUDIENCES, start=1)
    )


def _created(parent: Organisation | None, data: Mapping[str, Any]) -> Organisation:
    organisation = Organisation(parent=parent)
    _fill(organisation, data, CREATE_FIELDS)
    organisation.save()
    _with_catalogues(organisation)
    return organisation


# --- organisations ----------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, user: User, parent: Organisation | None, data: Mapping[str, Any]
) -> Organisation:
    """A new organisation under ``parent`` (its kind and identity from
    ``data``), with the default channels and audience groups."""
    require(can_create_organisation, user, parent)
    return _created(parent, data)


@transaction.atomic
def organisation_catalogues_seed(*, organisation: Organisation) -> None:
    """Give an organisation created outside :func:`organisation_create` (by an
    operator in the Django admin) the default catalogues, if it has none."""
    if not (
        Channel.objects.filter(organisation=organisation).exists()
        or AudienceGroup.objects.filter(organisation=organisation).exists()
    ):
        _with_catalogues(organisation)


@transaction.atomic
def organisation_update(
    *, user: User, organisation: Organisation, data: Mapping[str, Any]
) -> Organisation:
    """Change the organisation's identity (:data:`PROFILE_FIELDS`); its kind
    and parent are the installation's operators' to change."""
    require(can_administer_organisation, user, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _fill(organisation, data, PROFILE_FIELDS)
    organisation.save()
    return organisation


@transaction.atomic
def organisation_create_child(
    *,
    user: User,
    parent: Organisation,
    data: Mapping[str, Any],
    admin_email: str,
    admin_full_name: str = "",
) -> tuple[Organisation, User]:
    """A new organisation under ``parent`` and its first administrator: the
    account with ``admin_email`` if there is one, else a new account invited
    to choose its password. Either way an e-mail tells them (nothing is saved
    when it cannot go)."""
    require(can_create_organisation, user, parent)
    organisation = _created(parent, data)
    email = User.objects.normalize_email(admin_email.strip())
    found = User.objects.filter(email__iexact=email, is_active=True).order_by("pk")
    admin = found.first() or account_for_invitation(
        email=email, full_name=admin_full_name, username=free_username(email)
    )
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    _tell(member=admin, organisation=organisation, inviter=user, roles=[Role.ADMIN])
    return organisation, admin


# --- people and their roles -------------------------------------------------------


def _checked_roles(roles: Iterable[str]) -> set[str]:
    chosen = set(roles)
    if chosen - set(Role.values):
        raise ValidationError(_("Choose roles from the list."), code="role")
    return chosen


def _units_named(units: Iterable[Unit]) -> str:
    return ", ".join(unit.display_name for unit in units)


def _refuse_revoking(
    *, user: User, organisation: Organisation, member: User, removed: set[str]
) -> None:
    if Role.ADMIN in removed and member.pk == user.pk:
        raise ValidationError(
            _(
                "You cannot take away your own administrator role: ask another "
                "administrator of the organisation to do it."
            ),
            code="own_admin",
        )
    if Role.UNIT_HEAD in removed:
        headed = list(Unit.objects.filter(organisation=organisation, head=member))
        if headed:
            raise ValidationError(
                _(
                    "%(name)s heads %(units)s: choose another head for these "
                    "units first."
                ),
                code="heads_units",
                params={"name": _name(member), "units": _units_named(headed)},
            )
    if Role.UNIT_STAFF in removed:
        staffed = list(Unit.objects.filter(organisation=organisation, staff=member))
        if staffed:
            raise ValidationError(
                _(
                    "%(name)s is on the staff of %(units)s: remove them from "
                    "these units' staff first."
                ),
                code="unit_staff",
                params={"name": _name(member), "units": _units_named(staffed)},
            )


def _set_roles(
    *, user: User, organisation: Organisation, member: User, roles: set[str]
) -> tuple[set[str], set[str]]:
    held = Membership.objects.select_for_update().filter(
        organisation=organisation, user=member
    )
    current = set(held.values_list("role", flat=True))
    added, removed = roles - current, current - roles
    _refuse_revoking(
        user=user, organisation=organisation, member=member, removed=removed
    )
    if added and not member.is_active:
        raise ValidationError(_("This account is disabled."), code="inactive")
    held.filter(role__in=removed).delete()
    Membership.objects.bulk_create(
        [Membership(user=member, organisation=organisation, role=r) for r in added],
        ignore_conflicts=True,
    )
    member.__dict__.pop("role_map", None)
    member.__dict__.pop("_memberships", None)
    return added, removed


@transaction.atomic
def membership_set_roles(
    *, user: User, organisation: Organisation, member: User, roles: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Give ``member`` exactly ``roles`` in ``organisation`` (none: they no
    longer work there); returns the roles (granted, revoked).

    Refused with a ValidationError: taking away one's own administrator role
    (the organisation would be left to others, or to no one), the unit head's
    role of someone who still heads units, the staff role of someone still on
    units' staff, and any new role of a disabled account.
    """
    require(can_administer_organisation, user, organisation)
    return _set_roles(
        user=user,
        organisation=organisation,
        member=member,
        roles=_checked_roles(roles),
    )


def _roles_required(roles: Iterable[str]) -> set[str]:
    chosen = _checked_roles(roles)
    if not chosen:
        raise ValidationError(_("Choose at least one role."), code="no_role")
    return chosen


@transaction.atomic
def member_add(
    *, user: User, organisation: Organisation, member: User, roles: Iterable[str]
) -> User:
    """An existing account starts working in ``organisation`` with ``roles``.
    Someone who already works there is refused (change their roles instead)."""
    require(can_administer_organisation, user, organisation)
    chosen = _roles_required(roles)
    if not member.is_active:
        raise ValidationError(_("This account is disabled."), code="inactive")
    if Membership.objects.filter(organisation=organisation, user=member).exists():
        raise ValidationError(
            _("%(name)s already works in this organisation: change their roles."),
            code="already_member",
            params={"name": _name(member)},
        )
    _set_roles(user=user, organisation=organisation, member=member, roles=chosen)
    return member


@transaction.atomic
def member_invite(
    *,
    user: User,
    organisation: Organisation,
    email: str,
    roles: Iterable[str],
    full_name: str = "",
) -> User:
    """Invite someone by e-mail to work in ``organisation`` with ``roles``:
    an account without a password, and an e-mail with the link to choose one.
    An address that has an account is refused (add the account instead), so
    is a mail server that is down (nothing is saved)."""
    require(can_administer_organisation, user, organisation)
    chosen = _roles_required(roles)
    email = User.objects.normalize_email(email.strip())
    member = account_for_invitation(
        email=email, full_name=full_name, username=free_username(email)
    )
    _set_roles(user=user, organisation=organisation, member=member, roles=chosen)
    _tell(member=member, organisation=organisation, inviter=user, roles=chosen)
    return member


def _tell(
    *, member: User, organisation: Organisation, inviter: User, roles: Iterable[str]
) -> None:
    """The e-mail that tells ``member`` their roles (sent last: a mail error
    rolls the caller's transaction back)."""
    invitation_send(
        member=member,
        subject=_("Your account on the CCHC planner (%(organisation)s)"),
        subject_params={"organisation": organisation.short_name or organisation.name},
        template="organisation_invitation",
        context={
            "organisation": organisation,
            "inviter": _name(inviter),
            "roles": [Role(role).label for role in Role if role in set(roles)],
        },
        from_email=sender_address(organisation),
    )


# --- the installation's first organisation ------------------------------------------


def _installation_lock() -> None:
    """Only one setup at a time: a transaction-long lock on PostgreSQL; SQLite
    takes its single write lock with the first write."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SETUP_LOCK])
    else:
        Organisation.objects.filter(pk__lt=0).update(is_active=False)


@transaction.atomic
def installation_setup(
    *,
    data: Mapping[str, Any],
    username: str,
    email: str,
    password: str,
    full_name: str = "",
) -> tuple[Organisation, User]:
    """The first organisation of an empty installation (no organisation, no
    operator) and its first administrator, who is also the installation's
    operator (superuser, for the Django admin). Refused with
    ``PermissionDenied`` once anything exists, whoever asks, even in a race.
    """
    _installation_lock()
    if not installation_is_empty():
        raise PermissionDenied
    last, first = split_full_name(full_name)
    account = User(
        username=username.strip(),
        email=User.objects.normalize_email(email.strip()),
        first_name=first,
        last_name=last,
        is_staff=True,
        is_superuser=True,
    )
    validate_password(password, user=account)
    account.set_password(password)
    account.full_clean(exclude=["password"])
    account.save()
    organisation = _created(None, data)
    Membership.objects.create(user=account, organisation=organisation, role=Role.ADMIN)
    return organisation, account
