"""The daily reminder sweep: who is reminded of which task (the digest e-mails
that deliver the reminders are :mod:`campaigns.digests`).

The sweep has two halves, so that a crash or an SMTP error never loses a reminder
and never sends one twice:

1. :func:`reminders_sweep` records one :class:`~campaigns.models.Reminder` row per
   (task, recipient, kind, day) as *pending*, in one ``INSERT ... SELECT ... ON
   CONFLICT DO NOTHING`` that the database runs whole (no task is read into
   Python). The unique constraints on that table make a second sweep of the same
   day (or a concurrent one) record nothing new. It returns the recipients that
   have pending rows for the day. ``send_reminders --dry-run`` reads the same
   candidate rows (:func:`reminders_plan`), so the rules are written once, in
   the candidates' SQL (:mod:`.candidates`), fed by :class:`ReminderRules` and
   :func:`due_tasks` (:mod:`.rules`).
2. :func:`campaigns.digests.reminder_digest_deliver` sends each recipient's
   pending rows as one digest, exactly once (see that module).

The dashboard reads whether the sweep runs from :mod:`.status`. This package's
names below are its public surface; its modules are its own.
"""

from .candidates import UNREACHABLE_REASONS, RecipientKey
from .plan import SweepPlan, reminders_plan
from .rules import ReminderRules, due_tasks, remindable_tasks
from .status import installed_at, reminder_sweep_status
from .sweep import SweepResult, reminders_record, reminders_sweep

__all__ = [
    "UNREACHABLE_REASONS",
    "RecipientKey",
    "ReminderRules",
    "SweepPlan",
    "SweepResult",
    "due_tasks",
    "installed_at",
    "reminder_sweep_status",
    "reminders_plan",
    "reminders_record",
    "reminders_sweep",
    "remindable_tasks",
]
