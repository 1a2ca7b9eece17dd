"""Writes of the year's official days off and make-up working days.

An organisation's administrator adds, changes and removes its own rows
(:func:`campaigns.policy.can_administer_organisation`); the installation's rows
(no organisation) are the operator's, in the Django admin. Each write drops the
cached calendars (``campaigns.workdays.forget``) after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns import workdays
from campaigns.models import OfficialDay
from campaigns.policy import can_administer_organisation, require
from organisation.models import Organisation

OFFICIAL_DAY_FIELDS = ("date", "kind", "name")


def _require_own(user: User, day: OfficialDay) -> Organisation:
    if day.organisation is None:
        raise PermissionDenied
    require(can_administer_organisation, user, day.organisation)
    return day.organisation


def _saved(day: OfficialDay, data: Mapping[str, Any]) -> OfficialDay:
    for name in OFFICIAL_DAY_FIELDS:
        if name in data:
            setattr(day, name, data[name])
    day.full_clean(exclude=["organisation"], validate_unique=False)
    taken = OfficialDay.objects.filter(
        organisation=day.organisation, date=day.date
    ).exclude(pk=day.pk)
    message = _("The organisation already has a decision on this date.")
    if taken.exists():
        raise ValidationError({"date": message}, code="date_taken")
    try:
        with transaction.atomic():
            day.save()
    except IntegrityError:  # the same date saved at the same time
        raise ValidationError({"date": message}, code="date_taken") from None
    transaction.on_commit(workdays.forget)
    workdays.forget()
    return day


@transaction.atomic
def official_day_create(
    *, user: User, organisation: Organisation, data: Mapping[str, Any]
) -> OfficialDay:
    """A day off or make-up working day of ``organisation`` (``data``: date,
    kind, name)."""
    day = OfficialDay(organisation=organisation)
    _require_own(user, day)
    return _saved(day, data)


@transaction.atomic
def official_day_update(
    *, user: User, day: OfficialDay, data: Mapping[str, Any]
) -> OfficialDay:
    """Change the row's date, kind or name."""
    _require_own(user, day)
    return _saved(day, data)


@transaction.atomic
def official_day_delete(*, user: User, day: OfficialDay) -> None:
    """Remove the row: the date is again as the ``holidays`` package says."""
    _require_own(user, day)
    day.delete()
    transaction.on_commit(workdays.forget)
    workdays.forget()
