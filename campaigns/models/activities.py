"""Planned communication activities."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audiences.models import AudienceGroup
from channels.models import Channel
from nuithanh_cchc.text import CleanTextMixin
from organisation.scoping import ScopedManager

from .. import recurrence
from ..history import TrackedHistory
from ..search import fold
from .plans import ContentTheme, Objective, Plan
from .units import Unit, with_search_field


class Activity(CleanTextMixin, models.Model):
    """A planned communication activity: once, or recurring by an RRULE."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("plan"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(
        ContentTheme,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("content theme"),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("channel"),
    )
    audience_groups = models.ManyToManyField(
        AudienceGroup, related_name="activities", verbose_name=_("audience groups")
    )
    objectives = models.ManyToManyField(
        Objective,
        related_name="activities",
        blank=True,
        verbose_name=_("objectives served"),
    )
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="led_activities",
        verbose_name=_("lead unit"),
    )
    supporting_units = models.ManyToManyField(
        Unit,
        related_name="supported_activities",
        blank=True,
        verbose_name=_("supporting units"),
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(
        _("due date"),
        help_text=_("For a recurring activity, the last day of the recurrence."),
    )
    recurrence = models.CharField(
        _("recurrence"),
        max_length=500,
        blank=True,
        help_text=_("RFC 5545 rule, e.g. FREQ=MONTHLY;BYMONTHDAY=25. Empty: once."),
    )
    shift_off_days = models.BooleanField(
        _("move weekend and holiday dates to the previous working day"),
        default=False,
    )
    planned_output = models.PositiveIntegerField(
        _("planned output per occurrence"), default=1
    )
    budget = models.DecimalField(
        _("budget (VND)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Handing down (campaigns.services.handover): a parent organisation's
    # activity names the kinds of its children that carry it out (``"commune
    # ward"``: "UBND các xã, phường"), or some children by name; each of them
    # receives a copy in its own plan of the year, whose ``source`` is this one.
    handed_to_kinds = models.CharField(
        _("handed to the children of these kinds"),
        max_length=100,
        blank=True,
        help_text=_(
            "Organisation kinds separated by spaces (commune ward special_zone): "
            "every child of those kinds receives the activity."
        ),
    )
    handed_to = models.ManyToManyField(
        "organisation.Organisation",
        related_name="handed_activities",
        blank=True,
        verbose_name=_("handed to these children"),
    )
    source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handed_copies",
        db_index=False,  # led by activity_source_plan_idx
        verbose_name=_("received from"),
        help_text=_("The parent organisation's activity this one was handed from."),
    )
    # Optimistic locking: a save states the version it was edited from.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_activities",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Title and description folded for search (campaigns.search), set by save().
    search_text = models.TextField(blank=True, editable=False)
    history = TrackedHistory(
        m2m_fields=[supporting_units, audience_groups], excluded_fields=["search_text"]
    )

    # Not a field: the reason simple-history stores with the next history record.
    _change_reason: str

    objects = ScopedManager["Activity"]("plan__organisation")

    class Meta:
        ordering = ("start_date", "title")
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")),
                name="activity_due_not_before_start",
                violation_error_message=_("The due date cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(planned_output__gte=0),
                name="activity_planned_output_not_negative",
                violation_error_message=_("The planned output cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="activity_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            # A plan receives a parent's activity once (re-issuing updates it).
            models.UniqueConstraint(
                fields=("plan", "source"),
                condition=Q(source__isnull=False),
                name="activity_received_once_per_plan",
            ),
        ]
        indexes = [
            # The roll-up's handed-down figures: the copies of a parent's
            # activities, by source (a partial index: only received rows).
            models.Index(
                fields=("source", "plan"),
                condition=Q(source__isnull=False),
                name="activity_source_plan_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.title} {self.description}")
        with_search_field(kwargs, {"title", "description"}, "search_text")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("planning:activity_detail", args=[self.pk])

    def clean(self) -> None:
        """The rule is validated by expanding it (``recurrence.validate_rule``)."""
        if self.recurrence and self.start_date and self.due_date:
            if self.due_date < self.start_date:
                return  # the constraint's message says it
            try:
                recurrence.validate_rule(
                    self.recurrence, self.start_date, self.due_date
                )
            except ValidationError as exc:
                raise ValidationError({"recurrence": exc.messages}) from exc

    @property
    def handed_kinds(self) -> list[str]:
        """The organisation kinds of :attr:`handed_to_kinds`, as a list."""
        return [kind for kind in self.handed_to_kinds.replace(",", " ").split() if kind]

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence.strip())

    def occurrence_dates(self) -> list[dt.date]:
        return recurrence.occurrence_dates(
            rule=self.recurrence,
            start=self.start_date,
            end=self.due_date,
            shift_off_days=self.shift_off_days,
        )
