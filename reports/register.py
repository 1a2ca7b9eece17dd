"""Issuing the report on the page into the organisation's register: the form
(number, date, signer), the files it is issued as (Word, Excel, the task
detail as csv) and the figures it printed, handed to
:func:`campaigns.services.issued_reports.issued_report_issue`, which keeps them.
"""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns.models import IssuedReport, IssuedReportFile
from campaigns.services.issued_reports import (
    IssuedContent,
    IssueFacts,
    issue_facts_check,
    issued_report_issue,
)

from .exports import FORMATS, export_filename
from .exports.to_docx.frame import document_title
from .figures import TaskCounts, YearReport


class IssueForm(forms.Form):
    """What the signer gives: the number, the issue date, who signs; and the
    report a correction replaces (a hidden id, checked by the service)."""

    number = forms.CharField(label=_("Report number"), max_length=20)
    issued_on = forms.DateField(
        label=_("Issue date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        ),
    )
    signer_name = forms.CharField(label=_("Signer"), max_length=100)
    replaces = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, as_of: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.as_of = as_of

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.as_of is not None and not self.errors:
            try:
                issue_facts_check(facts=self.facts(cleaned), as_of=self.as_of)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned

    def facts(self, cleaned: dict[str, Any] | None = None) -> IssueFacts:
        values = self.cleaned_data if cleaned is None else cleaned
        return IssueFacts(
            number=values["number"].strip(),
            issued_on=values["issued_on"],
            signer_name=values["signer_name"].strip(),
        )


def _counts(tasks: TaskCounts) -> dict[str, Any]:
    return {
        "total": tasks.total,
        "done": tasks.done,
        "done_on_time": tasks.done_on_time,
        "done_late": tasks.done_late,
        "awaiting_review": tasks.awaiting_review,
        "in_term": tasks.in_term,
        "overdue": tasks.overdue,
        "cancelled": tasks.cancelled,
        "planned_output": tasks.planned_output,
        "completion_rate": tasks.completion_rate,
    }


def report_figures(report: YearReport) -> dict[str, Any]:
    """The headline figures the issued files print, for the register."""
    output = report.output
    return {
        "tasks": _counts(report.tasks),
        "activities": {
            "planned": report.activities.planned,
            "completed": report.activities.completed,
            "in_progress": report.activities.in_progress,
            "with_overdue": report.activities.with_overdue,
            "cancelled": report.activities.cancelled,
            "budget": str(report.activities.budget),
        },
        "output": {
            "actual_output": output.actual_output,
            "participants": output.participants,
            "reach": output.reach,
            "actual_cost": str(Decimal(output.actual_cost)),
        },
        "par": {
            "total_points": str(report.par.total_points),
            "max_points": str(report.par.max_points),
        },
        "units": [
            {"label": row.label, "rank": row.rank, **_counts(row.tasks)}
            for row in report.by_unit
        ],
    }


def _filename(report: YearReport, extension: str) -> str:
    """ "bao-cao-cchc-2026-q3-so-25.docx"."""
    stem = export_filename(report, extension).removesuffix(f".{extension}")
    number = "".join(c if c.isalnum() else "-" for c in report.document_number)
    return f"{stem}-so-{number}.{extension}"


def report_files(report: YearReport) -> list[IssuedContent]:
    """The report written as each kept format."""
    files = []
    for kind in IssuedReportFile.Kind.values:
        out = io.BytesIO()
        FORMATS[kind].write(report, out)
        files.append(IssuedContent(kind, _filename(report, kind), out.getvalue()))
    return files


def _vietnamese_title(report: YearReport) -> str:
    """The title as the document prints it, whatever the person's language."""
    with translation.override("vi"):
        return document_title(report)


def report_issue(
    *,
    actor: User,
    report: YearReport,
    facts: IssueFacts,
    replaces: IssuedReport | None = None,
) -> IssuedReport:
    """Issue ``report`` (built for the page) with ``facts`` into the register.

    The report is copied, never changed: a cached build stays as it was.
    """
    if report.plan is None:
        raise ValidationError(
            _("There is no plan for this year: there is no report to issue."),
            code="no_plan",
        )
    issued = dataclasses.replace(
        report,
        document_number=facts.number,
        issued_on=facts.issued_on,
        signer_name=facts.signer_name,
    )
    return issued_report_issue(
        actor=actor,
        plan=report.plan,
        period=report.period.code,
        as_of=report.as_of,
        facts=facts,
        symbol=report.organisation.document_symbol or "BC-UBND",
        title=_vietnamese_title(issued),
        figures=report_figures(report),
        files=report_files(issued),
        replaces=replaces,
    )
