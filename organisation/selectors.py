"""Reading the organisation profile: once per request, never failing.

Pages read it through the ``organisation`` context processor (one query per
request, and none for a page that does not show it); e-mails, exports and new
plans call :func:`organisation_profile`. When the database cannot answer (an error
page drawn while it is down) a neutral, unnamed profile stands in.
"""

from __future__ import annotations

import logging
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest

from .models import PROFILE_PK, OrganisationProfile

logger = logging.getLogger(__name__)

REQUEST_ATTRIBUTE = "_organisation_profile"


def neutral_profile() -> OrganisationProfile:
    """An unsaved profile naming no one, for an installation not yet set up."""
    return OrganisationProfile(pk=PROFILE_PK, name="", short_name="", place="")


def organisation_profile() -> OrganisationProfile:
    """The stored profile, or :func:`neutral_profile` if there is none or the
    database fails (logged, never raised)."""
    try:
        profile = OrganisationProfile.objects.filter(pk=PROFILE_PK).first()
    except DatabaseError:
        logger.warning("organisation profile unreadable; using a neutral one")
        return neutral_profile()
    return profile or neutral_profile()


def request_organisation(request: HttpRequest | None) -> OrganisationProfile:
    """The profile, read at most once per request."""
    if request is None:
        return organisation_profile()
    profile = getattr(request, REQUEST_ATTRIBUTE, None)
    if profile is None:
        profile = organisation_profile()
        setattr(request, REQUEST_ATTRIBUTE, profile)
    return profile


def default_plan_issuer() -> str:
    """A new plan's issuer: the organisation's full name (empty if not set up)."""
    return organisation_profile().name


def sender_address(profile: OrganisationProfile) -> str:
    """``DEFAULT_FROM_EMAIL``'s address under the profile's sender name.

    Without a sender or short name the setting is used as it stands.
    """
    name = profile.sender_name
    if not name:
        return settings.DEFAULT_FROM_EMAIL
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return str(Address(display_name=name, addr_spec=address))
