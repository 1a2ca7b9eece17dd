"""Writes of the channels catalogue (hình thức tuyên truyền).

An administrator of the channel's organisation creates and edits its channels
(:func:`campaigns.policy.can_manage_catalogue`). A channel activities use is
retired (made inactive), never deleted: its outputs stay counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns.policy import can_manage_catalogue, require
from campaigns.search import code_for, name_taken
from organisation.models import Organisation

from .models import Channel

CHANNEL_FIELDS = ("name", "code", "output_unit", "form", "color", "order", "is_active")


def _checked(channel: Channel) -> Channel:
    others = Channel.objects.filter(organisation_id=channel.organisation_id).exclude(
        pk=channel.pk
    )
    if not channel.code:
        channel.code = code_for(channel.name, others.values_list("code", flat=True))
    channel.full_clean(exclude=["organisation"], validate_unique=False)
    if name_taken(channel.name, others.values_list("name", flat=True)):
        raise ValidationError(
            {"name": _("Another channel of the organisation has this name.")},
            code="name_taken",
        )
    if others.filter(code=channel.code).exists():
        raise ValidationError(
            {"code": _("Another channel of the organisation has this code.")},
            code="code_taken",
        )
    return channel


def _saved(channel: Channel) -> None:
    """Saved, or refused like a taken name when a save sent at the same time
    took it first (the database's unique constraint)."""
    try:
        with transaction.atomic():
            channel.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Another channel of the organisation has this name.")},
            code="name_taken",
        ) from None


def _fill(channel: Channel, data: Mapping[str, Any]) -> None:
    for field in CHANNEL_FIELDS:
        if field in data:
            setattr(channel, field, data[field])


@transaction.atomic
def channel_create(
    *, user: User, organisation: Organisation, data: Mapping[str, Any]
) -> Channel:
    """A new channel of ``organisation``; an empty code is made from the name."""
    channel = Channel(organisation=organisation)
    require(can_manage_catalogue, user, channel)
    _fill(channel, data)
    _saved(_checked(channel))
    return channel


@transaction.atomic
def channel_update(*, user: User, channel: Channel, data: Mapping[str, Any]) -> Channel:
    """Change the channel's fields given in ``data``."""
    require(can_manage_catalogue, user, channel)
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    _fill(channel, data)
    _saved(_checked(channel))
    return channel
