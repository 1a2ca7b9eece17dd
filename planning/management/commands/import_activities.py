"""``manage.py import_activities PATH --plan ID --user NAME [options]``: the
page's import from the command line, with the same parser and the same preview,
in Vietnamese. The activities are saved as the account ``--user`` names, whose
right to edit the plan is checked like on the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from audiences.models import AudienceGroup
from campaigns.lifecycle import plan_ensure_writable
from campaigns.models import Plan
from channels.models import Channel
from organisation.scoping import acting_in
from planning import importing
from planning.importing.report import counts_line, preview_text
from planning.importing.text import normalise


def _pick(queryset: Any, value: str, fields: tuple[str, ...], what: str) -> int:
    """The id of the row whose id, name or code is ``value``."""
    if value.isascii() and value.isdigit():
        found = queryset.filter(pk=int(value)).first() or (
            queryset.filter(order=int(value)).first() if "title" in fields else None
        )
        if found is not None:
            return found.pk
    key = normalise(value)
    for item in queryset:
        if any(normalise(getattr(item, name)) == key for name in fields):
            return item.pk
    raise CommandError(
        _("Unknown %(what)s: “%(value)s”.") % {"what": what, "value": value}
    )


class Command(BaseCommand):
    help = _(
        "Import a plan's activities from an Excel (.xlsx) or Word (.docx) appendix. "
        "Nothing is saved unless every row is valid (or --skip-invalid)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=_("the .xlsx or .docx file"))
        parser.add_argument("--plan", type=int, required=True, help=_("plan id"))
        parser.add_argument(
            "--user",
            required=True,
            help=_("user name of the planner or administrator who imports"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("check and print, save nothing")
        )
        parser.add_argument(
            "--theme", help=_("theme (title, number or id) for rows naming none")
        )
        parser.add_argument(
            "--channel", help=_("channel (name, code or id) for rows naming none")
        )
        parser.add_argument(
            "--audience",
            action="append",
            default=[],
            help=_("audience group for rows naming none (repeatable)"),
        )
        parser.add_argument(
            "--shift-off-days",
            action="store_true",
            help=_("move dates on weekends and holidays to the previous working day"),
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=_("save the valid rows and list the others as skipped"),
        )
        parser.add_argument(
            "--table", type=int, help=_("sheet or table number (1, 2…) to read")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # In the plan's own organisation, as its planner on the page would be.
        organisation_id = (
            Plan._base_manager.filter(pk=options["plan"])
            .values_list("organisation_id", flat=True)
            .first()
        )
        with acting_in([organisation_id] if organisation_id else []):
            self._import(*args, **options)

    def _import(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path: Path = options["path"]
        try:
            plan = Plan.objects.get(pk=options["plan"])
        except Plan.DoesNotExist as exc:
            raise CommandError(
                _("No plan with id %(id)s.") % {"id": options["plan"]}
            ) from exc
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(
                _("No active account named “%(user)s”.") % {"user": options["user"]}
            )
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        size = path.stat().st_size
        if size == 0:
            raise CommandError(_("%(path)s: the file is empty.") % {"path": path})
        if size > settings.IMPORT_MAX_BYTES:
            raise CommandError(
                _("%(path)s: %(size)s bytes, over the limit of %(limit)s bytes.")
                % {"path": path, "size": size, "limit": settings.IMPORT_MAX_BYTES}
            )
        choices = importing.ImportOptions(
            shift_off_days=options["shift_off_days"],
            skip_invalid=options["skip_invalid"],
            table=options["table"] - 1 if options["table"] else None,
        )
        if options["theme"]:
            choices.theme = _pick(
                plan.themes.all(), options["theme"], ("title",), _("theme")
            )
        if options["channel"]:
            choices.channel = _pick(
                Channel.objects.all(),
                options["channel"],
                ("name", "code"),
                _("channel"),
            )
        choices.audiences = [
            _pick(
                AudienceGroup.objects.all(),
                value,
                ("name", "code"),
                _("audience group"),
            )
            for value in options["audience"]
        ]
        try:
            plan_ensure_writable(plan)
            with path.open("rb") as handle:
                read = importing.read_file(handle, path.name, table=choices.table)
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc

        preview = importing.validate_rows(plan=plan, read=read, options=choices)
        self.stdout.write(preview_text(preview))
        needs = {need for row in preview.error_rows for need in row.needs}
        if needs & {"theme", "channel", "audiences"}:
            self.stdout.write(
                _(
                    "Rows naming no theme, channel or audience: choose them for all "
                    "such rows with --theme, --channel and --audience."
                )
            )
        if not preview.is_valid:
            raise CommandError(
                _(
                    "%(errors)s of %(total)s rows have errors; nothing was saved "
                    "(correct them, or use --skip-invalid to save the others)."
                )
                % {"errors": len(preview.error_rows), "total": len(preview.rows)}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        try:
            result = importing.import_rows(
                plan=plan, read=read, options=choices, user=user
            )
        except importing.ImportInvalid as exc:
            raise CommandError(
                _("The rows no longer validate; nothing was saved.")
            ) from exc
        except PermissionDenied as exc:
            raise CommandError(
                _("%(user)s may not edit plans: nothing was saved.")
                % {"user": user.username}
            ) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s activities imported into “%(plan)s”.")
                % {"count": len(result.activities), "plan": plan}
                + " "
                + result.summary.message()
                + " "
                + counts_line(result.preview)
            )
        )
