"""manage.py restore DIR: put a backup back, database and private files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ops.backup import backup_restore, backup_verify
from organisation.scoping import across_organisations_call


class Command(BaseCommand):
    help = (
        "Replace the whole database and the private files with a backup written by "
        "`manage.py backup`. Stop the web server and the workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The backup folder.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify the backup's checksums; change nothing.",
        )

    @across_organisations_call
    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        try:
            manifest = backup_verify(source=source)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        summary = _(
            "Backup of %(created)s: the database (%(format)s) and %(files)d files."
        ) % {
            "created": manifest["created_at"],
            "format": manifest["database"]["format"],
            "files": len(manifest["media"]),
        }
        if options["check"]:
            self.stdout.write(
                self.style.SUCCESS(summary + " " + _("Every checksum is correct."))
            )
            return
        if options["interactive"]:
            answer = input(
                summary
                + "\n"
                + _(
                    "This REPLACES every record and file of this installation. "
                    "Type 'yes' to continue: "
                )
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled; nothing was changed."))
        try:
            result = backup_restore(source=source)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored the database (%(format)s) and %(files)d files.")
                % {"format": result.database_format, "files": result.files}
            )
        )
        if result.replaced_media:
            self.stdout.write(
                _("The files found before are kept in %(path)s")
                % {"path": result.replaced_media}
            )
        if result.migrations_behind:
            self.stdout.write(
                self.style.WARNING(
                    _("The backup predates this version: run `manage.py migrate` now.")
                )
            )
