"""Reporting periods: a quarter, the first 6 or 9 months, or the year.

A period covers the tasks *due* within it; its report is drawn *as of* a day,
by default the period's last day, or today when the period is not over yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodCode(models.TextChoices):
    Q1 = "q1", gettext_lazy("Quarter I")
    Q2 = "q2", gettext_lazy("Quarter II")
    Q3 = "q3", gettext_lazy("Quarter III")
    Q4 = "q4", gettext_lazy("Quarter IV")
    H1 = "h1", gettext_lazy("First 6 months")
    M9 = "9m", gettext_lazy("First 9 months")
    YEAR = "year", gettext_lazy("Whole year")


# code -> (first month, last month)
MONTHS: dict[str, tuple[int, int]] = {
    PeriodCode.Q1: (1, 3),
    PeriodCode.Q2: (4, 6),
    PeriodCode.Q3: (7, 9),
    PeriodCode.Q4: (10, 12),
    PeriodCode.H1: (1, 6),
    PeriodCode.M9: (1, 9),
    PeriodCode.YEAR: (1, 12),
}


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """One period of one year: ``start``..``end`` inclusive."""

    year: int
    code: str = PeriodCode.YEAR

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, MONTHS[self.code][0], 1)

    @property
    def end(self) -> dt.date:
        return _month_end(self.year, MONTHS[self.code][1])

    @property
    def quarters(self) -> list[int]:
        first, last = MONTHS[self.code]
        return list(range((first - 1) // 3 + 1, (last - 1) // 3 + 2))

    @property
    def is_year(self) -> bool:
        return self.code == PeriodCode.YEAR

    def default_as_of(self, today: dt.date) -> dt.date:
        """The period's last day, or ``today`` if that is earlier."""
        return min(self.end, today)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def phrase(self) -> str:
        """How a title names it: "quý II năm 2024", "6 tháng đầu năm 2024"."""
        if self.code in {PeriodCode.Q1, PeriodCode.Q2, PeriodCode.Q3, PeriodCode.Q4}:
            return _("quarter %(roman)s of %(year)s") % {
                "roman": ROMAN[self.quarters[0]],
                "year": self.year,
            }
        if self.code == PeriodCode.H1:
            return _("the first 6 months of %(year)s") % {"year": self.year}
        if self.code == PeriodCode.M9:
            return _("the first 9 months of %(year)s") % {"year": self.year}
        return _("year %(year)s") % {"year": self.year}

    def next_phrase(self) -> str:
        """The period the next-tasks section looks to: after Q2 "quý III năm
        2024", after 6 months "6 tháng cuối năm 2024", after a year the next."""
        after: dict[str, Period] = {
            PeriodCode.Q1: Period(self.year, PeriodCode.Q2),
            PeriodCode.Q2: Period(self.year, PeriodCode.Q3),
            PeriodCode.Q3: Period(self.year, PeriodCode.Q4),
            PeriodCode.Q4: Period(self.year + 1, PeriodCode.Q1),
            PeriodCode.M9: Period(self.year, PeriodCode.Q4),
            PeriodCode.YEAR: Period(self.year + 1, PeriodCode.YEAR),
        }
        if self.code == PeriodCode.H1:
            return _("the last 6 months of %(year)s") % {"year": self.year}
        return after[self.code].phrase()

    @property
    def slug(self) -> str:
        return "" if self.is_year else self.code


def period_parse(raw: str | None) -> str | None:
    """The period code of ``raw`` (case and blanks ignored), or None if not one."""
    value = (raw or "").strip().lower()
    if not value:
        return PeriodCode.YEAR
    return value if value in PeriodCode.values else None
