"""Progress counters, derived from the tasks (see :mod:`campaigns.tallies`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .activities import Activity
from .plans import Plan
from .tasks import Task


class TaskTally(models.Model):
    """Progress counters: how many tasks of one plan share one key.

    Dashboards and plan lists read these rows instead of the plan's tasks, so
    their cost follows the number of channels, units, audience groups and days,
    not of tasks. A task counts once in its channel's row, once in its unit's
    row and once in the row of each audience group of its activity, on its due
    date, with its status, whether a report of it was accepted and whether one
    waits for review: every figure of :func:`counts_as_done` and
    :func:`awaits_review` can be read back whatever ``REPORT_REVIEW_REQUIRED``
    says. Kept by the writing services, in their transaction
    (:mod:`campaigns.tallies`), never by a model's ``save()``; a write around
    the services leaves them stale until ``manage.py rebuild_tallies``
    recounts them from the tasks (``--check`` tells).
    """

    class Dimension(models.TextChoices):
        CHANNEL = "channel", _("channel")
        UNIT = "unit", _("unit")
        # A unit's tasks by month (due_date is the month's first day): the
        # overdue figures of past months without a row per unit and day.
        UNIT_MONTH = "unit_mon", _("unit by month")
        AUDIENCE = "audience", _("audience group")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("plan")
    )
    dimension = models.CharField(
        _("dimension"), max_length=8, choices=Dimension.choices
    )
    # The channel, unit or audience group, by dimension (no foreign key: one
    # column serves three tables).
    key_id = models.PositiveIntegerField(_("key"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Task.Status.choices)
    accepted = models.BooleanField(_("accepted"))
    awaiting_review = models.BooleanField(_("awaiting review"))
    # A plain integer: a counter that drifted below zero must never make a
    # user's write fail; the rebuild command puts it right.
    tasks = models.IntegerField(_("tasks"))

    class Meta:
        verbose_name = _("progress counter")
        verbose_name_plural = _("progress counters")
        constraints = [
            # Leads with what is read: one plan's dimension, by status and day
            # (overdue = open statuses before today).
            models.UniqueConstraint(
                fields=(
                    "plan",
                    "dimension",
                    "status",
                    "due_date",
                    "key_id",
                    "accepted",
                    "awaiting_review",
                ),
                name="tally_one_row_per_key",
            ),
        ]
        indexes = [
            # One unit's counters across plans (a head's /my-tasks/).
            models.Index(
                fields=("key_id", "dimension", "due_date"), name="tally_key_day_idx"
            ),
        ]

    def __str__(self) -> str:
        day = f"{self.due_date:%d/%m/%Y}"
        return f"{self.dimension} {self.key_id} · {day} · {self.tasks}"


class ActivityMonth(models.Model):
    """One activity's live tasks due in one month, for the dashboard's list of
    the month's activities: the first ones by first due date are read from an
    index, whatever the number of activities. Rewritten by the writing services
    for the months a write touches (:mod:`campaigns.tallies`)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="months",
        verbose_name=_("activity"),
    )
    month = models.DateField(_("month"))
    first_due = models.DateField(_("first due date"))
    tasks = models.PositiveIntegerField(_("tasks"))
    units = models.PositiveIntegerField(_("units"))
    # Done as the unit says, and done with an accepted report: "done" is one or
    # the other by REPORT_REVIEW_REQUIRED (counts_as_done).
    done_tasks = models.PositiveIntegerField(_("done"))
    accepted_tasks = models.PositiveIntegerField(_("accepted"))

    class Meta:
        verbose_name = _("activity month")
        verbose_name_plural = _("activity months")
        constraints = [
            models.UniqueConstraint(
                fields=("activity", "month"), name="activity_month_once"
            )
        ]
        indexes = [
            models.Index(
                fields=("plan", "month", "first_due"), name="activity_month_list_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.month:%m/%Y} · {self.tasks}"
