"""A person's named filters of the list pages: save (a name used again
replaces its query), list, delete. Only the owner reads or deletes them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from organisation.models import Organisation

from .models import SavedFilter, User

PER_PAGE_MAX = 20
#: Parameters a saved filter never keeps: the page number of the list.
DROPPED = ("page", "csrfmiddlewaretoken")


def clean_query(query: str) -> str:
    """``query`` without its page number, re-encoded."""
    params = QueryDict(query, mutable=True)
    for name in DROPPED:
        params.pop(name, None)
    return params.urlencode()[:1000]


def saved_filters_for(
    *, user: User, organisation: Organisation, page: str
) -> list[SavedFilter]:
    return list(
        SavedFilter.objects.filter(user=user, organisation=organisation, page=page)
    )


@transaction.atomic
def saved_filter_save(
    *, user: User, organisation: Organisation, page: str, name: str, query: str
) -> SavedFilter:
    """Save ``query`` under ``name`` (the same name replaces it).
    ``ValidationError`` for an unknown page, no name, or past
    :data:`PER_PAGE_MAX` filters on the page."""
    name = " ".join(name.split())[:60]
    if page not in SavedFilter.Page.values:
        raise ValidationError(_("This page keeps no filters."), code="bad_page")
    if not name:
        raise ValidationError(_("Name the filter first."), code="no_name")
    mine = SavedFilter.objects.select_for_update().filter(
        user=user, organisation=organisation, page=page
    )
    saved, created = mine.update_or_create(
        name=name,
        defaults={"query": clean_query(query)},
        create_defaults={
            "user": user,
            "organisation": organisation,
            "page": page,
            "query": clean_query(query),
        },
    )
    if created and mine.count() > PER_PAGE_MAX:
        raise ValidationError(
            _("Keep at most %(max)d filters on a page: delete one first.")
            % {"max": PER_PAGE_MAX},
            code="too_many",
        )
    return saved


def saved_filter_delete(*, user: User, filter_id: int) -> None:
    """``SavedFilter.DoesNotExist`` unless it is ``user``'s."""
    SavedFilter.objects.get(pk=filter_id, user=user).delete()
