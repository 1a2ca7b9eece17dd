"""Where a task stood on a given day: the domain's one rule
(:mod:`campaigns.figures`), under the names the report modules use."""

from campaigns.figures import (
    Figure,
    Tracking,
    cancelled_by,
    completed_at_on,
    done_by,
    end_of_day,
    figure_expression,
    overdue_as_of,
    tracking_expression,
)

__all__ = [
    "Figure",
    "Tracking",
    "cancelled_by",
    "completed_at_on",
    "done_by",
    "end_of_day",
    "figure_expression",
    "overdue_as_of",
    "tracking_expression",
]
