"""``manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]``.

The same sweep as the Celery beat task, without a worker: the digests are sent
from this process. ``--dry-run`` prints who would get what and changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.digests import (
    SECTION_ORDER,
    delta_label,
    is_transient_mail_error,
    reminder_digest_deliver,
    section_title,
)
from campaigns.models import Reminder
from campaigns.reminders import (
    UNREACHABLE_REASONS,
    SweepPlan,
    reminders_plan,
    reminders_sweep,
)
from organisation.scoping import across_organisations_call


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("invalid date %(value)r: use YYYY-MM-DD, e.g. 2024-06-15")
            % {"value": value}
        ) from None


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


class Command(BaseCommand):
    help = (
        "Send the reminder digests of a day (default today): the same sweep as the "
        "Celery beat task, without a worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=iso_date, help="the day to sweep, YYYY-MM-DD (default today)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print who would get what; send and record nothing",
        )

    @across_organisations_call
    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or timezone.localdate()
        with translation.override(settings.LANGUAGE_CODE):
            if options["dry_run"]:
                self._print_plan(reminders_plan(day=day))
            else:
                self._sweep(day)

    def _print_plan(self, plan: SweepPlan) -> None:
        write = self.stdout.write
        write(
            _("Reminders of %(day)s (dry run: nothing is sent or recorded)")
            % {"day": _day(plan.day)}
        )
        grouped = plan.by_recipient()
        for key, reminders in grouped.items():
            how = _("e-mail") if key.email else _("in-app only")
            write("")
            write(f"{plan.labels.get(key, key.email)} [{how}]")
            for section in SECTION_ORDER:
                items = sorted(
                    (r for r in reminders if r.section == section),
                    key=lambda r: (r.days_offset, r.unit_name, r.task_id),
                )
                if not items:
                    continue
                write(f"  {section_title(section)} ({len(items)})")
                for r in items:
                    write(
                        f"    - #{r.task_id} {r.activity_title} · {r.unit_name} · "
                        f"{_day(r.due_date)} ({delta_label(r.days_offset)})"
                    )
        write("")
        for unit, reason in sorted(plan.unreachable_units.items()):
            write(
                _("Unit without a reachable recipient: %(unit)s (%(reason)s)")
                % {"unit": unit, "reason": UNREACHABLE_REASONS[reason]}
            )
        if plan.no_planner:
            write(_("Warning: no active planner to escalate to."))
        emails = sum(1 for key in grouped if key.email)
        write(
            _(
                "Total: %(recipients)d recipients, %(emails)d e-mails, "
                "%(reminders)d reminders; %(recorded)d already recorded."
            )
            % {
                "recipients": len(grouped),
                "emails": emails,
                "reminders": len(plan.reminders),
                "recorded": plan.already_recorded,
            }
        )

    def _sweep(self, day: dt.date) -> None:
        result = reminders_sweep(day=day)
        failed = 0
        sent = 0
        for key in result.recipients:
            try:
                outcome = reminder_digest_deliver(day=day, recipient=key)
            except Exception as exc:
                if not is_transient_mail_error(exc):
                    raise
                failed += 1
                self.stderr.write(
                    _("%(email)s: not sent (%(error)s); run again to retry.")
                    % {"email": key.email, "error": exc}
                )
                continue
            sent += outcome.emailed
            if outcome.status == Reminder.Status.FAILED:
                failed += 1
                self.stderr.write(
                    _("%(email)s: refused (%(error)s).")
                    % {"email": key.email, "error": outcome.error}
                )
        self.stdout.write(
            ngettext(
                "Reminders of %(day)s: %(created)d recorded, %(sent)d e-mail sent, "
                "%(recipients)d recipients.",
                "Reminders of %(day)s: %(created)d recorded, %(sent)d e-mails sent, "
                "%(recipients)d recipients.",
                sent,
            )
            % {
                "day": _day(day),
                "created": result.reminders_created,
                "sent": sent,
                "recipients": len(result.recipients),
            }
        )
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)d digest could not be sent; run the command again "
                    "to retry.",
                    "%(count)d digests could not be sent; run the command again "
                    "to retry.",
                    failed,
                )
                % {"count": failed}
            )
