"""``manage.py import_activities PATH.xlsx --plan ID [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns.models import Plan
from planning import importing
from planning.services import ensure_plan_open


class Command(BaseCommand):
    help = (
        "Import a plan's activities from an Excel workbook (the template of "
        "/plans/<id>/import). Nothing is saved unless every row is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the .xlsx file")
        parser.add_argument("--plan", type=int, required=True, help="plan id")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check every row and report, save nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            plan = Plan.objects.get(pk=options["plan"])
        except Plan.DoesNotExist as exc:
            raise CommandError(f"No plan with id {options['plan']}.") from exc
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{path}: only .xlsx files can be imported.")
        size = path.stat().st_size
        if size == 0:
            raise CommandError(f"{path}: the file is empty.")
        if size > settings.IMPORT_MAX_BYTES:
            raise CommandError(
                f"{path}: {size} bytes, over the limit of "
                f"{settings.IMPORT_MAX_BYTES} bytes."
            )
        try:
            ensure_plan_open(plan)
            with path.open("rb") as handle:
                rows = importing.read_workbook(handle)
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc

        preview = importing.validate_rows(plan=plan, rows=rows)
        for row in preview.error_rows:
            for error in row.errors:
                self.stderr.write(f"row {row.number}: {error}")
        if not preview.is_valid:
            raise CommandError(
                f"{len(preview.error_rows)} of {len(preview.rows)} rows have errors; "
                "nothing was saved."
            )
        if options["dry_run"]:
            self.stdout.write(
                f"{len(preview.rows)} rows are valid: {len(preview.rows)} activities, "
                f"about {preview.task_count} tasks would be created in “{plan}”. "
                "Dry run: nothing was saved."
            )
            return
        try:
            result = importing.import_rows(plan=plan, rows=rows, user=None)
        except importing.ImportInvalid as exc:
            raise CommandError(
                "The rows no longer validate; nothing was saved."
            ) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.activities)} activities imported into “{plan}”. "
                f"{result.summary.message()}"
            )
        )
