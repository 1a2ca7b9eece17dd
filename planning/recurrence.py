"""Recurrence presets for the activity form and their plain-language preview.

The stored value stays an RFC 5545 RRULE (``campaigns.recurrence`` expands it);
this module maps the form's presets to and from rules, describes a rule in a
sentence a clerk understands, and lists the dates it produces with the weekend
and holiday flags the planner needs to see before saving.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from campaigns.recurrence import FALLBACK_FROM_DAY, rule_parts, validate_rule
from campaigns.workdays import (
    holiday_name,
    is_makeup_working_day,
    moved_due_date,
)

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LAST_DAY = -1


class Preset(models.TextChoices):
    ONCE = "once", gettext_lazy("Once")
    WEEKLY = "weekly", gettext_lazy("Every week")
    MONTHLY = "monthly", gettext_lazy("Every month, on a day")
    QUARTERLY = "quarterly", gettext_lazy("Every quarter (every 3 months)")
    CUSTOM = "custom", gettext_lazy("Custom rule (RRULE)")


@dataclass(frozen=True)
class PresetChoice:
    preset: str
    weekday: str = "MO"
    month_day: int = 25
    custom_rule: str = ""


_WEEKLY = re.compile(r"^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$", re.ASCII)
_MONTHLY = re.compile(r"^FREQ=MONTHLY;BYMONTHDAY=(-1|[1-9]|1\d|2[0-8])$", re.ASCII)
_QUARTERLY = re.compile(
    r"^FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=(-1|[1-9]|1\d|2[0-8])$", re.ASCII
)


def rule_for_preset(choice: PresetChoice) -> str:
    """The RRULE a preset stands for ("" for a one-off activity)."""
    if choice.preset == Preset.WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={choice.weekday}"
    if choice.preset == Preset.MONTHLY:
        return f"FREQ=MONTHLY;BYMONTHDAY={choice.month_day}"
    if choice.preset == Preset.QUARTERLY:
        return f"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY={choice.month_day}"
    if choice.preset == Preset.CUSTOM:
        return choice.custom_rule.strip().upper().removeprefix("RRULE:").strip()
    return ""


def preset_for_rule(rule: str) -> PresetChoice:
    """The preset a stored rule comes from; anything unusual is a custom rule."""
    text = rule.strip().removeprefix("RRULE:").strip().upper()
    if not text:
        return PresetChoice(Preset.ONCE)
    if match := _WEEKLY.match(text):
        return PresetChoice(Preset.WEEKLY, weekday=match[1])
    if match := _MONTHLY.match(text):
        return PresetChoice(Preset.MONTHLY, month_day=int(match[1]))
    if match := _QUARTERLY.match(text):
        return PresetChoice(Preset.QUARTERLY, month_day=int(match[1]))
    return PresetChoice(Preset.CUSTOM, custom_rule=text)


def month_day_choices() -> list[tuple[int, StrOrPromise]]:
    return [(day, str(day)) for day in range(1, 29)] + [
        (LAST_DAY, gettext_lazy("last day of the month"))
    ]


def weekday_choices() -> list[tuple[str, str]]:
    return [(code, WEEKDAYS[index]) for index, code in enumerate(RRULE_DAYS)]


# --- a rule in words ---------------------------------------------------------

_ORDINALS = {
    1: gettext_lazy("first"),
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    5: gettext_lazy("fifth"),
    -1: gettext_lazy("last"),
    -2: gettext_lazy("second to last"),
    -3: gettext_lazy("third to last"),
}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$", re.ASCII)
_WORKING_WEEK = ("MO", "TU", "WE", "TH", "FR")
_WEEKEND = ("SA", "SU")


def _ordinal(value: int) -> str:
    if value in _ORDINALS:
        return str(_ORDINALS[value])
    if value > 0:
        return _("number %(n)s") % {"n": value}
    return _("number %(n)s from the end") % {"n": -value}


def _parts(rule: str) -> dict[str, str]:
    return rule_parts(rule)


def _day_of_month(value: str, fallback: bool) -> str:
    numbers = [int(item) for item in value.split(",")]
    if numbers == [LAST_DAY]:
        return _("the last day of the month")
    names = [str(n) if n > 0 else _ordinal(n) for n in numbers]
    when = _("day %(day)s") % {"day": ", ".join(names)}
    if fallback and any(n >= FALLBACK_FROM_DAY for n in numbers):
        when = _("%(when)s (the last day of a shorter month)") % {"when": when}
    return when


def _weekdays(value: str) -> str:
    """Weekdays, each with its own number if it has one ("the first Monday")."""
    names = []
    for item in value.split(","):
        match = _BYDAY.match(item.strip())
        if not match:
            raise ValueError(item)
        name = str(WEEKDAYS[RRULE_DAYS.index(match[2])])
        if match[1]:
            names.append(
                _("the %(ordinal)s %(weekday)s")
                % {"ordinal": _ordinal(int(match[1])), "weekday": name}
            )
        else:
            names.append(name)
    return ", ".join(names)


def _set_position(weekdays: str, positions: str, period: str) -> str:
    """BYSETPOS over a set of plain weekdays, said of the whole set.

    ``BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1`` is the last working day of the month,
    not "the last Monday, …, the last Friday"; ``BYDAY=MO;BYSETPOS=1`` is the
    first Monday. Numbered weekdays with BYSETPOS are left to the raw rule.
    """
    days = [item.strip() for item in weekdays.split(",")]
    if any(not (match := _BYDAY.match(day)) or match[1] for day in days):
        raise ValueError(weekdays)
    ordinals = _(" and ").join(_ordinal(int(value)) for value in positions.split(","))
    if len(days) == 1:
        return _("the %(ordinal)s %(weekday)s") % {
            "ordinal": ordinals,
            "weekday": WEEKDAYS[RRULE_DAYS.index(days[0])],
        }
    if sorted(days, key=RRULE_DAYS.index) == list(_WORKING_WEEK):
        kind = _("working day")
    elif sorted(days, key=RRULE_DAYS.index) == list(_WEEKEND):
        kind = _("weekend day")
    else:
        return _("the %(ordinal)s of the days %(weekdays)s of the %(period)s") % {
            "ordinal": ordinals,
            "weekdays": _weekdays(weekdays),
            "period": period,
        }
    return _("the %(ordinal)s %(kind)s of the %(period)s") % {
        "ordinal": ordinals,
        "kind": kind,
        "period": period,
    }


def describe_rule(rule: str, start: dt.date, dates: list[dt.date] | None = None) -> str:
    """One sentence, in the user's language, saying when the activity happens.

    With ``dates`` (the due dates actually created), the sentence states their
    number, and says so when the rule's COUNT asks for more than the range from
    start to due date holds (``BYMONTHDAY=25;COUNT=12`` from 01/03 makes 10).
    A rule the sentence cannot say is shown as written.
    """
    if not rule.strip():
        return _("Once, due on the due date")
    try:
        parts = _parts(rule)
        sentence = _describe_parts(parts, start)
    except (ValidationError, ValueError, KeyError, IndexError):
        return _("Custom rule: %(rule)s") % {"rule": rule}
    return sentence + _count_clause(parts, dates)


def _count_clause(parts: dict[str, str], dates: list[dt.date] | None) -> str:
    asked = int(parts["COUNT"]) if "COUNT" in parts else None
    if dates is None:
        if asked is None:
            return ""
        return ngettext(
            ", %(count)s time in all", ", %(count)s times in all", asked
        ) % {"count": asked}
    made = len(dates)
    clause = ngettext(", %(count)s time in all", ", %(count)s times in all", made) % {
        "count": made
    }
    if asked is not None and asked != made:
        clause += ngettext(
            " (the rule asks for %(asked)s time; the due date leaves room for "
            "%(count)s)",
            " (the rule asks for %(asked)s times; the due date leaves room for "
            "%(count)s)",
            asked,
        ) % {"asked": asked, "count": made}
    return clause


def _describe_parts(parts: dict[str, str], start: dt.date) -> str:
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1") or 1)
    set_position = parts.get("BYSETPOS", "")
    fallback = not ({"BYDAY", "BYSETPOS"} & parts.keys())
    if freq == "DAILY":
        if set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"}:
            raise KeyError(freq)
        sentence = (
            _("Every day") if interval == 1 else _("Every %(n)s days") % {"n": interval}
        )
    elif freq == "WEEKLY":
        byday = parts.get("BYDAY") or RRULE_DAYS[start.weekday()]
        days = (
            _set_position(byday, set_position, _("week"))
            if set_position
            else _weekdays(byday)
        )
        sentence = (
            _("Every week on %(days)s") % {"days": days}
            if interval == 1
            else _("Every %(n)s weeks on %(days)s") % {"n": interval, "days": days}
        )
    elif freq == "MONTHLY":
        if set_position and "BYDAY" in parts and "BYMONTHDAY" not in parts:
            when = _set_position(parts["BYDAY"], set_position, _("month"))
        elif set_position:
            raise KeyError("BYSETPOS")
        elif "BYDAY" in parts:
            when = _weekdays(parts["BYDAY"])
        else:
            when = _day_of_month(parts.get("BYMONTHDAY") or str(start.day), fallback)
        if interval == 1:
            sentence = _("Every month, on %(when)s") % {"when": when}
        elif interval == 3:
            sentence = _("Every quarter (every 3 months), on %(when)s") % {"when": when}
        else:
            sentence = _("Every %(n)s months, on %(when)s") % {
                "n": interval,
                "when": when,
            }
    elif freq == "YEARLY":
        if {"BYDAY", "BYSETPOS", "BYYEARDAY", "BYWEEKNO"} & parts.keys():
            raise KeyError(freq)
        months = ", ".join(
            str(MONTHS[int(month)])
            for month in (parts.get("BYMONTH") or str(start.month)).split(",")
        )
        when = _day_of_month(parts.get("BYMONTHDAY") or str(start.day), fallback)
        sentence = _("Every year in %(months)s, on %(when)s") % {
            "months": months,
            "when": when,
        }
    else:
        raise KeyError(freq)
    return sentence


# --- the dates a rule produces, flagged --------------------------------------


@dataclass(frozen=True)
class PreviewDate:
    scheduled: dt.date
    due: dt.date
    holiday: str | None
    is_weekend: bool
    is_makeup_workday: bool = False

    @property
    def is_off_day(self) -> bool:
        """A day off: a holiday, or a weekend day that is not a make-up working day."""
        return self.holiday is not None or (
            self.is_weekend and not self.is_makeup_workday
        )

    @property
    def moved(self) -> bool:
        return self.scheduled != self.due


@dataclass
class RecurrencePreview:
    sentence: str
    dates: list[PreviewDate] = field(default_factory=list)
    error: str = ""
    today: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def due_dates(self) -> list[dt.date]:
        """The due dates created, once each (shifted dates may collapse)."""
        return sorted({item.due for item in self.dates})

    @property
    def count(self) -> int:
        return len(self.due_dates)

    @property
    def off_day_count(self) -> int:
        return sum(1 for item in self.dates if item.is_off_day and not item.moved)

    @property
    def moved_count(self) -> int:
        return sum(1 for item in self.dates if item.moved)

    @property
    def past_count(self) -> int:
        """Due dates before today: their tasks would be overdue once saved."""
        if self.today is None:
            return 0
        return sum(1 for day in self.due_dates if day < self.today)

    @property
    def can_start_today(self) -> bool:
        """Whether starting from today (instead of the start given) makes sense."""
        return (
            self.past_count > 0
            and self.today is not None
            and self.start is not None
            and self.end is not None
            and self.start < self.today <= self.end
        )


def build_preview(
    *,
    rule: str,
    start: dt.date,
    end: dt.date,
    shift_off_days: bool,
    today: dt.date | None = None,
) -> RecurrencePreview:
    """The dates as the task expansion will produce them, each flagged.

    The rule goes through ``campaigns.recurrence.validate_rule`` (the one
    validation); its message is the preview's error. Same shift as
    ``campaigns.recurrence.occurrence_dates``: with ``shift_off_days`` an off day
    (holiday, or weekend day that is not a make-up working day) moves to the
    previous working day (the next when that is before the start). ``today``
    (default: the local date) counts the dates already past.
    """
    preview = RecurrencePreview(
        sentence=describe_rule(rule, start),
        today=today or timezone.localdate(),
        start=start,
        end=end,
    )
    try:
        scheduled = validate_rule(rule, start, end)
    except ValidationError as exc:
        preview.error = " ".join(exc.messages)
        return preview
    for day in scheduled:
        due = moved_due_date(day, start) if shift_off_days else day
        preview.dates.append(
            PreviewDate(
                scheduled=day,
                due=due,
                holiday=holiday_name(day),
                is_weekend=day.weekday() >= 5,
                is_makeup_workday=is_makeup_working_day(day),
            )
        )
    preview.sentence = describe_rule(rule, start, preview.due_dates)
    return preview
