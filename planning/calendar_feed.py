"""Reads of the planning calendar: one event per activity occurrence with its
units' counts, only the visible range, a bounded number a day; holidays and
make-up working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import (
    F,
    Q,
)

from accounts.models import User
from campaigns.models import (
    Activity,
    Plan,
    ProgressReport,
    Task,
    Unit,
    counts_as_done,
    units_of,
)
from campaigns.workdays import makeup_working_days, vietnam_holidays
from channels.models import Channel

from .selectors import LIVE

# At most this many occurrences per day in the calendar feed; a busier day gets
# one summary item more that links to the day's list. The page's
# FullCalendar shows ``CALENDAR_DAY_LIMIT + 1`` items a day, so nothing hides.
CALENDAR_DAY_LIMIT = 3


@dataclass
class CalendarDay:
    """One day of the feed: the occurrences shown, in order, and how many
    (``total``) the day has with the feed's filters."""

    day: dt.date
    total: int
    shown: list[dict[str, Any]] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.total - len(self.shown)


# The feed's two queries (:func:`calendar_occurrences`), the same on SQLite and
# PostgreSQL. Only quoted table names, offsets and conditions compiled by the ORM
# (:func:`_task_sql`) are put in; every value is a parameter.
_DAYS_SQL = """
SELECT days.*{later}
FROM (
    SELECT occurrence.due_date AS due_date, COUNT(*) AS total{first}
    FROM (
        SELECT {task}.due_date AS due_date, {task}.activity_id AS activity_id
        FROM {task}
        WHERE {live} AND {task}.due_date >= %s AND {task}.due_date < %s
        GROUP BY {task}.due_date, {task}.activity_id
    ) occurrence
    GROUP BY occurrence.due_date
) days
ORDER BY days.due_date
"""
_NTH_ACTIVITY_SQL = """(
    SELECT DISTINCT {task}.activity_id FROM {task}
    WHERE {live} AND {group} AND {task}.due_date = {day}
    ORDER BY {task}.activity_id LIMIT 1 OFFSET {offset:d}
)"""
_ROWS_SQL = """
SELECT o.activity_id, o.due_date, o.units, o.done, o.overdue, o.reported,
    a.title, c.color, c.name, p.status, u.name
FROM (
    SELECT {task}.activity_id AS activity_id, {task}.due_date AS due_date,
        COUNT(*) AS units,
        COUNT(CASE WHEN {done} THEN 1 END) AS done,
        COUNT(CASE WHEN {overdue} THEN 1 END) AS overdue,
        COUNT(CASE WHEN EXISTS (
            SELECT 1 FROM {report} r WHERE r.task_id = {task}.id
        ) THEN 1 END) AS reported,
        MIN({task}.plan_id) AS plan_id, MIN({task}.unit_id) AS unit_id
    FROM (VALUES {occurrences}) v
    JOIN {task} ON {task}.due_date = v.column1 AND {task}.activity_id = v.column2
    WHERE {live}
    GROUP BY {task}.activity_id, {task}.due_date
) o
JOIN {activity} a ON a.id = o.activity_id
JOIN {channel} c ON c.id = a.channel_id
JOIN {plan} p ON p.id = o.plan_id
LEFT JOIN {unit} u ON u.id = o.unit_id AND o.units = 1
"""
_ROW_KEYS = (
    "activity_id",
    "due_date",
    "units",
    "done",
    "overdue",
    "reported",
    "title",
    "color",
    "channel_name",
    "plan_status",
    "unit_name",
)


def calendar_occurrences(
    *,
    start: dt.date,
    end: dt.date,
    plan: Plan | None = None,
    unit: Unit | None = None,
    channel: Channel | None = None,
    today: dt.date,
    user: User | None = None,
    limit: int = CALENDAR_DAY_LIMIT,
) -> list[CalendarDay]:
    """The calendar's days in [start, end): at most ``limit`` occurrences
    (activity and due day) each, and how many the day has (``total``).

    A day shows first the occurrences where a task of ``user``'s units is
    overdue, then the other overdue ones, then the others of ``user``'s units,
    then the rest; each group in the plan's order (activity id). Each row counts
    its units' tasks (``units``, ``done``, ``overdue``) and says whether any of
    them has a report (``reported``), with the activity's ``title``, channel
    (``color``, ``channel_name``), ``plan_status`` and, for one unit, ``unit_name``.

    Two queries whatever the data, neither of which reads every task of the
    range (the feed's cost must not grow with the data):

    1. per day, the number of occurrences (GROUP BYs over the index
       ``task_live_due_activity_idx``, read in its order without the table: the
       one part whose cost follows the data, a few milliseconds for the 30,000
       tasks of a month at benchmark scale 10) and the first
       ``limit`` activity ids of each group and of the day (each a walk of that
       index, or of ``task_open_due_activity_idx`` for the overdue, that stops
       there); :func:`_first_of_day` picks the day's ``limit``;
    2. the rows of those occurrences only (:func:`_calendar_rows`).

    Plain SQL whose rules (live, done, overdue, the filters, the user's units)
    are the ORM's own conditions compiled (:func:`_task_sql`): building these
    queries with the ORM took longer than running them.
    """
    conditions = [LIVE]
    if plan:
        conditions.append(Q(plan=plan))
    if unit:
        conditions.append(Q(unit=unit))
    if channel:
        conditions.append(Q(activity__in=Activity.objects.filter(channel=channel)))
    live = _task_sql(Q(*conditions))
    overdue = Q(status__in=Task.OPEN_STATUSES, due_date__lt=today)
    # The groups up to the overdue one (``cut``) are read for every day, in the
    # grouped query; the later ones only on a day with fewer than ``limit``
    # overdue occurrences, when the overdue group cannot fill the day.
    groups, cut = [overdue, Q()], 1  # Q(): the whole day
    if user is not None and user.works_in_units:
        mine = Q(unit__in=units_of(user))
        groups, cut = [mine & overdue, overdue, mine, Q()], 2
    task = connection.ops.quote_name(Task._meta.db_table)
    first, later = [], []
    first_params: list[Any] = []
    later_params: list[Any] = []
    last_overdue = f"days.g{cut - 1}_{limit - 1}"
    for number, group in enumerate(map(_task_sql, groups)):
        for offset in range(limit):
            column = _NTH_ACTIVITY_SQL.format(
                task=task,
                live=live.sql,
                group=group.sql,
                day="occurrence.due_date" if number < cut else "days.due_date",
                offset=offset,
            )
            name = f"g{number}_{offset}"
            if number < cut:
                first.append(f", {column} AS {name}")
                first_params += live.params + group.params
            else:
                later.append(
                    f", CASE WHEN {last_overdue} IS NULL THEN {column} END AS {name}"
                )
                later_params += live.params + group.params
    adapt = connection.ops.adapt_datefield_value
    params = later_params + first_params + live.params + [adapt(start), adapt(end)]
    sql = _DAYS_SQL.format(
        later="".join(later), first="".join(first), task=task, live=live.sql
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        days = [
            (
                _as_date(row[0]),
                row[1],
                _first_of_day(
                    [row[i : i + limit] for i in range(2, len(row), limit)], limit
                ),
            )
            for row in cursor.fetchall()
        ]
    if not days:
        return []
    rows = _calendar_rows(
        [(day, activity_id) for day, _total, ids in days for activity_id in ids],
        live=live,
        overdue=_task_sql(overdue),
        done=_task_sql(counts_as_done()),
    )
    result = []
    for day, total, ids in days:
        found = (rows.get((day, activity_id)) for activity_id in ids)
        # An occurrence gone between the two queries is left out.
        result.append(CalendarDay(day, total, [row for row in found if row]))
    return result


@dataclass(frozen=True)
class _Sql:
    sql: str
    params: list[Any]


def _task_sql(condition: Q) -> _Sql:
    """``condition`` on tasks as SQL on the unaliased task table: the ORM's own
    rule, for the calendar's plain queries. No joins (``activity__in=...``
    rather than ``activity__channel=...``)."""
    if not condition:
        return _Sql("1 = 1", [])
    # The plain manager: the condition alone (its plans are already scoped).
    query = Task._base_manager.filter(condition).query
    if sum(1 for count in query.alias_refcount.values() if count) > 1:
        raise ValueError(f"a condition that joins: {condition!r}")
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except FullResultSet:
        return _Sql("1 = 1", [])
    except EmptyResultSet:
        return _Sql("1 = 0", [])
    return _Sql(f"({sql})" if sql else "1 = 1", list(params))


def _calendar_rows(
    occurrences: list[tuple[dt.date, int]], *, live: _Sql, overdue: _Sql, done: _Sql
) -> dict[tuple[dt.date, int], dict[str, Any]]:
    """The feed's rows of these (day, activity id) occurrences, by occurrence:
    their live tasks read through the (due_date, activity) index, a report probe
    per task, then the labels joined once per occurrence (the unit's name only
    where there is one unit)."""
    qn = connection.ops.quote_name
    adapt = connection.ops.adapt_datefield_value
    sql = _ROWS_SQL.format(
        task=qn(Task._meta.db_table),
        activity=qn(Activity._meta.db_table),
        channel=qn(Channel._meta.db_table),
        plan=qn(Plan._meta.db_table),
        unit=qn(Unit._meta.db_table),
        report=qn(ProgressReport._meta.db_table),
        done=done.sql,
        overdue=overdue.sql,
        live=live.sql,
        occurrences=", ".join(["(%s, %s)"] * len(occurrences)),
    )
    params = done.params + overdue.params
    params += [value for day, pk in occurrences for value in (adapt(day), pk)]
    params += live.params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [dict(zip(_ROW_KEYS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["due_date"] = _as_date(row["due_date"])
        row["reported"] = row["reported"] > 0
    return {(row["due_date"], row["activity_id"]): row for row in rows}


def _as_date(value: dt.date | str) -> dt.date:
    """A date column read by plain SQL: SQLite gives its ISO text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _first_of_day(groups: list[list[int | None]], limit: int) -> list[int]:
    """The day's first ``limit`` activity ids, in order, given the first
    ``limit`` ids (ascending, ``None`` past the last) of each group in order of
    rank, the last group being the whole day.

    Exact because a group with ``limit`` members or more fills what room is left
    by itself: when a later group's turn comes, every group before it was listed
    whole, so the ids of the later group not yet taken are the first of its
    members that are in no group before it, which is what comes next.
    """
    taken: list[int] = []
    for ids in groups:
        for activity_id in ids:
            if len(taken) == limit:
                return taken
            if activity_id is not None and activity_id not in taken:
                taken.append(activity_id)
    return taken


def calendar_activities(
    *,
    start: dt.date,
    end: dt.date,
    plan: Plan | None = None,
    unit: Unit | None = None,
    channel: Channel | None = None,
) -> list[Mapping[str, Any]]:
    """Activities whose span meets [start, end), for the activities view."""
    activities = Activity.objects.filter(start_date__lt=end, due_date__gte=start)
    if plan:
        activities = activities.filter(plan=plan)
    if unit:
        activities = activities.filter(
            Q(lead_unit=unit)
            | Q(
                pk__in=Activity.supporting_units.through.objects.filter(
                    unit=unit
                ).values("activity")
            )
        )
    if channel:
        activities = activities.filter(channel=channel)
    return list(
        activities.values(
            "pk",
            "title",
            "start_date",
            "due_date",
            "recurrence",
            "status",
            color=F("channel__color"),
            channel_name=F("channel__name"),
            plan_status=F("plan__status"),
            lead_name=F("lead_unit__name"),
        ).order_by("start_date", "title")
    )


def holiday_events(*, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    days = []
    for year in range(start.year, end.year + 1):
        for day, name in sorted(vietnam_holidays(year).items()):
            if start <= day < end:
                days.append((day, name))
    return days


def makeup_workday_events(*, start: dt.date, end: dt.date) -> list[dt.date]:
    """Make-up working Saturdays/Sundays in ``[start, end)`` (campaigns.workdays)."""
    return [
        day
        for year in range(start.year, end.year + 1)
        for day in makeup_working_days(year)
        if start <= day < end
    ]
