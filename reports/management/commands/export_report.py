from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.models import Plan
from reports.exports import FORMATS
from reports.figures import ReportScope
from reports.periods import PeriodCode
from reports.selectors import (
    YEAR_MAX,
    YEAR_MIN,
    report_build,
    report_scope,
    year_in_range,
)


class Command(BaseCommand):
    help = _(
        "Export the report of a year or period (the same figures as "
        "/reports/<year>/) as xlsx, docx or csv, or the evidence bundle as zip."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help=_("the year"))
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            required=True,
            help=_("the file's format"),
        )
        parser.add_argument(
            "--output", type=Path, required=True, help=_("the file to write")
        )
        parser.add_argument(
            "--plan",
            type=int,
            help=_("Plan id, when several bodies have one that year."),
        )
        parser.add_argument(
            "--period",
            choices=PeriodCode.values,
            default=PeriodCode.YEAR,
            help=_("q1-q4, h1 (first 6 months), 9m or year (default)."),
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            help=_(
                "Figures as the tasks stood on this day (YYYY-MM-DD); default the "
                "period's last day, or today if earlier."
            ),
        )
        parser.add_argument(
            "--number", default="", help=_("The report's number, printed in the docx.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        if not year_in_range(year):
            raise CommandError(
                _("--year must be between %(low)s and %(high)s.")
                % {"low": YEAR_MIN, "high": YEAR_MAX}
            )
        export = FORMATS[options["format"]]
        output: Path = options["output"]
        if not output.parent.is_dir():
            raise CommandError(
                _("No such folder: %(folder)s") % {"folder": output.parent}
            )
        with translation.override(settings.LANGUAGE_CODE):
            arguments = {
                "year": year,
                "plan_id": options["plan"],
                "period": options["period"],
                "as_of": options["as_of"],
            }
            report: ReportScope
            try:
                if export.figures:
                    report = report_build(**arguments)
                    report.document_number = options["number"]
                else:  # the csv: the task detail only, no figure computed
                    report = report_scope(**arguments)
            except Plan.DoesNotExist as exc:
                raise CommandError(
                    _("Plan %(plan)s is not a plan of %(year)s.")
                    % {"plan": options["plan"], "year": year}
                ) from exc
            with output.open("wb") as out:
                export.write(report, out)
        what = str(report.plan) if report.plan else f"no plan for {year}, empty report"
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({what})."))
