from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import wrong_method
from accounts.http import AuthenticatedHttpRequest
from nuithanh_cchc.redirects import safe_next

from . import services
from .models import Notification
from .selectors import notification_unread_count, notifications_for

PAGE_SIZE = 30


@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = notifications_for(user=request.user).select_related("task")
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        notifications = notifications.unread()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "only_unread": only_unread},
    )


def _own_marked_read(
    request: AuthenticatedHttpRequest, notification_id: int
) -> Notification | HttpResponse:
    """The user's own notification, marked read; another user's is a 404 whatever
    the method, and a method other than POST is then a 405."""
    notification = get_object_or_404(
        notifications_for(user=request.user), pk=notification_id
    )
    if (wrong := wrong_method(request, "POST")) is not None:
        return wrong
    return services.notification_mark_read(notification=notification)


def notification_open(
    request: AuthenticatedHttpRequest, notification_id: int
) -> HttpResponse:
    """Mark read and follow the link."""
    notification = _own_marked_read(request, notification_id)
    if isinstance(notification, HttpResponse):
        return notification
    return HttpResponseRedirect(safe_next(request, notification.url))


def notification_read(
    request: AuthenticatedHttpRequest, notification_id: int
) -> HttpResponse:
    notification = _own_marked_read(request, notification_id)
    if isinstance(notification, HttpResponse):
        return notification
    if request.htmx:
        response = render(
            request,
            "notifications/snippets/item.html",
            {"notification": notification},
        )
        response["HX-Trigger"] = "notifications-changed"
        return response
    return HttpResponseRedirect(safe_next(request, request.POST.get("next_page")))


@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked read.",
            "%(count)d notifications marked read.",
            count,
        )
        % {"count": count},
    )
    return redirect("notifications:list")


@login_not_required
@require_GET
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The bell alone, for htmx to refresh the unread count.

    Once the session has expired the answer is an empty 204, which htmx does not
    swap in: a login redirect would put the login page inside the navigation.
    """
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request,
        "notifications/snippets/bell.html",
        {"unread_count": notification_unread_count(user=request.user)},
    )
