"""Recount the progress counters from the tasks (campaigns.tallies)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from campaigns.models import Plan
from campaigns.tallies import tallies_match_a_recount, tallies_rebuild
from organisation.scoping import across_organisations_call


class Command(BaseCommand):
    help = _(
        "Recount the progress counters that dashboards read from the tasks: after "
        "loading data around the application, or to repair them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--plan", type=int, action="append", help=_("Only this plan (its id).")
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Only compare the counters with a recount; change nothing."),
        )

    @across_organisations_call
    def handle(self, *args: Any, **options: Any) -> None:
        plan_ids = options["plan"]
        if plan_ids:
            missing = set(plan_ids) - set(
                Plan.objects.filter(pk__in=plan_ids).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(
                    _("No plan with id %(id)s.")
                    % {"id": ", ".join(map(str, sorted(missing)))}
                )
        if options["check"]:
            if wrong := tallies_match_a_recount(plan_ids):
                for line in wrong:
                    self.stderr.write(line)
                raise CommandError(
                    _(
                        "The progress counters differ from a recount (above): "
                        "run rebuild_tallies."
                    )
                )
            self.stdout.write(_("The progress counters equal a recount."))
            return
        rows = tallies_rebuild(plan_ids=plan_ids)
        self.stdout.write(
            _("Progress counters recounted: %(rows)d rows.") % {"rows": rows}
        )
