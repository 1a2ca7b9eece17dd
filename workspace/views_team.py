"""Pages of the unit's chain of work: assign, review, comment, staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required, wrong_method
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.roles import EDITOR_ROLES
from campaigns import selectors as campaign_selectors
from campaigns.models import ProgressReport, Task, Unit
from campaigns.policy import can_assign, can_manage_members, can_review
from campaigns.services import members as member_services
from campaigns.services import reviews as review_services
from campaigns.services import teamwork

from . import members, selectors
from .filters import ReviewFilter
from .forms import (
    AssignForm,
    CommentForm,
    MemberAddForm,
    MemberInviteForm,
    ReviewForm,
)

REVIEWS_PAGE = 50


def _visible_task(request: AuthenticatedHttpRequest, task_id: int) -> Task:
    try:
        return selectors.task_for_page(user=request.user, task_id=task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _errors(request: AuthenticatedHttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- /tasks/<id>/assign/ ---------------------------------------------------------


def task_assign(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """The head picks one of the unit's staff for the task (or the activity's)."""
    task = _visible_task(request, task_id)
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    if not can_assign(request.user, task):
        raise PermissionDenied
    form = AssignForm(
        request.POST or None,
        staff=members.staff_choices(unit=task.unit),
        initial={"assignee": task.assignee_id},
    )
    if request.method == "POST" and form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            if form.cleaned_data["whole_activity"]:
                count = teamwork.activity_tasks_assign(
                    activity=task.activity,
                    unit=task.unit,
                    user=request.user,
                    assignee=assignee,
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d task assigned.", "%(count)d tasks assigned.", count
                    )
                    % {"count": count},
                )
            else:
                teamwork.task_assign(task=task, user=request.user, assignee=assignee)
                messages.success(request, _("Assignment saved."))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect(task)
    return render(
        request,
        "workspace/task_assign.html",
        {"task": task, "activity": task.activity, "form": form},
    )


# --- /tasks/<id>/comments/ -------------------------------------------------------


def task_comments(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """GET: the thread on the task page; POST: add a comment."""
    task = _visible_task(request, task_id)
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    if request.method == "GET":
        return redirect(task.get_absolute_url() + "#comments")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment was not saved: write it first."))
        return redirect(task.get_absolute_url() + "#comments")
    try:
        teamwork.comment_create(
            task=task, user=request.user, body=form.cleaned_data["body"]
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Comment added."))
    return redirect(task.get_absolute_url() + "#comments")


# --- /reviews/ and /reports/<id>/review/ -----------------------------------------


@require_GET
@role_required(*EDITOR_ROLES)
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Reports of the review queue: waiting ones oldest first unless filtered
    (:class:`workspace.filters.ReviewFilter`), a page at a time."""
    queryset = campaign_selectors.reviews_queue()
    review_filter = ReviewFilter(request.GET, queryset=queryset)
    reports = review_filter.qs if review_filter.is_valid() else queryset.none()
    page = Paginator(reports, REVIEWS_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workspace/review_list.html",
        {
            "filter": review_filter,
            "page": page,
            "reports": page.object_list,
            "total": page.paginator.count,
            "query": query.urlencode(),
            "here": request.get_full_path(),
        },
    )


@require_POST
@role_required(*EDITOR_ROLES)
def review_accept_many(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Accept the selected reports at once (POST ``report``: ids, repeated;
    ``next``: the queue's address to go back to). All or none: one the plan's
    state forbids refuses the lot; another organisation's id is a 404."""
    ids = request.POST.getlist("report")
    if not all(value.isdigit() for value in ids):
        raise Http404
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        back = reverse("workspace:review_list")
    try:
        accepted = review_services.reports_accept(
            actor=request.user, report_ids=[int(value) for value in ids]
        )
    except ProgressReport.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _errors(request, exc)
        messages.error(request, _("No report was accepted."))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d report accepted.",
                "%(count)d reports accepted.",
                len(accepted),
            )
            % {"count": len(accepted)},
        )
    return redirect(back)


@role_required(*EDITOR_ROLES)
def report_review(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    """Accept a report, or return it with a comment (POST decision, comment)."""
    report = get_object_or_404(
        selectors.reports_visible_to(user=request.user).select_related(
            "submitted_by", "reviewed_by", "task__assignee", "task__activity__plan"
        ),
        pk=report_id,
    )
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    task = report.task
    form = ReviewForm(request.POST or None)
    own = not can_review(request.user, report)
    if request.method == "POST":
        if own:
            raise PermissionDenied
        if form.is_valid():
            try:
                teamwork.report_review(
                    report=report,
                    user=request.user,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                if form.cleaned_data["decision"] == teamwork.Decision.ACCEPT:
                    messages.success(request, _("Report accepted."))
                else:
                    messages.success(
                        request,
                        _("Report returned; the unit was notified."),
                    )
                if request.POST.get("next") == "reviews":
                    return redirect("workspace:review_list")
                return redirect(task)
    return render(
        request,
        "workspace/report_review.html",
        {
            "report": report,
            "task": task,
            "activity": task.activity,
            "form": form,
            "own": own,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


# --- /units/<id>/members/ --------------------------------------------------------


def unit_members(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """The unit's staff: add an account, invite by e-mail, remove."""
    unit = get_object_or_404(Unit, pk=unit_id)
    if not can_manage_members(request.user, unit):
        # A unit one does not manage is not shown to exist.
        raise Http404
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    action = request.POST.get("action", "")
    add_form = MemberAddForm(request.POST if action == "add" else None, unit=unit)
    invite_form = MemberInviteForm(request.POST if action == "invite" else None)
    if request.method == "POST":
        try:
            if action == "add" and add_form.is_valid():
                member = member_services.unit_member_add(
                    unit=unit,
                    user=request.user,
                    member=add_form.cleaned_data["account"],
                )
                messages.success(
                    request,
                    _("%(name)s added to the staff.") % {"name": _name(member)},
                )
                return redirect("workspace:unit_members", unit_id=unit.pk)
            if action == "invite" and invite_form.is_valid():
                member = member_services.unit_member_invite(
                    unit=unit,
                    user=request.user,
                    email=invite_form.cleaned_data["email"],
                    full_name=invite_form.cleaned_data["full_name"],
                )
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": member.email},
                )
                return redirect("workspace:unit_members", unit_id=unit.pk)
            if action == "remove":
                member_id = request.POST.get("member", "")
                if not member_id.isdigit():
                    raise Http404
                member = get_object_or_404(unit.staff.all(), pk=int(member_id))
                freed = member_services.unit_member_remove(
                    unit=unit, user=request.user, member=member
                )
                messages.success(
                    request,
                    ngettext(
                        "%(name)s removed; %(count)d open task goes back to the head.",
                        "%(name)s removed; %(count)d open tasks go back to the head.",
                        freed,
                    )
                    % {
                        "name": member.get_full_name() or member.username,
                        "count": freed,
                    },
                )
                return redirect("workspace:unit_members", unit_id=unit.pk)
        except ValidationError as exc:
            _errors(request, exc)
    return render(
        request,
        "workspace/unit_members.html",
        {
            "unit": unit,
            "members": members.unit_members(unit=unit),
            "add_form": add_form,
            "invite_form": invite_form,
            "other_units": members.units_managed_by(user=request.user).exclude(
                pk=unit.pk
            ),
        },
        status=400 if request.method == "POST" else 200,
    )
