"""Reading organisations: the one a request works in, the ones a person may
switch to, and the identity printed on pages, e-mails and documents.

Pages read the acting organisation through the ``organisation`` context
processor (set once per request by :mod:`organisation.middleware`). When the
database cannot answer (an error page drawn while it is down) a neutral, unnamed
organisation stands in.
"""

from __future__ import annotations

import logging
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.db import DatabaseError
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Organisation
from .scoping import active_organisation_ids

logger = logging.getLogger(__name__)


def neutral_organisation() -> Organisation:
    """An unsaved organisation naming no one, for an installation not yet set up."""
    return Organisation(name="", short_name="", place="")


def installation_organisation() -> Organisation:
    """The organisation that brands pages before sign-in: the oldest one without
    a parent (the province hosting the installation), or a neutral one if there
    is none or the database fails (logged, never raised)."""
    try:
        found = (
            Organisation.objects.filter(parent__isnull=True, is_active=True)
            .order_by("pk")
            .first()
        )
    except DatabaseError:
        logger.warning("organisations unreadable; using a neutral one")
        return neutral_organisation()
    return found or neutral_organisation()


def request_organisation(request: HttpRequest | None) -> Organisation:
    """The organisation the request works in (set by the middleware), else the
    installation's."""
    found = getattr(request, "organisation", None) if request is not None else None
    return found if found is not None else installation_organisation()


def scope_organisation() -> Organisation:
    """The organisation the active scope works in (organisation.scoping), for
    code that is handed no request: the import's place name, a command. A scope
    of several organisations or none gives a neutral organisation."""
    ids = active_organisation_ids()
    if not ids or len(ids) != 1:
        return neutral_organisation()
    return Organisation.objects.filter(pk=ids[0]).first() or neutral_organisation()


def installation_is_empty() -> bool:
    """No organisation and no operator yet: the one-time setup from the
    browser is open (``/setup/``)."""
    from django.contrib.auth import get_user_model

    return (
        not Organisation.objects.exists()
        and not get_user_model().objects.filter(is_superuser=True).exists()
    )


def organisations_of(user_id: int) -> QuerySet[Organisation]:
    """The active organisations a person holds a role in, by name."""
    return Organisation.objects.filter(
        memberships__user_id=user_id, is_active=True
    ).distinct()


def children_of(organisation: Organisation) -> QuerySet[Organisation]:
    """The active organisations directly under ``organisation``, by name."""
    return Organisation.objects.filter(parent=organisation, is_active=True)


def sender_address(organisation: Organisation) -> str:
    """``DEFAULT_FROM_EMAIL``'s address under the organisation's sender name.

    Without a sender or short name the setting is used as it stands.
    """
    name = organisation.sender_name
    if not name:
        return settings.DEFAULT_FROM_EMAIL
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return str(Address(display_name=name, addr_spec=address))
