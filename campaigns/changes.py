"""What writing services announce after they change a plan's data."""

from __future__ import annotations


def plan_data_changed(plan_id: int) -> None:
    """Called inside the writing transaction by every service of
    :mod:`campaigns.services.work` and :mod:`campaigns.services.teamwork`
    that changes what a plan's figures show (reports, task status,
    acceptance): the one place to bump the plan's revision (after commit,
    ``transaction.on_commit``) for caches keyed by it. Nothing to do yet."""
