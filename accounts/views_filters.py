"""Saving and deleting one's named filters (POST), from a list's filter bar."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .http import AuthenticatedHttpRequest
from .models import SavedFilter
from .saved_filters import saved_filter_delete, saved_filter_save

PAGE_URLS = {
    SavedFilter.Page.ACTIVITIES: "planning:activity_list",
    SavedFilter.Page.REVIEWS: "workspace:review_list",
}


def _page_url(page: str, query: str = "") -> str:
    if page not in PAGE_URLS:
        raise Http404
    url = reverse(PAGE_URLS[SavedFilter.Page(page)])
    return f"{url}?{query}" if query else url


@require_POST
def saved_filter_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """POST ``page``, ``name``, ``query``: back to the page, filtered."""
    page = request.POST.get("page", "")
    back = _page_url(page)
    try:
        saved = saved_filter_save(
            user=request.user,
            organisation=request.organisation,
            page=page,
            name=request.POST.get("name", ""),
            query=request.POST.get("query", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
    return redirect(_page_url(page, saved.query))


@require_POST
def saved_filter_remove(
    request: AuthenticatedHttpRequest, filter_id: int
) -> HttpResponse:
    page = request.POST.get("page", "")
    back = _page_url(page)
    try:
        saved_filter_delete(user=request.user, filter_id=filter_id)
    except SavedFilter.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("Filter deleted."))
    return redirect(back)
