"""Writes of units: an organisation's units as its administrator keeps them,
and the names units are written with in plans, as the import's preview
settles them.

An administrator of the unit's organisation creates and edits its units
(:func:`campaigns.policy.can_manage_units`); a unit's staff is the head's to
manage (:mod:`.members`). A unit that is no longer used is made inactive,
never deleted: its tasks and reports stay.

A name the import could not place becomes an other name (alias) of the unit
the planner chose, a phrase naming no unit (``UnitGroupPhrase`` without
kinds), or a new unit of a kind. Who may act: :func:`campaigns.policy.can_name_units`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from organisation.models import Membership, Organisation

from ..models import Unit, UnitGroupPhrase
from ..policy import can_manage_units, can_name_units, require
from ..revisions import organisation_plans_touch
from ..search import fold, name_taken

MAX_NAME = 200


def _key(text: str) -> str:
    """Case, accents, spacing and punctuation ignored ("VH&TT" = "vh tt")."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


def _checked_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("The name is empty."), code="empty")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("The name is longer than %(max)s characters."),
            code="too_long",
            params={"max": MAX_NAME},
        )
    return name


def _named_by(name: str) -> Unit | None:
    """The active unit already called ``name`` (name, short name or alias)."""
    key = _key(name)
    for unit in Unit.objects.filter(is_active=True):
        if key in {_key(n) for n in (unit.name, unit.short_name, *unit.alias_list)}:
            return unit
    return None


@transaction.atomic
def unit_alias_add(*, unit: Unit, alias: str, user: User) -> Unit:
    """Add ``alias`` to the unit's other names (nothing if it already has it).

    Raises ValidationError for an empty name or one another unit is called.
    """
    require(can_name_units, user, unit)
    alias = _checked_name(alias)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    owner = _named_by(alias)
    if owner is not None and owner.pk != unit.pk:
        raise ValidationError(
            _("“%(name)s” already names the unit %(unit)s."),
            code="alias_taken",
            params={"name": alias, "unit": owner.name},
        )
    if owner is None:
        unit.aliases = "\n".join([*unit.alias_list, alias])
        unit.save(update_fields=["aliases"])
    return unit


@transaction.atomic
def unit_phrase_ignore(*, phrase: str, user: User) -> UnitGroupPhrase:
    """Record that ``phrase`` names no unit: the import leaves it out."""
    require(can_name_units, user, None)
    phrase = _checked_name(phrase)
    if _named_by(phrase) is not None:
        raise ValidationError(
            _("“%(name)s” names a unit: it cannot be ignored."),
            code="names_unit",
            params={"name": phrase},
        )
    row, _created = UnitGroupPhrase.objects.update_or_create(
        organisation_id=user.working_organisation_id,
        phrase=phrase,
        defaults={"kinds": "", "is_active": True},
    )
    return row


@transaction.atomic
def unit_create_named(*, name: str, kind: str, user: User) -> Unit:
    """A new active unit of ``kind`` named as the appendix writes it."""
    require(can_name_units, user, None)
    name = _checked_name(name)
    if kind not in Unit.Kind.values:
        raise ValidationError(_("Choose a kind of unit."), code="kind")
    if _named_by(name) is not None or Unit.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            _("A unit is already called “%(name)s”."),
            code="unit_exists",
            params={"name": name},
        )
    organisation_id = user.working_organisation_id
    if organisation_id is None:  # nobody's unit: refused by the rule above too
        raise PermissionDenied
    return Unit.objects.create(organisation_id=organisation_id, name=name, kind=kind)


# --- the administrator's units ------------------------------------------------------

# What the administrator's unit form sets.
UNIT_FIELDS = (
    "name",
    "short_name",
    "aliases",
    "kind",
    "head",
    "contact_email",
    "is_active",
    "order",
)


def _checked_unit(unit: Unit, *, head_before: int | None = None) -> Unit:
    """The unit's fields valid, its name free in its organisation and a new
    head someone holding the unit head's role there; ValidationError by field."""
    unit.full_clean(exclude=["organisation", "head", "staff"], validate_unique=False)
    others = Unit.objects.filter(organisation_id=unit.organisation_id).exclude(
        pk=unit.pk
    )
    if name_taken(unit.name, others.values_list("name", flat=True)):
        raise ValidationError(
            {"name": _("Another unit of the organisation has this name.")},
            code="name_taken",
        )
    if unit.head_id is not None and unit.head_id != head_before:
        heads = Membership.objects.filter(
            organisation_id=unit.organisation_id,
            role=Role.UNIT_HEAD,
            user__is_active=True,
        )
        if not heads.filter(user_id=unit.head_id).exists():
            raise ValidationError(
                {
                    "head": _(
                        "The head must hold the unit head's role in this "
                        "organisation (grant it on the people page)."
                    )
                },
                code="not_a_head",
            )
    return unit


def _saved(unit: Unit) -> None:
    """Saved, or refused like a taken name when a save sent at the same time
    took it first (the database's unique constraint)."""
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Another unit of the organisation has this name.")},
            code="name_taken",
        ) from None


def _fill(unit: Unit, data: Mapping[str, Any]) -> None:
    for field in UNIT_FIELDS:
        if field in data:
            setattr(unit, field, data[field])


@transaction.atomic
def unit_create(
    *, user: User, organisation: Organisation, data: Mapping[str, Any]
) -> Unit:
    """A new unit of ``organisation`` from ``data`` (:data:`UNIT_FIELDS`)."""
    unit = Unit(organisation=organisation)
    require(can_manage_units, user, unit)
    _fill(unit, data)
    _saved(_checked_unit(unit))
    return unit


@transaction.atomic
def unit_update(*, user: User, unit: Unit, data: Mapping[str, Any]) -> Unit:
    """Change the unit's fields given in ``data`` (:data:`UNIT_FIELDS`); the
    head it has stays even if their role was taken back meanwhile."""
    require(can_manage_units, user, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    head_before = unit.head_id
    _fill(unit, data)
    _saved(_checked_unit(unit, head_before=head_before))
    organisation_plans_touch(unit.organisation_id)
    return unit
