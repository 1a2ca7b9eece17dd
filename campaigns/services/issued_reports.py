"""Issuing a periodic report into its organisation's register.

An issued report is a record: this module creates it, with the files it was
issued as and the figures it printed, and nothing changes or deletes it
afterwards (no service does; the admin shows it read-only). A mistake is put
right by a correction: a new version, with a number of its own, that names the
report it replaces; a report is replaced at most once.

Who may issue: :func:`campaigns.policy.can_issue_reports`. The files and the
figures are made by the reports pages (``reports.register``), which this domain
module does not import: it stores what it is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import IssuedReport, IssuedReportFile, Plan
from ..policy import can_issue_reports, require

# "25", "25a", "25.1", "25-2": what offices write before the symbol.
NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")


@dataclass(frozen=True)
class IssueFacts:
    """What the signer gives a report when issuing it."""

    number: str
    issued_on: dt.date
    signer_name: str


@dataclass(frozen=True)
class IssuedContent:
    """One file as issued: ``kind`` an :class:`IssuedReportFile.Kind` value."""

    kind: str
    filename: str
    content: bytes


def issue_facts_check(*, facts: IssueFacts, as_of: dt.date) -> None:
    """Raise ``ValidationError`` (by field) unless ``facts`` can be issued for
    figures as of ``as_of``: a number, a signer, a date not in the future and
    not before the figures' day."""
    errors: dict[str, str] = {}
    if not NUMBER.match(facts.number.strip()):
        errors["number"] = _(
            "Write the report's number as offices do: digits, letters, “.” or “-”, "
            "at most 20 characters (e.g. 25)."
        )
    if not facts.signer_name.strip():
        errors["signer_name"] = _("Write the name of the person who signs.")
    today = timezone.localdate()
    if facts.issued_on > today:
        errors["issued_on"] = _("A report cannot be issued on a day still to come.")
    elif facts.issued_on < as_of:
        errors["issued_on"] = _(
            "The issue date comes before the day of its figures (%(as_of)s)."
        ) % {"as_of": as_of.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)


def _replaced_check(replaced: IssuedReport, plan: Plan, period: str) -> None:
    if replaced.plan_id != plan.pk or replaced.period != period:
        raise ValidationError(
            _("A correction replaces a report of the same plan and period."),
            code="other_report",
        )
    if IssuedReport.objects.filter(replaces=replaced).exists():
        raise ValidationError(
            _("Report No. %(reference)s has already been replaced by a correction.")
            % {"reference": replaced.reference},
            code="replaced",
        )


@transaction.atomic
def issued_report_issue(
    *,
    actor: User,
    plan: Plan,
    period: str,
    as_of: dt.date,
    facts: IssueFacts,
    symbol: str,
    title: str,
    figures: dict[str, Any],
    files: Sequence[IssuedContent],
    replaces: IssuedReport | None = None,
) -> IssuedReport:
    """Record ``plan``'s report of ``period`` as of ``as_of`` as issued by
    ``actor`` with ``facts``, keeping ``figures`` and ``files`` as given.

    Raises ``PermissionDenied`` unless ``actor`` may issue the plan's reports,
    ``ValidationError`` for a draft plan, bad facts, a number already in the
    register that year, or a ``replaces`` of another plan or period, or already
    replaced.
    """
    require(can_issue_reports, actor, plan)
    if plan.is_draft:
        raise ValidationError(
            _("A draft plan has no report to issue: issue the plan first."),
            code="draft",
        )
    issue_facts_check(facts=facts, as_of=as_of)
    number = facts.number.strip()
    if replaces is not None:
        replaces = IssuedReport.objects.select_for_update().get(pk=replaces.pk)
        _replaced_check(replaces, plan, period)
    taken = IssuedReport.objects.filter(
        organisation_id=plan.organisation_id,
        number=number,
        symbol=symbol,
        issued_on__year=facts.issued_on.year,
    )
    if taken.exists():
        raise ValidationError(
            {
                "number": _(
                    "Report No. %(reference)s of %(year)s is already in the register."
                )
                % {"reference": f"{number}/{symbol}", "year": facts.issued_on.year}
            }
        )
    record = IssuedReport.objects.create(
        organisation_id=plan.organisation_id,
        plan=plan,
        year=plan.year,
        period=period,
        as_of=as_of,
        number=number,
        symbol=symbol,
        issued_on=facts.issued_on,
        signer_name=facts.signer_name.strip(),
        title=title,
        version=replaces.version + 1 if replaces is not None else 1,
        replaces=replaces,
        figures=figures,
        issued_by=actor,
    )
    for item in files:
        stored = IssuedReportFile(
            report=record,
            kind=item.kind,
            filename=item.filename,
            size=len(item.content),
            sha256=hashlib.sha256(item.content).hexdigest(),
        )
        stored.file.save(item.filename, ContentFile(item.content), save=False)
        stored.save()
    return record
