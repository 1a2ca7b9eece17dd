"""The read of /my-tasks/: the tasks of the user's units (or the tasks
assigned to a staff member), filtered and grouped as overdue, due soon, later,
done and cancelled, each group a preview, a "Show more" chunk or a page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User
from campaigns import search
from campaigns.models import (
    UNIT_VISIBLE_PLAN_STATUSES,
    Plan,
    ProgressReport,
    Task,
    TaskTally,
    Unit,
    counts_as_done,
    done_awaiting_review,
    is_open,
    units_of,
)
from campaigns.tallies import tally_done

SOON_DAYS = 7
# The overview shows the first GROUP_PREVIEW tasks of each group (DONE_PREVIEW
# of the done ones); "Show more" loads the next CHUNK over htmx; a group opened
# alone (no JavaScript) is paged by PAGE_SIZE.
GROUP_PREVIEW = 10
DONE_PREVIEW = 5
CHUNK = 20
PAGE_SIZE = 50


def annotate_days(task: Task, today: dt.date) -> Task:
    """Days to the due date (negative when past) and days overdue, for display."""
    task.days_left = (task.due_date - today).days
    task.days_overdue = max(0, -task.days_left)
    return task


@dataclass
class TaskFilters:
    month: dt.date | None = None
    status: str = ""
    activity_id: int | None = None
    group: str = ""
    page: str | None = None
    # An htmx "Show more": the CHUNK tasks of ``group`` after this many.
    offset: int | None = None
    # Words searched in the activity's title and description and the unit's
    # name, with or without diacritics (campaigns.search).
    q: str = ""
    # The plan asked for; without one, the current plan (:func:`plan_for`).
    plan_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.month or self.status or self.activity_id or self.q or self.plan_id
        )


@dataclass
class TaskGroup:
    key: str
    label: StrOrPromise
    count: int
    tasks: list[Task] = field(default_factory=list)
    page: Page | None = None
    # Where "Show more" continues (the number of tasks shown before it), if any.
    next_offset: int | None = None

    @property
    def has_more(self) -> bool:
        return self.page is None and self.count > len(self.tasks)


@dataclass
class MyTasks:
    units: list[Unit]
    groups: list[TaskGroup]
    months: list[dt.date]
    total: int
    activity_title: str = ""
    # The plan the page reads, and the plans it may read instead.
    plan: Plan | None = None
    plans: list[Plan] = field(default_factory=list)

    @property
    def several_units(self) -> bool:
        return len(self.units) > 1


def _group_filters(today: dt.date, *, tallies: bool = False) -> dict[str, Q]:
    """Each group's rule (:mod:`campaigns.figures`) on tasks, or on their
    progress counters (``tallies``), which record acceptance as a flag."""
    # Open work of a closed plan is frozen: it is neither overdue nor to do here.
    open_ = is_open() & Q(plan__status=Plan.Status.ISSUED)
    soon_end = today + dt.timedelta(days=SOON_DAYS)
    if tallies:
        done, awaiting = tally_done(), Q(status=Task.Status.DONE) & ~tally_done()
    else:
        done, awaiting = counts_as_done(), done_awaiting_review()
    return {
        "overdue": open_ & Q(due_date__lt=today),
        "soon": open_ & Q(due_date__gte=today, due_date__lte=soon_end),
        "later": open_ & Q(due_date__gt=soon_end),
        "awaiting": awaiting,
        "done": done,
        "cancelled": Q(status=Task.Status.CANCELLED),
    }


def plan_for(plans: list[Plan], plan_id: int | None, today: dt.date) -> Plan | None:
    """The plan asked for among ``plans`` (newest year first), else the current
    one as :func:`campaigns.selectors.plan_default` picks it: this year's
    issued plan, else the newest issued, else the newest."""
    if plan_id is not None:
        return next((plan for plan in plans if plan.pk == plan_id), None)
    issued = [plan for plan in plans if plan.status == Plan.Status.ISSUED]
    this_year = [plan for plan in issued if plan.year == today.year]
    return next(iter(this_year or issued or plans), None)


CARD_FIELDS = (
    "status",
    "due_date",
    "is_lead",
    "planned_output",
    "completed_at",
    "unit__name",
    "unit__short_name",
    "activity__title",
    "activity__channel__name",
    "activity__channel__output_unit",
    "activity__lead_unit__name",
    "activity__lead_unit__short_name",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)

GROUP_LABELS = {
    "overdue": _("Overdue"),
    "soon": _("Due in the next 7 days"),
    "later": _("Later"),
    "awaiting": _("Done, awaiting review"),
    "done": _("Done"),
    "cancelled": _("Cancelled"),
    "unit": _("Other tasks of your units (read-only)"),
}
GROUP_ORDER = {
    "overdue": ("due_date", "pk"),
    "soon": ("due_date", "pk"),
    "later": ("due_date", "pk"),
    "awaiting": ("-completed_at", "-due_date", "-pk"),
    "done": ("-completed_at", "-due_date", "-pk"),
    "cancelled": ("-due_date", "-pk"),
}


def _task_lines(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """What a task card of /my-tasks/ shows, joined; only the columns a card
    shows (an activity's description can be long)."""
    return (
        tasks.select_related(
            "unit", "assignee", "activity__channel", "activity__lead_unit"
        )
        .only(*CARD_FIELDS)
        .annotate(has_report=Exists(ProgressReport.objects.filter(task=OuterRef("pk"))))
    )


def _unit_tallies(
    units: list[Unit], filters: TaskFilters, plan: Plan | None
) -> QuerySet[TaskTally]:
    """The units' progress counters by day, of ``plan``, filtered as the tasks
    are (month, status); :func:`_group_filters` reads them."""
    rows = TaskTally.objects.filter(
        dimension=TaskTally.Dimension.UNIT,
        key_id__in=[unit.pk for unit in units],
        plan=plan,
    )
    if filters.month:
        rows = rows.filter(
            due_date__year=filters.month.year, due_date__month=filters.month.month
        )
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows


def _unit_months(units: list[Unit], plan: Plan | None) -> list[dt.date]:
    """The months the units have tasks of ``plan`` in, from their monthly
    counters."""
    return list(
        TaskTally.objects.filter(
            dimension=TaskTally.Dimension.UNIT_MONTH,
            key_id__in=[unit.pk for unit in units],
            plan=plan,
        )
        .values_list("due_date", flat=True)
        .distinct()
        .order_by("due_date")
    )


def my_tasks(*, user: User, today: dt.date, filters: TaskFilters) -> MyTasks:
    """The tasks of the user's units, grouped for the phone screen: a head's
    units' tasks, or a staff member's assigned tasks then (read-only) the
    units' other open ones.

    A fixed number of queries whatever the data: one for the counts, one per
    group shown, one for the audience groups of every task shown, one for the
    months and one for the units.
    """
    units = list(Unit.objects.filter(pk__in=units_of(user)).order_by("order", "name"))
    # One plan at a time, the current one unless another is asked for: a
    # closed year's tasks never mix into this year's figures.
    plans = list(
        Plan.objects.filter(status__in=UNIT_VISIBLE_PLAN_STATUSES).order_by(
            "-year", "pk"
        )
    )
    plan = plan_for(plans, filters.plan_id, today)
    # The units by their ids (Task.objects.in_units_of, read once): PostgreSQL
    # then walks a unit's indexes for a group's first page instead of reading
    # all of its tasks.
    in_units = Task.objects.shown_to_units().filter(
        unit__in=[u.pk for u in units], plan=plan
    )
    # A staff member works on the tasks assigned to them; their units' other
    # open tasks are listed after, read-only. A head sees all their units'.
    staff_only = user.is_unit_staff and not user.is_unit_head
    mine = in_units.filter(assignee=user) if staff_only else in_units
    # A head's counts and months come from the progress counters of the units
    # (their cost follows days, not tasks); a staff member's, or a search's,
    # from their tasks.
    tallied = not staff_only and not filters.q and not filters.activity_id
    months = (
        _unit_months(units, plan) if tallied else list(mine.dates("due_date", "month"))
    )

    scoped = mine
    if filters.month:
        scoped = scoped.filter(
            due_date__year=filters.month.year, due_date__month=filters.month.month
        )
    if filters.status:
        scoped = scoped.filter(status=filters.status)
    if filters.q:
        scoped = scoped.filter(
            search.matches(filters.q, ["activity__search_text", "unit__search_name"])
        )
    activity_title = ""
    if filters.activity_id:
        scoped = scoped.filter(activity_id=filters.activity_id)

    conditions = _group_filters(today)
    shown = ["overdue", "soon", "later", "awaiting", "done"]
    if filters.status == Task.Status.CANCELLED:
        shown = ["cancelled"]
    if filters.group in conditions:
        shown = [filters.group]
    if tallied:
        on_tallies = _group_filters(today, tallies=True)
        counts = _unit_tallies(units, filters, plan).aggregate(
            **{
                key: Sum("tasks", filter=on_tallies[key], default=0)
                for key in on_tallies
            }
        )
    else:
        counts = scoped.aggregate(
            **{key: Count("pk", filter=conditions[key]) for key in conditions}
        )

    groups = []
    shown_tasks: list[Task] = []
    for key in shown:
        group = TaskGroup(key=key, label=GROUP_LABELS[key], count=counts[key])
        if group.count:
            # Pick the page's ids with a narrow query first, then join what a
            # line shows for those rows only: sorting thousands of done tasks
            # with their joins and the report subquery is what costs.
            order = GROUP_ORDER[key]
            ids = scoped.filter(conditions[key]).order_by(*order).values("pk")
            if filters.offset is not None and len(shown) == 1:
                end = filters.offset + CHUNK
                ids = ids[filters.offset : end]
                group.next_offset = end if group.count > end else None
            elif len(shown) == 1:
                paginator = Paginator(ids, PAGE_SIZE)
                paginator.count = group.count  # already counted above
                group.page = paginator.get_page(filters.page)
                # A queryset's page holds the queryset, sliced.
                ids = cast("QuerySet[Task, Any]", group.page.object_list)
            else:
                preview = DONE_PREVIEW if key in ("done", "awaiting") else GROUP_PREVIEW
                ids = ids[:preview]
                group.next_offset = preview if group.count > preview else None
            # The ids carry the scope: the outer query joins only those rows
            # (kept with the scope's filters, PostgreSQL hashed every task of
            # the units against the page: 10 ms against 1 ms at scale 1).
            group.tasks = list(
                _task_lines(Task.objects.filter(pk__in=ids)).order_by(*order)
            )
        for task in group.tasks:
            annotate_days(task, today)
        shown_tasks.extend(group.tasks)
        groups.append(group)
    if staff_only and not filters.group:
        # Their units' other open tasks, read-only: one count, one page.
        others = in_units.open().exclude(assignee=user)
        group = TaskGroup(key="unit", label=GROUP_LABELS["unit"], count=others.count())
        if group.count:
            ids = others.order_by("due_date", "pk").values("pk")[:GROUP_PREVIEW]
            group.tasks = list(
                _task_lines(Task.objects.filter(pk__in=ids)).order_by("due_date", "pk")
            )
            for task in group.tasks:
                annotate_days(task, today)
                task.read_only = True
            shown_tasks.extend(group.tasks)
        groups.append(group)
    # As a list on the activity: a card reads it without building a related
    # manager and a queryset for each task.
    prefetch_related_objects(
        shown_tasks, Prefetch("activity__audience_groups", to_attr="audience_list")
    )
    if filters.activity_id and shown_tasks:
        activity_title = shown_tasks[0].activity.title

    return MyTasks(
        units=units,
        groups=groups,
        months=months,
        total=sum(
            counts[key] for key in ("overdue", "soon", "later", "awaiting", "done")
        ),
        activity_title=activity_title,
        plan=plan,
        plans=plans,
    )
