"""Writes of the names units are written with: the choices a planner makes on
an import's preview, kept so that the next file reads them.

A name the import could not place becomes an other name (alias) of the unit
the planner chose, a phrase naming no unit (``UnitGroupPhrase`` without
kinds), or a new unit of a kind. Who may act: :func:`campaigns.policy.can_name_units`.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from ..models import Unit, UnitGroupPhrase
from ..policy import can_name_units, require
from ..search import fold

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
