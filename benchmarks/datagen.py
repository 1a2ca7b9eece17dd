"""Bulk data generator for the benchmarks.

Realistic scale (1): 5 yearly plans, 60 units, 2,000 activities and 30,000 tasks a
year, reports on the tasks done. ``scale=10`` multiplies activities and tasks by ten;
``scale=0`` is a tiny set (40 activities a year) for the harness's smoke test.
It writes straight through ``bulk_create`` (no history rows, no expansion service):
the point is the shape and size of the data the pages read, fast to build.
Accounts: a head for each unit, PLANNERS planners, LEADERS leaders and an admin,
all with the password PASSWORD.

Run it only against a database meant for benchmarks: it wipes the campaign tables.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from audiences.models import AudienceGroup
from campaigns.models import (
    Activity,
    ContentTheme,
    Objective,
    Plan,
    ProgressReport,
    Reminder,
    ReminderSweep,
    Task,
    TaskTally,
    Unit,
)
from campaigns.search import fold
from campaigns.tallies import tallies_rebuild
from channels.models import Channel
from demo import data as demo_data
from notifications.models import Notification
from organisation.models import Membership, Organisation
from organisation.scoping import across_organisations

PASSWORD = "bench-pass-2024"  # noqa: S105 - benchmark accounts on a throwaway database
UNITS = 60
YEARS = 5
ACTIVITIES_PER_YEAR = 2_000
SMOKE_ACTIVITIES_PER_YEAR = 40  # scale 0
PLANNERS = 5
LEADERS = 5
ISSUER = "UBND huyện Mẫu (benchmark ×{scale})"
ORGANISATION = "UBND xã Mẫu (benchmark)"
BATCH = 5_000


@dataclass(frozen=True)
class Dataset:
    scale: int
    year: int
    plan_ids: list[int]
    unit_ids: list[int]
    planner: str
    leader: str
    admin: str
    unit_head: str
    planners: list[str]
    leaders: list[str]
    password: str = PASSWORD


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year - YEARS + 1, this_year + 1))


@functools.cache
def _password_hash() -> str:
    """PASSWORD hashed once: every benchmark account shares it (a deliberately slow
    hash per account would cost a second each, for throwaway accounts)."""
    return make_password(PASSWORD)


def _organisation() -> Organisation:
    """The commune the benchmark's data belongs to, found by its name."""
    return Organisation.objects.get_or_create(
        name=ORGANISATION, defaults={"short_name": "Mẫu", "place": "Mẫu"}
    )[0]


def _user(username: str, role: str, **fields: object) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@bench.test",
            "password": _password_hash(),
            **fields,
        },
    )
    Membership.objects.get_or_create(user=user, organisation=_organisation(), role=role)
    return user


def _numbered(prefix: str, count: int) -> list[str]:
    """``prefix``, then ``prefix-02`` ... ``prefix-<count>``."""
    return [prefix] + [f"{prefix}-{n:02d}" for n in range(2, count + 1)]


def _catalogues() -> tuple[list[Channel], list[AudienceGroup]]:
    channels = [
        Channel.objects.get_or_create(
            organisation=_organisation(),
            code=code,
            defaults={"name": name, "output_unit": unit, "form": form, "color": color},
        )[0]
        for code, name, unit, form, color in demo_data.CHANNELS
    ]
    audiences = [
        AudienceGroup.objects.get_or_create(
            organisation=_organisation(), code=code, defaults={"name": name}
        )[0]
        for code, name in demo_data.AUDIENCES
    ]
    return channels, audiences


def _units() -> list[Unit]:
    units = []
    for number in range(1, UNITS + 1):
        head = _user(f"bench-head-{number:02d}", Role.UNIT_HEAD)
        unit, _ = Unit.objects.get_or_create(
            organisation=_organisation(),
            name=f"Đơn vị mẫu {number:02d}",
            defaults={
                "kind": Unit.Kind.COMMUNE if number > 20 else Unit.Kind.DEPARTMENT,
                "head": head,
                "contact_email": f"unit{number}@bench.test",
                "order": number,
            },
        )
        units.append(unit)
    return units


def _wipe() -> None:
    """Remove campaign data and its audit history.

    On PostgreSQL one TRUNCATE ... CASCADE: deleting row by row would write a
    history row for each of a million tasks. Elsewhere, delete in dependency order.
    """
    if connection.vendor == "postgresql":
        tables = [Plan._meta.db_table, Notification._meta.db_table]
        tables += [
            model.history.model._meta.db_table
            for model in (Plan, Activity, Task, ProgressReport)
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")  # noqa: S608
        return
    for model in (Notification, Reminder, ReminderSweep, ProgressReport, Task):
        model.objects.all().delete()
    Activity.objects.all().delete()
    Plan.objects.all().delete()


def _due_dates(rng: random.Random, year: int) -> tuple[str, list[dt.date]]:
    """Half monthly activities, half one-off: about 15 tasks an activity overall."""
    if rng.random() < 0.5:
        day = rng.randint(1, 28)
        return f"FREQ=MONTHLY;BYMONTHDAY={day}", [
            dt.date(year, month, day) for month in range(1, 13)
        ]
    return "", [dt.date(year, rng.randint(1, 12), rng.randint(1, 28))]


def _plan_year(
    rng: random.Random,
    *,
    year: int,
    scale: int,
    channels: list[Channel],
    audiences: list[AudienceGroup],
    units: list[Unit],
    author: User,
    today: dt.date,
) -> Plan:
    plan = Plan.objects.create(
        organisation=_organisation(),
        year=year,
        issuer=ISSUER.format(scale=scale),
        number=f"{year % 100}/KH-UBND",
        title=f"Kế hoạch tuyên truyền cải cách hành chính năm {year}",
        status=Plan.Status.ISSUED,
        issued_on=dt.date(year, 1, 15),
    )
    objectives = Objective.objects.bulk_create(
        Objective(plan=plan, description=text, kind=kind, order=i)
        for i, (kind, text, _target, _unit) in enumerate(demo_data.OBJECTIVES)
    )
    themes = ContentTheme.objects.bulk_create(
        ContentTheme(plan=plan, title=title, order=i)
        for i, title in enumerate(demo_data.THEMES)
    )
    count = ACTIVITIES_PER_YEAR * scale if scale else SMOKE_ACTIVITIES_PER_YEAR
    schedules = [_due_dates(rng, year) for _ in range(count)]
    activities = Activity.objects.bulk_create(
        (
            Activity(
                plan=plan,
                title=(title := f"Hoạt động tuyên truyền CCHC số {i + 1} năm {year}"),
                search_text=fold(title),
                theme=rng.choice(themes),
                channel=rng.choice(channels),
                lead_unit=rng.choice(units),
                start_date=dt.date(year, 1, 1) if rule else dates[0].replace(day=1),
                due_date=dt.date(year, 12, 31) if rule else dates[0],
                recurrence=rule,
                planned_output=rng.randint(1, 4),
                budget=rng.choice([None, 5_000_000, 12_000_000]),
                created_by=author,
            )
            for i, (rule, dates) in enumerate(schedules)
        ),
        batch_size=BATCH,
    )
    audience_links, objective_links, support_links, tasks = [], [], [], []
    for activity, (rule, dates) in zip(activities, schedules, strict=True):
        for group in rng.sample(audiences, rng.randint(1, 2)):
            audience_links.append(
                Activity.audience_groups.through(
                    activity_id=activity.pk, audiencegroup_id=group.pk
                )
            )
        objective_links.append(
            Activity.objectives.through(
                activity_id=activity.pk, objective_id=rng.choice(objectives).pk
            )
        )
        extra = 1 if rule else rng.randint(0, 10)
        supporting = rng.sample(
            [u for u in units if u.pk != activity.lead_unit_id], extra
        )
        support_links += [
            Activity.supporting_units.through(activity_id=activity.pk, unit_id=u.pk)
            for u in supporting
        ]
        for unit in [activity.lead_unit, *supporting]:
            is_lead = unit.pk == activity.lead_unit_id
            for due in dates:
                tasks.append(
                    _task(rng, activity, unit, due, is_lead=is_lead, today=today)
                )
    Activity.audience_groups.through.objects.bulk_create(audience_links, BATCH)
    Activity.objectives.through.objects.bulk_create(objective_links, BATCH)
    Activity.supporting_units.through.objects.bulk_create(support_links, BATCH)
    for start in range(0, len(tasks), BATCH):
        chunk = Task.objects.bulk_create(tasks[start : start + BATCH])
        ProgressReport.objects.bulk_create(
            _report(rng, task, author) for task in chunk if task.status == "done"
        )
    return plan


def _task(
    rng: random.Random,
    activity: Activity,
    unit: Unit,
    due: dt.date,
    *,
    is_lead: bool,
    today: dt.date,
) -> Task:
    status, completed_at = Task.Status.TODO, None
    if due < today:
        draw = rng.random()
        if draw < 0.85:
            status = Task.Status.DONE
            done_on = due + dt.timedelta(days=rng.randint(-5, 3))
            completed_at = timezone.make_aware(
                dt.datetime.combine(done_on, dt.time(15))
            )
        elif draw < 0.9:
            status = Task.Status.CANCELLED
    return Task(
        activity=activity,
        plan_id=activity.plan_id,
        unit=unit,
        due_date=due,
        is_lead=is_lead,
        planned_output=activity.planned_output if is_lead else 0,
        status=status,
        completed_at=completed_at,
    )


def _report(rng: random.Random, task: Task, author: User) -> ProgressReport:
    return ProgressReport(
        task=task,
        actual_output=max(0, task.planned_output + rng.choice([-1, 0, 0, 1])),
        participants=rng.choice([None, rng.randint(10, 200)]),
        reach=rng.choice([None, rng.randint(100, 5000)]),
        note="Đã thực hiện.",
        evidence_links=rng.choice(["", "https://nuithanh.quangnam.gov.vn/tin-tuc"]),
        submitted_by_id=task.unit.head_id or author.pk,
        submitted_at=task.completed_at,
        review_requested_at=task.completed_at,
    )


# Reports of the last days still wait for the planner; older ones were accepted
# the day after they were filed, as in an office that reviews daily.
REVIEW_BACKLOG_DAYS = 7


def _settle_reviews(today: dt.date, planner: User) -> int:
    """Accept the reports filed before the backlog window, and their tasks
    (``Task.accepted_at``: with review required, "done" means accepted); return
    how many tasks. One set-based pass; it also brings data sets generated before
    review existed up to date, and does nothing on the next run."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=REVIEW_BACKLOG_DAYS), dt.time())
    )
    one_day = dt.timedelta(days=1)
    settled = Task.objects.filter(
        status=Task.Status.DONE, accepted_at__isnull=True, completed_at__lt=cutoff
    )
    ProgressReport.objects.filter(
        task__in=settled, review_status=ProgressReport.ReviewStatus.SUBMITTED
    ).update(
        review_status=ProgressReport.ReviewStatus.ACCEPTED,
        reviewed_by=planner,
        reviewed_at=F("submitted_at") + one_day,
    )
    return settled.update(accepted_at=F("completed_at") + one_day)


def ensure_dataset(*, scale: int, verbose: bool = True) -> Dataset:
    """Build the data set for ``scale`` unless the database already holds it
    (the installation's own work: across organisations)."""
    with across_organisations():
        return _ensure_dataset(scale=scale, verbose=verbose)


def _ensure_dataset(*, scale: int, verbose: bool) -> Dataset:
    years = _years()
    issuer = ISSUER.format(scale=scale)
    plan_ids = list(
        Plan.objects.filter(issuer=issuer).order_by("year").values_list("pk", flat=True)
    )
    generated = len(plan_ids) != len(years)
    if generated:
        started = time.perf_counter()
        with transaction.atomic():
            _wipe()
            rng = random.Random(scale)  # noqa: S311 - reproducible data, not secrets
            channels, audiences = _catalogues()
            units = _units()
            planner = _user("bench-planner", Role.PLANNER)
            today = timezone.localdate()
            plan_ids = [
                _plan_year(
                    rng,
                    year=year,
                    scale=scale,
                    channels=channels,
                    audiences=audiences,
                    units=units,
                    author=planner,
                    today=today,
                ).pk
                for year in years
            ]
        if connection.vendor == "postgresql":
            # Fresh statistics: without them the planner picks very slow plans
            # right after a bulk load.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if verbose:
            print(
                f"generated scale {scale}: {Activity.objects.count():,} activities, "
                f"{Task.objects.count():,} tasks, "
                f"{ProgressReport.objects.count():,} reports "
                f"in {time.perf_counter() - started:.1f} s"
            )
    settled = _settle_reviews(
        timezone.localdate(), _user("bench-planner", Role.PLANNER)
    )
    # Written with bulk_create and update(), around the services: recount. Writes
    # since (the throughput harness's) went through the services, which keep the
    # counters: then there is nothing to recount.
    if generated or settled or not TaskTally.objects.exists():
        started = time.perf_counter()
        rows = tallies_rebuild()
        if verbose:
            elapsed = time.perf_counter() - started
            print(f"progress counters: {rows:,} rows in {elapsed:.1f} s")
    planners = _numbered("bench-planner", PLANNERS)
    leaders = _numbered("bench-leader", LEADERS)
    for username in planners:
        _user(username, Role.PLANNER)
    for username in leaders:
        _user(username, Role.LEADER)
    _user("bench-admin", Role.ADMIN, is_staff=True)
    return Dataset(
        scale=scale,
        year=years[-1],
        plan_ids=plan_ids,
        unit_ids=list(
            Unit.objects.filter(name__startswith="Đơn vị mẫu").values_list(
                "pk", flat=True
            )
        ),
        planner="bench-planner",
        leader="bench-leader",
        admin="bench-admin",
        unit_head="bench-head-01",
        planners=planners,
        leaders=leaders,
    )
