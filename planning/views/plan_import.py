"""Importing a plan's activities from a file: the template, the upload, the
preview of every row and the save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from campaigns.models import Plan

from .. import importing
from ..forms.settling import column_choices, name_choices
from ..forms.uploads import ImportOptionsForm, ImportUploadForm
from ..importing.report import counts_line
from .common import closed_redirect, editors_only
from .import_settling import settle_context, settle_names


@editors_only
@require_GET
def plan_import_template(
    request: AuthenticatedHttpRequest, plan_id: int
) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id)
    content = importing.template_workbook(plan=plan)
    response = HttpResponse(content, content_type=importing.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="mau-nhap-hoat-dong-{plan.year}.xlsx"'
    )
    return response


SESSION_IMPORT_KEY = "planning_import"


def _import_page(
    request: AuthenticatedHttpRequest,
    plan: Plan,
    form: ImportUploadForm,
    preview: importing.ImportPreview | None = None,
    options_form: ImportOptionsForm | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "plan": plan,
        "form": form,
        "preview": preview,
        "options_form": options_form or ImportOptionsForm(plan=plan),
    }
    if preview is not None:
        context.update(settle_context(plan, preview))
    return render(request, "planning/plan_import.html", context)


@editors_only
@require_http_methods(["GET", "POST"])
def plan_import(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Upload → preview of every row as read → (choices, check again) → save."""
    plan = get_object_or_404(Plan, pk=plan_id)
    if plan.is_closed:
        return closed_redirect(request, plan, plan.get_absolute_url())
    if request.method == "GET":
        return _import_page(request, plan, ImportUploadForm())
    if "confirm" in request.POST or "recheck" in request.POST:
        return _import_stored(request, plan, save="confirm" in request.POST)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, plan, form)
    upload = form.cleaned_data["file"]
    table = form.cleaned_data.get("table")
    try:
        read = importing.read_file(
            upload, upload.name, table=table - 1 if table else None
        )
    except ValidationError as exc:
        form.add_error("file", exc)
        return _import_page(request, plan, form)
    request.session[SESSION_IMPORT_KEY] = {
        "plan": plan.pk,
        "name": upload.name,
        "read": read.to_json(),
    }
    options_form = ImportOptionsForm({}, plan=plan)
    preview = importing.validate_rows(
        plan=plan, read=read, options=options_form.to_options()
    )
    return _import_page(request, plan, ImportUploadForm(), preview, options_form)


def _import_stored(
    request: AuthenticatedHttpRequest, plan: Plan, *, save: bool
) -> HttpResponse:
    stored = request.session.get(SESSION_IMPORT_KEY)
    if not stored or stored.get("plan") != plan.pk:
        messages.error(request, _("Upload the file again: the preview has expired."))
        return redirect("planning:plan_import", plan_id=plan.pk)
    read = importing.ReadResult.from_json(stored["read"])
    settled = settle_names(request, name_choices(request.POST))
    mapping = column_choices(request.POST)
    if mapping is not None and mapping != read.mapping:
        try:
            read = importing.remap(read, mapping)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            stored["read"] = read.to_json()
            request.session[SESSION_IMPORT_KEY] = stored
            settled = True
    options_form = ImportOptionsForm(request.POST, plan=plan)
    options = options_form.to_options()
    if settled or not save or not options_form.is_valid():
        preview = importing.validate_rows(plan=plan, read=read, options=options)
        return _import_page(request, plan, ImportUploadForm(), preview, options_form)
    try:
        result = importing.import_rows(
            plan=plan, read=read, options=options, user=request.user
        )
    except importing.ImportInvalid as exc:
        messages.error(
            request,
            _("The file is no longer valid against the plan; nothing was saved."),
        )
        return _import_page(
            request, plan, ImportUploadForm(), exc.preview, options_form
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(plan)
    del request.session[SESSION_IMPORT_KEY]
    messages.success(
        request,
        _("%(count)s activities imported from %(name)s.")
        % {"count": len(result.activities), "name": stored["name"]}
        + " "
        + result.summary.message()
        + " "
        + counts_line(result.preview),
    )
    return redirect(reverse("planning:activity_list") + f"?plan={plan.pk}")
