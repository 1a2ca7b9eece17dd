"""manage.py backup --output DIR: the database and the private files, verifiable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ops.backup import backup_create
from organisation.scoping import across_organisations_call


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, else a JSON dump) and the "
        "private files (signed plans, evidence) into a new folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            required=True,
            type=Path,
            help="New or empty folder, e.g. /var/backups/cchc/2024-06-15",
        )
        parser.add_argument(
            "--database-format",
            choices=["auto", "pg_dump", "json"],
            default="auto",
            help="auto: pg_dump on PostgreSQL, json elsewhere.",
        )

    @across_organisations_call
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(
                output=Path(options["output"]),
                database_format=options["database_format"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backup written to %(path)s: the database (%(format)s) and "
                    "%(files)d files, %(size).1f MB."
                )
                % {
                    "path": result.path,
                    "format": result.database_format,
                    "files": result.files,
                    "size": result.total_bytes / 1e6,
                }
            )
        )
