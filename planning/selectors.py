"""Reads of the planning workspace.

Every function here runs a fixed number of queries whatever the size of the
plan: counts are SQL aggregates, labels are fetched once per page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from audiences.models import AudienceGroup
from campaigns.models import (
    Activity,
    Objective,
    Plan,
    ProgressReport,
    Task,
    TaskTally,
    Unit,
    awaits_review,
    counts_as_done,
    units_of,
)
from campaigns.tallies import tally_sums
from campaigns.workdays import makeup_working_days, vietnam_holidays
from channels.models import Channel

LIVE = ~Q(status=Task.Status.CANCELLED)


def task_counts(today: dt.date, prefix: str = "") -> dict[str, Count]:
    """Aggregates every progress figure is made of (cancelled tasks excluded)."""
    status = f"{prefix}status"
    due = f"{prefix}due_date"
    live = ~Q(**{status: Task.Status.CANCELLED})
    done = counts_as_done(prefix)
    is_open = Q(**{f"{status}__in": Task.OPEN_STATUSES})
    return {
        "total": Count("pk", filter=live),
        "done": Count("pk", filter=done),
        "due": Count("pk", filter=live & Q(**{f"{due}__lte": today})),
        "done_due": Count("pk", filter=done & Q(**{f"{due}__lte": today})),
        "overdue": Count("pk", filter=is_open & Q(**{f"{due}__lt": today})),
        "awaiting_review": Count("pk", filter=awaits_review()),
    }


@dataclass
class Progress:
    """Tasks done against tasks due so far, with what is still ahead."""

    label: str = ""
    total: int = 0
    done: int = 0
    due: int = 0
    done_due: int = 0
    overdue: int = 0
    awaiting_review: int = 0
    color: str = ""
    key: Any = None

    @classmethod
    def of(cls, row: dict[str, Any], **extra: Any) -> Progress:
        return cls(
            total=row.get("total") or 0,
            done=row.get("done") or 0,
            due=row.get("due") or 0,
            done_due=row.get("done_due") or 0,
            overdue=row.get("overdue") or 0,
            awaiting_review=row.get("awaiting_review") or 0,
            **extra,
        )

    @property
    def percent(self) -> int:
        """Share of the tasks due so far that are done."""
        return round(100 * self.done_due / self.due) if self.due else 0

    @property
    def done_pct(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0

    @property
    def overdue_pct(self) -> float:
        return round(100 * self.overdue / self.total, 1) if self.total else 0

    @property
    def open_pct(self) -> float:
        return max(0.0, round(100 - self.done_pct - self.overdue_pct, 1))

    @property
    def not_yet_due(self) -> int:
        return max(0, self.total - self.done - self.overdue)


# --- plans -------------------------------------------------------------------


def plan_list(*, today: dt.date) -> list[Plan]:
    """Plans by year, each with its activity count and task progress."""
    plans = list(Plan.objects.order_by("-year", "issuer"))
    activities = dict(
        Activity.objects.values_list("plan").annotate(n=Count("pk")).order_by()
    )
    # From the progress counters: every task counts once in its channel's rows.
    progress = {
        row["plan"]: Progress.of(row)
        for row in TaskTally.objects.filter(dimension=TaskTally.Dimension.CHANNEL)
        .values("plan")
        .annotate(**tally_sums(today))
        .order_by()
    }
    for plan in plans:
        plan.activity_count = activities.get(plan.pk, 0)
        plan.progress = progress.get(plan.pk, Progress())
    return plans


@dataclass
class PlanProgress:
    overall: Progress
    by_objective: list[Progress] = field(default_factory=list)
    by_channel: list[Progress] = field(default_factory=list)
    by_audience: list[Progress] = field(default_factory=list)
    by_unit: list[Progress] = field(default_factory=list)


def _grouped(
    tasks: QuerySet[Task],
    key: str,
    labels: dict[Any, tuple[str, str]],
    today: dt.date,
) -> list[Progress]:
    rows = tasks.values(key).annotate(**task_counts(today)).order_by()
    found = {row[key]: row for row in rows}
    result = []
    for pk, (label, color) in labels.items():
        row = found.get(pk)
        if row and row["total"]:
            result.append(Progress.of(row, label=label, color=color, key=pk))
    return result


COUNT_FIELDS = ("total", "done", "due", "done_due", "overdue", "awaiting_review")


class ActivityCounts:
    """Task counts per activity, read in one scan of the tasks, then summed by
    channel, objective or audience group in Python (each of those groupings as
    its own SQL aggregate would scan the plan's tasks again)."""

    def __init__(self, tasks: QuerySet[Task], today: dt.date) -> None:
        # Grouped by the task's own column: joining the activities for their
        # channel doubled the query's time (23 against 50 ms on the benchmark
        # data); channels come from _channel_links instead.
        rows = tasks.values("activity_id").annotate(**task_counts(today)).order_by()
        self.rows = {row["activity_id"]: row for row in rows}

    def overall(self) -> Progress:
        return progress_sum(self.rows.values())

    def by_link(
        self, links: Iterable[tuple[int, int]], labels: dict[Any, tuple[str, str]]
    ) -> list[Progress]:
        """Group by a many-to-many link (activity id, other id): an activity's
        tasks count once in each group it belongs to."""
        groups: dict[Any, list[dict[str, Any]]] = {}
        for activity_id, key in links:
            row = self.rows.get(activity_id)
            if row is not None:
                groups.setdefault(key, []).append(row)
        return progress_labelled(groups, labels)


def progress_sum(rows: Iterable[dict[str, Any]], **extra: Any) -> Progress:
    totals = dict.fromkeys(COUNT_FIELDS, 0)
    for row in rows:
        for name in COUNT_FIELDS:
            totals[name] += row[name] or 0
    return Progress.of(totals, **extra)


def progress_labelled(
    groups: dict[Any, list[dict[str, Any]]], labels: dict[Any, tuple[str, str]]
) -> list[Progress]:
    """One :class:`Progress` per label (in the labels' order), those with tasks."""
    result = []
    for pk, (label, color) in labels.items():
        progress = progress_sum(groups.get(pk, ()), label=label, color=color, key=pk)
        if progress.total:
            result.append(progress)
    return result


def _links(model: Any, column: str, plan: Plan | None) -> QuerySet[Any]:
    rows = model.objects.all()
    if plan is not None:
        rows = rows.filter(activity__plan=plan)
    return rows.values_list("activity_id", column)


def channel_and_audience_links(
    plan: Plan | None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(activity id, channel id) and (activity id, audience group id) pairs of
    the plan's activities, read in one query."""
    rows = Activity.objects.order_by()
    if plan is not None:
        rows = rows.filter(plan=plan)
    channels: dict[int, int] = {}
    audiences: list[tuple[int, int]] = []
    for pk, channel_id, audience_id in rows.values_list(
        "pk", "channel_id", "audience_groups"
    ):
        channels[pk] = channel_id
        if audience_id is not None:
            audiences.append((pk, audience_id))
    return list(channels.items()), audiences


def channel_labels() -> dict[Any, tuple[str, str]]:
    return {c.pk: (c.name, c.color) for c in Channel.objects.all()}


def audience_labels() -> dict[Any, tuple[str, str]]:
    return {a.pk: (a.name, "") for a in AudienceGroup.objects.all()}


OBJECTIVE_LINKS = Activity.objectives.through


def plan_progress(*, plan: Plan, today: dt.date) -> PlanProgress:
    tasks = Task.objects.filter(plan=plan)
    counts = ActivityCounts(tasks, today)
    objectives = {
        o.pk: (f"{o.order}. {o.description}" if o.order else o.description, "")
        for o in plan.objectives.all()
    }
    units = {u.pk: (u.name, "") for u in Unit.objects.all()}
    by_unit = _grouped(tasks, "unit", units, today)
    by_unit.sort(key=lambda p: (p.percent, -p.overdue))
    channel_links, audience_links = channel_and_audience_links(plan)
    return PlanProgress(
        overall=counts.overall(),
        by_objective=counts.by_link(
            _links(OBJECTIVE_LINKS, "objective_id", plan), objectives
        ),
        by_channel=counts.by_link(channel_links, channel_labels()),
        by_audience=counts.by_link(audience_links, audience_labels()),
        by_unit=by_unit,
    )


def plan_detail(*, plan_id: int) -> Plan:
    return (
        Plan.objects.prefetch_related("objectives", "themes")
        .annotate(activity_count=Count("activities"))
        .get(pk=plan_id)
    )


def plan_history(*, plan: Plan, limit: int = 20) -> list[Any]:
    return list(
        plan.history.select_related("history_user").order_by("-history_date")[:limit]
    )


# --- activities --------------------------------------------------------------


def activity_list_queryset() -> QuerySet[Activity]:
    """Activities with what a list row shows (no per-row query)."""
    tasks = Task.objects.filter(activity=OuterRef("pk")).exclude(
        status=Task.Status.CANCELLED
    )
    return Activity.objects.select_related(
        "plan", "theme", "channel", "lead_unit"
    ).annotate(
        supporting_count=_subquery_count(
            Activity.supporting_units.through.objects.filter(activity=OuterRef("pk"))
        ),
        task_total=_subquery_count(tasks),
        task_done=_subquery_count(tasks.filter(counts_as_done())),
    )


def _subquery_count(rows: QuerySet[Any]) -> Any:
    """COUNT(*) of ``rows`` (filtered on the outer activity) as a column, so the
    list needs no GROUP BY over every activity to count and paginate."""
    counted = rows.order_by().values("activity").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def activity_detail(*, activity_id: int) -> Activity:
    return (
        Activity.objects.select_related(
            "plan", "theme", "channel", "lead_unit", "created_by"
        )
        .prefetch_related("supporting_units", "audience_groups", "objectives")
        .get(pk=activity_id)
    )


def activity_tasks(*, activity: Activity) -> list[Task]:
    return list(
        activity.tasks.select_related("unit")
        .annotate(report_count=Count("reports"))
        .order_by("due_date", "-is_lead", "unit__order", "unit__name")
    )


# --- audit trail -------------------------------------------------------------


@dataclass
class AuditChange:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    when: dt.datetime
    who: str
    action: str
    subject: str
    changes: list[AuditChange] = field(default_factory=list)
    count: int = 1


def _display(value: Any, lookups: dict[str, dict[Any, str]], name: str) -> str:
    if value is None or value == "":
        return "—"
    if name in lookups:
        return lookups[name].get(value, f"#{value}")
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    return str(value)


def _record_diff(
    record: Any, previous: Any, fields: list[Any], lookups: dict[str, dict[Any, str]]
) -> list[AuditChange]:
    changes = []
    for model_field in fields:
        name = model_field.attname
        old, new = getattr(previous, name), getattr(record, name)
        if old != new:
            label = str(model_field.verbose_name)
            if model_field.choices:
                choices = dict(model_field.flatchoices)
                old, new = choices.get(old, old), choices.get(new, new)
            changes.append(
                AuditChange(
                    label,
                    _display(old, lookups, name),
                    _display(new, lookups, name),
                )
            )
    return changes


# search_text is a derived copy (campaigns.search) and not kept in the history.
_SKIPPED_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "search_text",
}


def activity_audit_trail(*, activity: Activity, limit: int = 60) -> list[AuditEntry]:
    """Who changed what and when: the activity itself and its tasks.

    Task creations of one expansion are folded into one line ("24 tasks created").
    """
    from django.utils.translation import gettext

    units = dict(Unit.objects.values_list("pk", "name"))
    lookups = {
        "lead_unit_id": units,
        "unit_id": units,
        "theme_id": dict(activity.plan.themes.values_list("pk", "title")),
        "channel_id": dict(Channel.objects.values_list("pk", "name")),
        "plan_id": {activity.plan_id: str(activity.plan)},
    }
    audiences = dict(AudienceGroup.objects.values_list("pk", "name"))
    fields = [
        f for f in Activity._meta.concrete_fields if f.name not in _SKIPPED_FIELDS
    ]
    history = list(
        activity.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    )
    history_model = type(activity.history.model())
    m2m = {}
    for name, names in (("supporting_units", units), ("audience_groups", audiences)):
        through = getattr(history_model, name).model
        column = "unit_id" if name == "supporting_units" else "audiencegroup_id"
        rows = through.objects.filter(
            history__in=[h.history_id for h in history]
        ).values_list("history_id", column)
        by_record: dict[int, set[str]] = {}
        for history_id, pk in rows:
            by_record.setdefault(history_id, set()).add(names.get(pk, f"#{pk}"))
        m2m[name] = by_record
    m2m_labels = {
        "supporting_units": str(
            Activity._meta.get_field("supporting_units").verbose_name
        ),
        "audience_groups": str(
            Activity._meta.get_field("audience_groups").verbose_name
        ),
    }

    entries: list[AuditEntry] = []
    previous = None
    for record in history:
        who = _who(record.history_user)
        if record.history_type == "+":
            entries.append(
                AuditEntry(
                    record.history_date, who, gettext("created"), gettext("activity")
                )
            )
        else:
            changes = (
                _record_diff(record, previous, fields, lookups) if previous else []
            )
            for name, by_record in m2m.items():
                if previous is None:
                    continue
                old = by_record.get(previous.history_id, set())
                new = by_record.get(record.history_id, set())
                if old != new:
                    changes.append(
                        AuditChange(
                            m2m_labels[name],
                            ", ".join(sorted(old)) or "—",
                            ", ".join(sorted(new)) or "—",
                        )
                    )
            if changes:
                entries.append(
                    AuditEntry(
                        record.history_date,
                        who,
                        gettext("changed"),
                        gettext("activity"),
                        changes,
                    )
                )
        previous = record

    entries.extend(_task_audit(activity=activity, lookups=lookups, limit=limit))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def _who(user: User | None) -> str:
    if user is None:
        from django.utils.translation import gettext

        return gettext("system")
    return user.get_full_name() or user.username


def _task_audit(
    *, activity: Activity, lookups: dict[str, dict[Any, str]], limit: int
) -> list[AuditEntry]:
    from django.utils.translation import gettext, ngettext

    history_model = Task.history.model
    entries: list[AuditEntry] = []
    created = (
        history_model.objects.filter(activity_id=activity.pk, history_type="+")
        .values("history_user")
        .annotate(
            n=Count("history_id"), when=Max("history_date"), first=Min("history_date")
        )
        .order_by()
    )
    users = (
        {
            u.pk: u
            for u in User.objects.filter(
                pk__in=[row["history_user"] for row in created if row["history_user"]]
            )
        }
        if created
        else {}
    )
    for row in created:
        entries.append(
            AuditEntry(
                row["when"],
                _who(users.get(row["history_user"])),
                gettext("created"),
                ngettext("%(n)s task", "%(n)s tasks", row["n"]) % {"n": row["n"]},
                count=row["n"],
            )
        )
    changed_ids = history_model.objects.filter(
        activity_id=activity.pk, history_type__in=("~", "-")
    ).values("id")
    records = list(
        history_model.objects.filter(id__in=changed_ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    fields = [
        f
        for f in Task._meta.concrete_fields
        if f.name not in _SKIPPED_FIELDS | {"activity", "plan", "completed_at"}
    ]
    previous = None
    for record in records:
        if previous is not None and previous.id == record.id:
            unit = lookups["unit_id"].get(record.unit_id, "")
            subject = f"{unit} · {record.due_date:%d/%m/%Y}"
            if record.history_type == "-":
                entries.append(
                    AuditEntry(
                        record.history_date,
                        _who(record.history_user),
                        gettext("removed"),
                        subject,
                    )
                )
            else:
                changes = _record_diff(record, previous, fields, lookups)
                if changes:
                    entries.append(
                        AuditEntry(
                            record.history_date,
                            _who(record.history_user),
                            gettext("changed"),
                            gettext("task %(subject)s") % {"subject": subject},
                            changes,
                        )
                    )
        previous = record
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


# --- calendar ----------------------------------------------------------------


# At most this many occurrences per day in the calendar feed; a busier day gets
# one summary item more that links to the day's list (issue 15). The page's
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
    range (issue 15: the feed's cost must not grow with the data):

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
    query = Task.objects.filter(condition).query
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
) -> list[dict[str, Any]]:
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
    """Make-up working Saturdays/Sundays in ``[start, end)`` (``holidays`` package)."""
    return [
        day
        for year in range(start.year, end.year + 1)
        for day in makeup_working_days(year)
        if start <= day < end
    ]


def objective_choices(*, plan: Plan) -> QuerySet[Objective]:
    return plan.objectives.all()
