"""The province's roll-up at province scale (goal: <= 300 ms on its first view
after a write).

A province with CHILDREN communes, each with an issued plan of this year of
about TASKS_PER_CHILD tasks (done ones reported and accepted, half of the
reports with an evidence link), generated once with ``bulk_create`` and its
counters recounted. Then RUNS times: a write through a service in one child (a
task marked done, which keeps the counters), then ``/province/`` as the
province's leader, timed end to end through Django's test client (middleware,
figures, template). The page caches nothing: every view is a first view.

In the harness: ``python -m benchmarks.run --only rollup``; alone, without
the harness's data set: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_rollup
.venv/bin/python -m benchmarks.bench_rollup [--children N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

PROVINCE = "UBND thành phố Mẫu (benchmark roll-up, {children} đơn vị)"
CHILDREN = 100
TASKS_PER_CHILD = 2_000
RUNS = 7
GOAL_MS = 300
BATCH = 5_000


def _ensure(children: int) -> tuple[object, object]:
    """The province of ``children`` children (generated unless they all have
    a plan of this year; a run cut short leaves a province to delete by hand)
    and its leader."""
    from accounts.models import User
    from campaigns.models import Plan
    from organisation.models import Membership, Organisation

    year = timezone.localdate().year
    province, _ = Organisation.objects.get_or_create(
        name=PROVINCE.format(children=children),
        defaults={"short_name": "Mẫu", "place": "Mẫu", "kind": "province"},
    )
    leader, _ = User.objects.get_or_create(username="bench-rollup-leader")
    Membership.objects.get_or_create(user=leader, organisation=province, role="leader")
    planned = Plan.objects.filter(organisation__parent=province, year=year).count()
    if planned != children:
        started = time.perf_counter()
        with transaction.atomic():
            _generate(province, children, year)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"generated {children} children in {time.perf_counter() - started:.0f} s")
    return province, leader


def _generate(province, children: int, year: int) -> None:  # noqa: ANN001
    from accounts.models import User
    from campaigns.models import (
        Activity,
        ContentTheme,
        Plan,
        ProgressReport,
        Task,
        Unit,
    )
    from campaigns.tallies import tallies_rebuild
    from channels.models import Channel
    from demo import data as demo_data
    from organisation.models import Membership, Organisation

    rng = random.Random(children)  # noqa: S311 - reproducible data, not secrets
    today = timezone.localdate()
    author, _ = User.objects.get_or_create(username="bench-rollup-planner")
    plan_ids = []
    for number in range(1, children + 1):
        name = f"UBND xã Mẫu {number:03d}"
        child = Organisation.objects.create(
            name=name, short_name=name[4:], place=name[7:], parent=province
        )
        Membership.objects.create(user=author, organisation=child, role="planner")
        units = Unit.objects.bulk_create(
            Unit(organisation=child, name=f"Đơn vị {n} · {name}", order=n)
            for n in range(1, 11)
        )
        channels = Channel.objects.bulk_create(
            Channel(organisation=child, code=c, name=n, output_unit=u, form=f)
            for c, n, u, f, _colour in demo_data.CHANNELS
        )
        plan = Plan.objects.create(
            organisation=child,
            year=year,
            issuer=name,
            title=f"Kế hoạch tuyên truyền CCHC năm {year}",
            status=Plan.Status.ISSUED,
        )
        plan_ids.append(plan.pk)
        theme = ContentTheme.objects.create(plan=plan, title="Cải cách hành chính")
        tasks = []
        activities = Activity.objects.bulk_create(
            Activity(
                plan=plan,
                title=f"Hoạt động {n}",
                search_text=f"hoat dong {n}",
                theme=theme,
                channel=rng.choice(channels),
                lead_unit=rng.choice(units),
                start_date=dt.date(year, 1, 1),
                due_date=dt.date(year, 12, 31),
                planned_output=rng.randint(1, 3),
                budget=rng.choice([None, 2_000_000, 5_000_000]),
                created_by=author,
            )
            # Some 17 tasks an activity: 70 % monthly, for two units.
            for n in range(TASKS_PER_CHILD // 17)
        )
        for activity in activities:
            days = (
                [dt.date(year, month, 15) for month in range(1, 13)]
                if rng.random() < 0.7
                else [dt.date(year, rng.randint(1, 12), rng.randint(1, 28))]
            )
            for unit in rng.sample(units, 2):
                tasks += [_task(rng, activity, unit, day, today) for day in days]
        created = Task.objects.bulk_create(tasks, batch_size=BATCH)
        ProgressReport.objects.bulk_create(
            (
                ProgressReport(
                    task=task,
                    actual_output=task.planned_output,
                    actual_cost=rng.choice([0, 0, 500_000]),
                    evidence_links=rng.choice(["", "https://example.test/tin"]),
                    submitted_by=author,
                    submitted_at=task.completed_at,
                    review_requested_at=task.completed_at,
                    review_status=ProgressReport.ReviewStatus.ACCEPTED,
                )
                for task in created
                if task.status == Task.Status.DONE
            ),
            batch_size=BATCH,
        )
    tallies_rebuild(plan_ids=plan_ids)


def _task(rng, activity, unit, day: dt.date, today: dt.date):  # noqa: ANN001, ANN202
    from campaigns.models import Task

    task = Task(
        activity=activity,
        plan_id=activity.plan_id,
        unit=unit,
        due_date=day,
        planned_output=activity.planned_output,
    )
    if day < today and rng.random() < 0.85:
        done_on = day + dt.timedelta(days=rng.randint(-5, 3))
        task.status = Task.Status.DONE
        afternoon = dt.datetime.combine(done_on, dt.time(15))
        task.completed_at = timezone.make_aware(afternoon)
        task.accepted_at = task.completed_at + dt.timedelta(days=1)
    return task


def _write(province, rng: random.Random) -> None:  # noqa: ANN001
    """A report filed on a task of one child, marking it done, through the
    service, by the child's planner."""
    from accounts.models import User
    from campaigns.models import Task
    from campaigns.services.work import report_create
    from organisation.scoping import acting_in

    planner = User.objects.get(username="bench-rollup-planner")
    task = (
        Task.objects.filter(plan__organisation__parent=province, status="todo")
        .order_by("due_date", "pk")
        .select_related("plan")[rng.randint(0, 50)]
    )
    with acting_in([task.plan.organisation_id]):
        report_create(
            task=task, user=planner, data={"actual_output": 1}, mark_done=True
        )


def run(*, scale: int = 1, children: int = CHILDREN) -> None:  # noqa: ARG001
    """Time the roll-up of ``children`` children, each view after a write."""
    from accounts.models import User

    province, leader = _ensure(children)
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(pk=leader.pk))
    rng = random.Random(7)  # noqa: S311
    timings, queries = [], 0
    for _run in range(RUNS):
        _write(province, rng)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/province/")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:4]
    median = statistics.median(timings)
    verdict = "meets" if median <= GOAL_MS else "MISSES"
    print(
        f"roll-up of {children} children: median {median:.0f} ms, "
        f"min {min(timings):.0f}, max {max(timings):.0f} ms over {RUNS} views "
        f"each after a write; {queries} queries; {verdict} the goal of {GOAL_MS} ms"
    )
    for query in slowest:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:110]}")


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=CHILDREN)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuithanh_cchc.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()
    from django.core.management import call_command

    from organisation.scoping import across_organisations_from_now

    across_organisations_from_now()
    call_command("migrate", verbosity=0)
    run(children=args.children)


if __name__ == "__main__":
    main()
