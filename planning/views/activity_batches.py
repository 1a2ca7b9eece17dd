"""The activity list's batch actions (POST): shift, move to a month, cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from campaigns.models import Activity
from campaigns.services import activity_batches

from ..forms.activity_batch import CANCEL, SHIFT, ActivityBatchForm
from .common import editors_only


@editors_only
@require_POST
def activity_batch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All the selected activities or none; another organisation's id is a
    404; back to the list (``next``) with what was done or why not."""
    if not all(value.isdigit() for value in request.POST.getlist("activity")):
        raise Http404
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        back = reverse("planning:activity_list")
    form = ActivityBatchForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    data = form.cleaned_data
    ids = data["activity"]
    try:
        if data["action"] == CANCEL:
            count = activity_batches.activities_cancel(
                actor=request.user, activity_ids=ids
            )
            done = ngettext(
                "%(count)d activity cancelled.",
                "%(count)d activities cancelled.",
                count,
            )
        elif data["action"] == SHIFT:
            count = activity_batches.activities_shift(
                actor=request.user, activity_ids=ids, days=data["days"]
            )
            done = ngettext(
                "%(count)d activity moved.", "%(count)d activities moved.", count
            )
        else:
            count = activity_batches.activities_shift(
                actor=request.user, activity_ids=ids, to_month=data["month"]
            )
            done = ngettext(
                "%(count)d activity moved.", "%(count)d activities moved.", count
            )
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        messages.error(request, _("No activity was changed."))
    else:
        messages.success(request, done % {"count": count})
    return redirect(back)
