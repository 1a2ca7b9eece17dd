"""``{% saved_filters "reviews" %}``: the signed-in person's named filters of
a list page, and the form that saves the current one (one query)."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.saved_filters import clean_query, saved_filters_for

register = template.Library()


@register.inclusion_tag("accounts/snippets/saved_filters.html", takes_context=True)
def saved_filters(context: dict[str, Any], page: str) -> dict[str, Any]:
    request = context["request"]
    query = clean_query(request.GET.urlencode())
    return {
        "page": page,
        "query": query,
        "saved": saved_filters_for(
            user=request.user, organisation=request.organisation, page=page
        ),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
