"""A parent organisation's pages over its children: the roll-up of their plans
of a year (sortable, with totals and an xlsx) and each child's dashboard,
read-only.

Open to the planners, administrators and leaders of an organisation that has
active children (anyone else: 403 for the role, 404 without children). The
children's rows are read in their scope by :mod:`reports.rollup`; the pages
link nowhere into a child's own pages, and every write stays refused there:
the policy (``campaigns.policy``) reads the roles held in the child, where the
parent's people hold none.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.roles import DISTRICT_ROLES, REPORT_EXPORT_ROLES
from nuithanh_cchc.params import parse_int
from nuithanh_cchc.replica import reads_from_replica
from organisation.models import Organisation
from organisation.scoping import acting_in
from organisation.selectors import request_organisation
from planning import dashboard as dashboards
from planning.views.dashboard import chart_labels

from .exports.rollup_xlsx import write_rollup_xlsx
from .rollup import (
    Rollup,
    child_get,
    rollup_build,
    rollup_rows,
)
from .rollup_sorting import rollup_sorted, sort_parse
from .rollup_view import rollup_lines
from .selectors import year_in_range

# The roll-up's xlsx, as the yearly report's files.
EXPORT_ROLES = REPORT_EXPORT_ROLES
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (key of ?sort=, heading): the columns a reader may sort by, in their order.
COLUMNS = (
    ("name", pgettext_lazy("roll-up", "Organisation")),
    ("completion", gettext_lazy("Completion")),
    ("on_time", gettext_lazy("On time")),
    ("late", gettext_lazy("Late")),
    ("overdue", gettext_lazy("Overdue")),
    ("output", gettext_lazy("Outputs")),
    ("spend", gettext_lazy("Spend / budget (VND)")),
    ("par", gettext_lazy("PAR points")),
)


def _parent(request: HttpRequest) -> Organisation:
    """The organisation the request works in, if it has active children."""
    organisation = request_organisation(request)
    if (
        organisation.pk is None
        or not organisation.children.filter(is_active=True).exists()
    ):
        raise Http404
    return organisation


def _year(request: HttpRequest, today: dt.date, *, warn: bool) -> int:
    """``?year=``, else this year; a value that is not a year a plan may have
    falls back to this year, with a message."""
    raw = request.GET.get("year", "").strip()
    if not raw:
        return today.year
    year = parse_int(raw, max_value=9999)
    if year is not None and year_in_range(year):
        return year
    if warn:
        messages.error(
            request,
            _("“%(value)s” is not a year; %(year)s is shown.")
            % {"value": raw[:20], "year": today.year},
        )
    return today.year


def _sort(request: HttpRequest, *, warn: bool) -> tuple[str, bool]:
    """``?sort=`` (a column, "-" first for descending), else by name; a column
    that does not exist falls back to the name, with a message."""
    raw = request.GET.get("sort", "")
    parsed = sort_parse(raw)
    if parsed is not None:
        return parsed
    if warn:
        messages.error(
            request,
            _("“%(value)s” is not a column to sort by; sorted by name.")
            % {"value": raw.strip()[:30]},
        )
    return "name", False


def _columns(year: int, key: str, descending: bool) -> list[dict[str, Any]]:
    """Each sortable heading with the link that sorts by it (the sorted column's
    link turns the order round) and its state for screen readers."""
    columns = []
    for name, label in COLUMNS:
        current = name == key
        # Figures read best largest first; names from A.
        first_descending = name != "name"
        flip = (not descending) if current else first_descending
        query = {"year": year, "sort": f"-{name}" if flip else name}
        columns.append(
            {
                "key": name,
                "label": label,
                "href": "?" + urlencode(query),
                "aria_sort": (
                    ("descending" if descending else "ascending") if current else None
                ),
            }
        )
    return columns


def _rollup(request: HttpRequest, *, warn: bool) -> tuple[Rollup, str, bool]:
    parent = _parent(request)
    today = timezone.localdate()
    year = _year(request, today, warn=warn)
    key, descending = _sort(request, warn=warn)
    rollup = rollup_build(parent=parent, year=year, today=today)
    rollup.rows = rollup_sorted(rollup.rows, key, descending=descending)
    return rollup, key, descending


@require_GET
@role_required(*DISTRICT_ROLES)
@reads_from_replica
def rollup_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    rollup, key, descending = _rollup(request, warn=True)
    sort = f"-{key}" if descending else key
    lines, total = rollup_lines(rollup)
    return render(
        request,
        "reports/rollup.html",
        {
            "rollup": rollup,
            "lines": lines,
            "total": total,
            "columns": _columns(rollup.year, key, descending),
            "sort": sort,
            "sort_choices": _sort_choices(),
            "can_export": request.user.has_role(*EXPORT_ROLES),
            "export_query": "?" + urlencode({"year": rollup.year, "sort": sort}),
        },
    )


def _sort_choices() -> list[tuple[str, str]]:
    """The phone's "sort by" list: the name, then each figure both ways."""
    choices = [("name", _("Name (A to Z)"))]
    for name, label in COLUMNS[1:]:
        choices.append((f"-{name}", _("%(column)s: highest first") % {"column": label}))
        choices.append((name, _("%(column)s: lowest first") % {"column": label}))
    return choices


@require_GET
@role_required(*EXPORT_ROLES)
@reads_from_replica
def rollup_export(request: AuthenticatedHttpRequest) -> FileResponse:
    """The roll-up as shown (year and order) as an xlsx workbook."""
    rollup, _key, _descending = _rollup(request, warn=False)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_rollup_xlsx(rollup, out)
    out.seek(0)
    name = slugify(rollup.parent.short_name or rollup.parent.name) or "don-vi"
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"tong-hop-cchc-{name}-{rollup.year}.xlsx",
        content_type=XLSX,
    )


@require_GET
@role_required(*DISTRICT_ROLES)
@reads_from_replica
def rollup_child(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """One child's plan of the year as its dashboard shows it, read-only: read
    in the child's scope, with no link into its pages and no action."""
    parent = _parent(request)
    child = child_get(parent, child_id)
    if child is None:
        raise Http404
    today = timezone.localdate()
    year = _year(request, today, warn=True)
    row = rollup_rows([child], year=year, today=today)[0]
    data = None
    if row.plan is not None:
        with acting_in([child.pk]):
            data = dashboards.dashboard(user=request.user, plan=row.plan, today=today)
    return render(
        request,
        "reports/rollup_child.html",
        {
            "parent": parent,
            "child": child,
            "year": year,
            "today": today,
            "row": row,
            "data": data,
            "chart_data": data.chart_data() if data is not None else None,
            "chart_labels": chart_labels(),
            "back_query": "?" + urlencode({"year": year}),
        },
    )
