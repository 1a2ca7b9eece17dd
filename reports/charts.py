"""What the report page's Chart.js charts draw, from the report's own figures."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .figures import YearReport
from .tracking import Tracking

TRACKING_COLORS = {
    Tracking.DONE_ON_TIME: "#198754",
    Tracking.DONE_LATE: "#ffc107",
    Tracking.AWAITING_REVIEW: "#6f42c1",
    Tracking.IN_TERM: "#0dcaf0",
    Tracking.OVERDUE: "#dc3545",
}


def _tracking_series(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "label": str(category.label),
            "color": color,
            "data": [getattr(row.tasks, category.value) for row in rows],
        }
        for category, color in TRACKING_COLORS.items()
    ]


def report_chart_data(report: YearReport) -> dict[str, Any]:
    """Plain data (json_script) for static/js/reports.js; no figure is recomputed."""
    return {
        "tracking": {
            "labels": [str(category.label) for category in TRACKING_COLORS],
            "colors": list(TRACKING_COLORS.values()),
            "data": [
                getattr(report.tasks, category.value) for category in TRACKING_COLORS
            ],
        },
        "channels": {
            "labels": [row.label for row in report.by_channel],
            "series": [
                {
                    "label": _("Planned output"),
                    "color": "#adb5bd",
                    "data": [row.tasks.planned_output for row in report.by_channel],
                },
                {
                    "label": _("Actual output"),
                    "color": "#0d6efd",
                    "data": [row.output.actual_output for row in report.by_channel],
                },
            ],
        },
        "quarters": {
            "labels": [row.label for row in report.by_quarter],
            "series": _tracking_series(report.by_quarter),
        },
    }
