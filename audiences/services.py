"""Writes of the audience groups catalogue (đối tượng tuyên truyền).

An administrator of the group's organisation creates, edits and deletes its
groups (:func:`campaigns.policy.can_manage_catalogue`); a group activities name
is never deleted from the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns.policy import can_manage_catalogue, require
from campaigns.search import code_for, name_taken
from campaigns.tallies import tallies_forget_audience_groups
from organisation.models import Organisation

from .models import AudienceGroup


@transaction.atomic
def audience_groups_delete(*, groups: QuerySet[AudienceGroup]) -> int:
    """Delete ``groups`` with their progress counters; returns how many went.

    Deleting a group unlinks it from its activities without a save of theirs,
    so its counters (``campaigns.tallies``, dimension "audience") are dropped
    here, in the same transaction.
    """
    tallies_forget_audience_groups(groups.values_list("pk", flat=True))
    _total, by_model = groups.delete()
    return by_model.get(AudienceGroup._meta.label, 0)


AUDIENCE_FIELDS = ("name", "code", "description", "order")


def _checked(group: AudienceGroup) -> AudienceGroup:
    others = AudienceGroup.objects.filter(
        organisation_id=group.organisation_id
    ).exclude(pk=group.pk)
    if not group.code:
        group.code = code_for(group.name, others.values_list("code", flat=True))
    group.full_clean(exclude=["organisation"], validate_unique=False)
    if name_taken(group.name, others.values_list("name", flat=True)):
        raise ValidationError(
            {"name": _("Another audience group of the organisation has this name.")},
            code="name_taken",
        )
    if others.filter(code=group.code).exists():
        raise ValidationError(
            {"code": _("Another audience group of the organisation has this code.")},
            code="code_taken",
        )
    return group


def _saved(group: AudienceGroup) -> None:
    """Saved, or refused like a taken name when a save sent at the same time
    took it first (the database's unique constraint)."""
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Another audience group of the organisation has this name.")},
            code="name_taken",
        ) from None


def _fill(group: AudienceGroup, data: Mapping[str, Any]) -> None:
    for field in AUDIENCE_FIELDS:
        if field in data:
            setattr(group, field, data[field])


@transaction.atomic
def audience_group_create(
    *, user: User, organisation: Organisation, data: Mapping[str, Any]
) -> AudienceGroup:
    """A new audience group of ``organisation``; an empty code is made from
    the name."""
    group = AudienceGroup(organisation=organisation)
    require(can_manage_catalogue, user, group)
    _fill(group, data)
    _saved(_checked(group))
    return group


@transaction.atomic
def audience_group_update(
    *, user: User, group: AudienceGroup, data: Mapping[str, Any]
) -> AudienceGroup:
    """Change the audience group's fields given in ``data``."""
    require(can_manage_catalogue, user, group)
    group = AudienceGroup.objects.select_for_update().get(pk=group.pk)
    _fill(group, data)
    _saved(_checked(group))
    return group


@transaction.atomic
def audience_group_delete(*, user: User, group: AudienceGroup) -> None:
    """Delete an audience group no activity names; one in use is refused (the
    plans that name it keep it)."""
    require(can_manage_catalogue, user, group)
    if group.activities.exists():
        raise ValidationError(
            _(
                "Activities name this audience group: it cannot be deleted, "
                "rename it instead."
            ),
            code="in_use",
        )
    audience_groups_delete(groups=AudienceGroup.objects.filter(pk=group.pk))
