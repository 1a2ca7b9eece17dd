from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.seeding import demo_seed
from organisation.models import Organisation
from organisation.scoping import across_organisations


class Command(BaseCommand):
    help = "Load the 2024 Núi Thành plan and the demo accounts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (creates accounts with a known password).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds an organisation.",
        )

    def handle(self, *args: Any, force: bool, if_empty: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password; it refuses to run "
                "with DEBUG off. Use --force if you really mean it."
            )
        with across_organisations():
            if if_empty and Organisation.objects.exists():
                return
        counts = demo_seed(password=settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {counts}"))
