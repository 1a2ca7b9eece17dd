from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import wrong_method
from accounts.http import AuthenticatedHttpRequest
from campaigns.lifecycle import lifecycle_message
from campaigns.models import Plan, Task
from campaigns.policy import can_assign, can_comment, can_reopen_task, can_report
from campaigns.services import work
from nuithanh_cchc.params import date_param, int_param

from . import pending_uploads, selectors, task_groups
from .forms import CommentForm, ProgressReportForm, ReopenForm
from .timeline import task_timeline


def _visible_task(request: AuthenticatedHttpRequest, task_id: int) -> Task:
    """The task if the user may see it; another unit's task is a 404 (never 403)."""
    try:
        return selectors.task_for_page(user=request.user, task_id=task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def _parse_filters(request: AuthenticatedHttpRequest) -> task_groups.TaskFilters:
    """Read the filters; anything malformed is ignored rather than an error."""
    filters = task_groups.TaskFilters(page=request.GET.get("page"))
    filters.month = date_param(request.GET, "month", fmt="%Y-%m")
    status = request.GET.get("status", "")
    if status in Task.Status.values:
        filters.status = status
    filters.activity_id = int_param(request.GET, "activity")
    filters.plan_id = int_param(request.GET, "plan")
    group = request.GET.get("group", "")
    if group in task_groups.GROUP_LABELS:
        filters.group = group
    filters.q = " ".join(request.GET.get("q", "").split())[:100]
    offset = request.GET.get("offset", "")
    if filters.group and offset.isdigit() and len(offset) < 7:
        filters.offset = int(offset)
    return filters


@require_GET
def my_tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = _parse_filters(request)
    overview = task_groups.my_tasks(user=request.user, today=today, filters=filters)
    if filters.offset is not None and request.htmx:
        # "Show more": the next tasks of one group and the next button, in place.
        return render(
            request,
            "workspace/snippets/task_chunk.html",
            {
                "group": overview.groups[0],
                "overview": overview,
                "filters": filters,
                "today": today,
            },
        )
    return render(
        request,
        "workspace/my_tasks.html",
        {
            "overview": overview,
            "filters": filters,
            "statuses": Task.Status.choices,
            "today": today,
        },
    )


def _task_page(
    request: AuthenticatedHttpRequest,
    task: Task,
    *,
    form: ProgressReportForm | None = None,
    reopen_form: ReopenForm | None = None,
    kept: list[pending_uploads.KeptFile] | None = None,
) -> HttpResponse:
    live = task.activity.plan.status == Plan.Status.ISSUED
    may_report = live and can_report(request.user, task)
    if form is None and may_report and task.is_open:
        form = ProgressReportForm(task=task)
    reports = selectors.task_reports(task=task)
    comments = selectors.task_comments(task=task)
    user = request.user
    return render(
        request,
        "workspace/task_detail.html",
        {
            "task": task,
            "activity": task.activity,
            "today": timezone.localdate(),
            "is_overdue": task.is_overdue(),
            "reports": reports,
            "timeline": task_timeline(task=task, comments=comments),
            "form": form if may_report and task.is_open else None,
            "kept_files": kept or [],
            "may_report": may_report,
            "may_reopen": live and can_reopen_task(user, task),
            "plan_locked": None if live else lifecycle_message(task.activity.plan),
            "reopen_form": reopen_form or ReopenForm(),
            "may_assign": can_assign(user, task),
            "may_review": user.can_edit_plans,
            "awaiting_review": settings.REPORT_REVIEW_REQUIRED
            and any(report.awaits_review for report in reports),
            "comments": comments,
            "comment_form": CommentForm() if can_comment(user, task) else None,
        },
    )


def task_detail(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = _visible_task(request, task_id)
    if (wrong := wrong_method(request, "GET")) is not None:
        return wrong
    return _task_page(request, task)


def _require_reporter(request: AuthenticatedHttpRequest, task: Task) -> None:
    if not can_report(request.user, task):
        raise PermissionDenied


def _error_message(request: AuthenticatedHttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _task_gone_page(
    request: AuthenticatedHttpRequest, task: Task | None
) -> HttpResponse:
    """The task was removed while its head wrote a report: say so, keep the text."""
    messages.error(
        request,
        _(
            "This task was removed from the plan while you were working on it: "
            "nothing was saved. Your text is kept below; copy it and ask the planner."
        ),
    )
    kept = {
        name: request.POST.get(name, "")
        for name in ("actual_output", "participants", "reach", "note", "evidence_links")
    }
    return render(
        request,
        "workspace/task_gone.html",
        {"task": task, "kept": kept},
        status=409,
    )


def _removed_task(request: AuthenticatedHttpRequest, task_id: int) -> Task | None:
    """The last recorded state of a deleted task of the user's units, or None."""
    record = (
        Task.history.filter(id=task_id, history_type="-")
        .select_related("activity", "unit")
        .order_by("-history_date")
        .first()
    )
    if record is None or Task.objects.filter(pk=task_id).exists():
        return None
    user = request.user
    if user.sees_whole_district or record.unit.head_id == user.pk:
        return record.instance
    return None


def report_create(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    # The commonest write: only what the form and the check read here; the
    # page's context is read again only when the page is shown with errors.
    try:
        task = selectors.task_for_writing(user=request.user, task_id=task_id)
    except Task.DoesNotExist:
        if request.method == "POST" and (gone := _removed_task(request, task_id)):
            return _task_gone_page(request, gone)
        raise Http404 from None
    if (wrong := wrong_method(request, "POST")) is not None:
        return wrong
    _require_reporter(request, task)
    form_key = request.POST.get("submission_key", "")
    kept = pending_uploads.read(
        request.POST.getlist("kept_files"), user=request.user, form_key=form_key
    )
    form = ProgressReportForm(
        request.POST, request.FILES, task=task, kept_count=len(kept)
    )
    if not form.is_valid():
        messages.error(
            request,
            _("The report was not saved: correct the fields marked below."),
        )
        kept += _keep_chosen(request, form, form_key)
        return _task_page(
            request, _visible_task(request, task_id), form=form, kept=kept
        )
    uploads = pending_uploads.as_uploads(kept)
    try:
        work.report_create(
            task=task,
            user=request.user,
            data=form.cleaned_data,
            uploads=[*uploads, *form.cleaned_data["files"]],
            mark_done="and_done" in request.POST,
            submission_key=form.cleaned_data["submission_key"],
        )
    except ValidationError as exc:
        if exc.code == work.TASK_GONE_CODE:
            return _task_gone_page(request, task)
        _error_message(request, exc)
        kept += _keep_chosen(request, form, form_key)
        return _task_page(
            request, _visible_task(request, task_id), form=form, kept=kept
        )
    finally:
        for upload in uploads:
            upload.file.close()
    pending_uploads.discard(kept)
    if "and_done" in request.POST:
        messages.success(request, _("Report saved and the task marked done."))
    else:
        messages.success(request, _("Report saved."))
    return redirect(task)


def _keep_chosen(
    request: AuthenticatedHttpRequest, form: ProgressReportForm, form_key: str
) -> list[pending_uploads.KeptFile]:
    """The files of a refused form that passed their checks, kept for its next
    sending (a browser cannot choose them again by itself)."""
    files = form.cleaned_data.get("files") if hasattr(form, "cleaned_data") else None
    if not files or not form_key:
        return []
    return pending_uploads.keep(files, user=request.user, form_key=form_key)


def report_edit(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(
        selectors.reports_visible_to(user=request.user).prefetch_related(
            "evidence_files"
        ),
        pk=report_id,
    )
    task = report.task
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    _require_reporter(request, task)
    if task.activity.plan.status != Plan.Status.ISSUED:
        messages.error(request, lifecycle_message(task.activity.plan))
        return redirect(task)
    if task.status == Task.Status.CANCELLED:
        messages.error(request, _("This task is cancelled: its reports are final."))
        return redirect(task)
    form_key = f"report-{report.pk}"
    kept = pending_uploads.read(
        request.POST.getlist("kept_files"), user=request.user, form_key=form_key
    )
    form = ProgressReportForm(
        request.POST or None,
        request.FILES or None,
        instance=report,
        task=task,
        kept_count=len(kept),
    )
    if request.method == "POST":
        if form.is_valid():
            uploads = pending_uploads.as_uploads(kept)
            try:
                work.report_update(
                    report=report,
                    user=request.user,
                    data=form.cleaned_data,
                    uploads=[*uploads, *form.cleaned_data["files"]],
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                _error_message(request, exc)
                kept += _keep_chosen(request, form, form_key)
                if exc.code == "stale":
                    # Keep the user's text; the next save is against the new version.
                    data = cast(QueryDict, form.data).copy()  # the POST's
                    data["version"] = str(
                        type(report).objects.get(pk=report.pk).version
                    )
                    form.data = data
            else:
                pending_uploads.discard(kept)
                messages.success(
                    request,
                    _("Report updated; the previous version is kept in the history."),
                )
                return redirect(task)
            finally:
                for upload in uploads:
                    upload.file.close()
        else:
            messages.error(
                request,
                _("The report was not saved: correct the fields marked below."),
            )
            kept += _keep_chosen(request, form, form_key)
    return render(
        request,
        "workspace/report_edit.html",
        {"report": report, "task": task, "form": form, "kept_files": kept},
    )


def evidence_download(
    request: AuthenticatedHttpRequest, evidence_id: int
) -> HttpResponseBase:
    """Only through here, and only for a user who may see the task."""
    evidence = get_object_or_404(
        selectors.evidence_visible_to(user=request.user), pk=evidence_id
    )
    if (wrong := wrong_method(request, "GET")) is not None:
        return wrong
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The stored file is missing.")) from exc
    # ``?inline=1``: an image or PDF shown in the task page (an <img> or a
    # same-origin <iframe>); anything else is always a download.
    inline = request.GET.get("inline") == "1" and bool(evidence.preview_kind)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self'; object-src 'self'; "
            "frame-ancestors 'self'"
        )
    return response


def evidence_delete(
    request: AuthenticatedHttpRequest, evidence_id: int
) -> HttpResponse:
    """GET: the question (without JavaScript); POST: the removal. From the
    edit page (htmx, after the browser's confirmation) only the file's row is
    replaced, so what was typed on the page stays."""
    evidence = get_object_or_404(
        selectors.evidence_visible_to(user=request.user).select_related(
            "report__task__unit"
        ),
        pk=evidence_id,
    )
    task = evidence.report.task
    if (wrong := wrong_method(request, "GET", "POST")) is not None:
        return wrong
    _require_reporter(request, task)
    if request.method == "GET":
        return render(
            request,
            "workspace/evidence_delete.html",
            {"evidence": evidence, "task": task},
        )
    error = ""
    evidence_pk = evidence.pk  # deleting the row clears it
    try:
        work.evidence_delete(evidence=evidence, user=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    done = _("“%(name)s” removed.") % {"name": evidence.original_name}
    if request.htmx:
        return render(
            request,
            "workspace/snippets/evidence_row.html",
            {
                "evidence": evidence,
                "evidence_pk": evidence_pk,
                "task": task,
                "error": error,
                "done": done,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("workspace:report_edit", report_id=evidence.report_id)


def _transition(
    request: AuthenticatedHttpRequest,
    task_id: int,
    service: Callable[..., Task],
    success: str,
) -> HttpResponse:
    """Start or finish a task: scoped lookup, POST only, reporter only."""
    task = _visible_task(request, task_id)
    if (wrong := wrong_method(request, "POST")) is not None:
        return wrong
    _require_reporter(request, task)
    try:
        service(task=task, user=request.user)
    except ValidationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, success)
    return redirect(task)


def task_start(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    return _transition(request, task_id, work.task_start, _("Task started."))


def task_done(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """Done only with a report (the service refuses otherwise, with a message)."""
    return _transition(request, task_id, work.task_mark_done, _("Task marked done."))


def task_reopen(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = _visible_task(request, task_id)
    if (wrong := wrong_method(request, "POST")) is not None:
        return wrong
    if not can_reopen_task(request.user, task):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the task is reopened."))
        return _task_page(request, task, reopen_form=form)
    try:
        work.task_reopen(
            task=task, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("Task reopened; the unit head was notified."))
    return redirect(task)
