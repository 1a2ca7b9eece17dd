"""Revisions of a plan's data, read by the caches of figures derived from it
(see :mod:`campaigns.revisions`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .plans import Plan


class PlanRevision(models.Model):
    """How many times one part of a plan's data changed.

    A plan's activities are split into parts by id (``activity_id % PARTS``);
    a write bumps the parts of the activities it touched, after it commits, so
    a cache of figures keyed by the revisions of the parts it read is never
    stale and a write recomputes one part, not the whole year. A row appears
    on a part's first bump; a missing row reads as revision 0.
    """

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("plan"),
    )
    part = models.PositiveSmallIntegerField(_("part"))
    revision = models.BigIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        constraints = [
            models.UniqueConstraint(
                fields=("plan", "part"), name="plan_revision_one_row_per_part"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.part}: {self.revision}"
