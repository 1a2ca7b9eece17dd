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
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from campaigns.recurrence import occurrence_dates, parse_rule
from campaigns.workdays import holiday_name, previous_working_day

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


_WEEKLY = re.compile(r"^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$")
_MONTHLY = re.compile(r"^FREQ=MONTHLY;BYMONTHDAY=(-1|[1-9]|1\d|2[0-8])$")
_QUARTERLY = re.compile(r"^FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=(-1|[1-9]|1\d|2[0-8])$")


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


def month_day_choices() -> list[tuple[int, str]]:
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
}
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip().removeprefix("RRULE:").strip().upper()
    parts = {}
    for item in text.split(";"):
        key, _sep, value = item.partition("=")
        if key:
            parts[key.strip()] = value.strip()
    return parts


def _day_of_month(value: str) -> str:
    numbers = [int(item) for item in value.split(",")]
    if numbers == [LAST_DAY]:
        return _("the last day of the month")
    names = [str(n) if n > 0 else str(_ORDINALS[-1]) for n in numbers]
    return _("day %(day)s") % {"day": ", ".join(names)}


def _weekdays(value: str, set_position: str = "") -> str:
    names = []
    for item in value.split(","):
        match = _BYDAY.match(item.strip())
        if not match:
            raise ValueError(item)
        ordinal = match[1] or set_position
        name = str(WEEKDAYS[RRULE_DAYS.index(match[2])])
        if ordinal:
            names.append(
                _("the %(ordinal)s %(weekday)s")
                % {"ordinal": _ORDINALS[int(ordinal)], "weekday": name}
            )
        else:
            names.append(name)
    return ", ".join(names)


def describe_rule(rule: str, start: dt.date) -> str:
    """One sentence, in the user's language, saying when the activity happens."""
    if not rule.strip():
        return _("Once, due on the due date")
    try:
        parse_rule(rule, start)
        parts = _parts(rule)
        return _describe_parts(parts, start)
    except (ValidationError, ValueError, KeyError, IndexError):
        return _("Custom rule: %(rule)s") % {"rule": rule}


def _describe_parts(parts: dict[str, str], start: dt.date) -> str:
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1") or 1)
    set_position = parts.get("BYSETPOS", "")
    if freq == "DAILY":
        sentence = (
            _("Every day") if interval == 1 else _("Every %(n)s days") % {"n": interval}
        )
    elif freq == "WEEKLY":
        days = _weekdays(parts.get("BYDAY") or RRULE_DAYS[start.weekday()])
        sentence = (
            _("Every week on %(days)s") % {"days": days}
            if interval == 1
            else _("Every %(n)s weeks on %(days)s") % {"n": interval, "days": days}
        )
    elif freq == "MONTHLY":
        if "BYDAY" in parts:
            when = _weekdays(parts["BYDAY"], set_position)
        else:
            when = _day_of_month(parts.get("BYMONTHDAY") or str(start.day))
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
        months = ", ".join(
            str(MONTHS[int(month)])
            for month in (parts.get("BYMONTH") or str(start.month)).split(",")
        )
        when = _day_of_month(parts.get("BYMONTHDAY") or str(start.day))
        sentence = _("Every year in %(months)s, on %(when)s") % {
            "months": months,
            "when": when,
        }
    else:
        raise KeyError(freq)
    if count := parts.get("COUNT"):
        sentence += ngettext(
            ", %(count)s time in all", ", %(count)s times in all", int(count)
        ) % {"count": int(count)}
    return sentence


# --- the dates a rule produces, flagged --------------------------------------


@dataclass(frozen=True)
class PreviewDate:
    scheduled: dt.date
    due: dt.date
    holiday: str | None
    is_weekend: bool

    @property
    def is_off_day(self) -> bool:
        return self.is_weekend or self.holiday is not None

    @property
    def moved(self) -> bool:
        return self.scheduled != self.due


@dataclass
class RecurrencePreview:
    sentence: str
    dates: list[PreviewDate] = field(default_factory=list)
    error: str = ""

    @property
    def count(self) -> int:
        return len({item.due for item in self.dates})

    @property
    def off_day_count(self) -> int:
        return sum(1 for item in self.dates if item.is_off_day and not item.moved)

    @property
    def moved_count(self) -> int:
        return sum(1 for item in self.dates if item.moved)


def _scheduled_dates(rule: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The rule's own dates, before any shift off weekends and holidays."""
    return occurrence_dates(rule=rule, start=start, end=end, shift_off_days=False)


def build_preview(
    *, rule: str, start: dt.date, end: dt.date, shift_off_days: bool
) -> RecurrencePreview:
    """The dates as the task expansion will produce them, each flagged.

    Same rule as ``campaigns.recurrence.occurrence_dates``: with
    ``shift_off_days`` an off day moves to the previous working day, never
    before the start.
    """
    preview = RecurrencePreview(sentence=describe_rule(rule, start))
    if end < start:
        preview.error = _("The due date cannot be before the start.")
        return preview
    try:
        scheduled = _scheduled_dates(rule, start, end)
    except ValidationError as exc:
        preview.error = " ".join(exc.messages)
        return preview
    for day in scheduled:
        due = max(previous_working_day(day), start) if shift_off_days else day
        preview.dates.append(
            PreviewDate(
                scheduled=day,
                due=due,
                holiday=holiday_name(day),
                is_weekend=day.weekday() >= 5,
            )
        )
    if not preview.dates:
        preview.error = _("The rule produces no date between the start and due dates.")
    return preview
