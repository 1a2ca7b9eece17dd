"""Which appendices (Phụ lục) the document has and their numbers, so the body
can point to them: I the agencies and units, II output and spend, III the
overdue tasks (only when there are some)."""

from __future__ import annotations

from ...figures import YearReport

UNITS = "units"
SPEND = "spend"
OVERDUE = "overdue"
ROMAN = ("I", "II", "III", "IV", "V")


def appendix_keys(report: YearReport) -> list[str]:
    """The appendices of ``report``, in order (none without a plan)."""
    if report.plan is None:
        return []
    keys = [UNITS] if report.by_unit else []
    keys.append(SPEND)
    if report.overdue_tasks:
        keys.append(OVERDUE)
    return keys


def appendix_number(report: YearReport, key: str) -> str:
    """ "I", "II"…: the number of appendix ``key`` (one of ``appendix_keys``)."""
    return ROMAN[appendix_keys(report).index(key)]
