"""List (and on request delete) stored files that no row refers to any more."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.files.storage import Storage
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.models import EvidenceFile, Plan, private_storage
from organisation.scoping import across_organisations_call

FOLDERS = ("evidence", "plans")


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def orphaned_files() -> list[str]:
    """Names in the private storage's upload folders that no row refers to."""
    storage = private_storage()
    known = set(EvidenceFile.objects.values_list("file", flat=True))
    known |= set(
        Plan.objects.exclude(signed_file="").values_list("signed_file", flat=True)
    )
    return sorted(
        name
        for folder in FOLDERS
        for name in _walk(storage, folder)
        if name not in known
    )


class Command(BaseCommand):
    help = _(
        "List the stored evidence and signed-plan files that no record refers to "
        "(left behind by an interrupted upload or an old deletion)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delete",
            action="store_true",
            help=_("Delete the files listed (after checking the list)."),
        )

    @across_organisations_call
    def handle(self, *args: Any, **options: Any) -> None:
        storage = private_storage()
        names = orphaned_files()
        for name in names:
            self.stdout.write(name)
        if options["delete"]:
            for name in names:
                storage.delete(name)
            self.stdout.write(
                ngettext(
                    "%(count)d orphaned file deleted.",
                    "%(count)d orphaned files deleted.",
                    len(names),
                )
                % {"count": len(names)}
            )
            return
        self.stdout.write(
            ngettext(
                "%(count)d orphaned file (no record refers to it).",
                "%(count)d orphaned files (no record refers to them).",
                len(names),
            )
            % {"count": len(names)}
        )
