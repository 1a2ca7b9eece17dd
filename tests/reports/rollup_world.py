"""A province and its communes, each with a plan of the year in some state of
progress, for the roll-up's tests (reports.rollup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from campaigns.models import Activity, Plan, ProgressReport, Task
from channels.models import Channel
from organisation.models import Organisation
from tests.factories import (
    ActivityFactory,
    ChannelFactory,
    OrganisationFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

YEAR = 2026
TODAY = dt.date(YEAR, 6, 15)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def today() -> Iterator[dt.date]:
    """The clock stands at 10:00 on :data:`TODAY`, local time."""
    with time_machine.travel(dt.datetime(YEAR, 6, 15, 10, tzinfo=ZONE), tick=False):
        yield TODAY


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=ZONE)


@dataclass
class Commune:
    organisation: Organisation
    plan: Plan | None
    planner: User


def province_make(name: str = "UBND thành phố Đà Nẵng") -> Organisation:
    return OrganisationFactory(
        name=name, short_name=name.removeprefix("UBND "), kind="province"
    )


def commune_make(
    province: Organisation,
    name: str,
    *,
    done_on_time: int = 2,
    done_late: int = 1,
    overdue: int = 1,
    ahead: int = 2,
    output: int = 3,
    cost: int = 1_500_000,
    budget: int = 10_000_000,
    evidence: bool = True,
    plan_status: str | None = Plan.Status.ISSUED,
) -> Commune:
    """A commune under ``province`` with a plan of :data:`YEAR` (none when
    ``plan_status`` is None): an online and a traditional activity, tasks done
    on time, done late, overdue and ahead, a report on each done task."""
    organisation = OrganisationFactory(name=name, parent=province)
    planner = UserFactory(role="planner", role__organisation=organisation)
    if plan_status is None:
        return Commune(organisation, None, planner)
    plan = PlanFactory(organisation=organisation, year=YEAR, issuer=name)
    unit = UnitFactory(organisation=organisation, name=f"Văn phòng {name}")
    online = ChannelFactory(
        organisation=organisation,
        name="Trang thông tin điện tử",
        output_unit="tin bài",
        form=Channel.Form.ONLINE,
    )
    radio = ChannelFactory(
        organisation=organisation, name="Đài truyền thanh", output_unit="buổi"
    )
    activities = [
        ActivityFactory(
            plan=plan,
            channel=channel,
            lead_unit=unit,
            start_date=dt.date(YEAR, 1, 1),
            due_date=dt.date(YEAR, 12, 31),
            budget=Decimal(budget // 2),
        )
        for channel in (online, radio)
    ]
    ActivityFactory(
        plan=plan,
        channel=radio,
        lead_unit=unit,
        budget=Decimal(999),
        status=Activity.Status.CANCELLED,
        start_date=dt.date(YEAR, 1, 1),
        due_date=dt.date(YEAR, 2, 1),
    )
    done = []
    for index in range(done_on_time + done_late):
        due = dt.date(YEAR, 3, 1 + index)
        late = index >= done_on_time
        done.append(
            TaskFactory(
                activity=activities[index % 2],
                due_date=due,
                status=Task.Status.DONE,
                completed_at=at(due + dt.timedelta(days=5 if late else -1)),
            )
        )
    for index in range(overdue):
        TaskFactory(activity=activities[1], due_date=dt.date(YEAR, 5, 1 + index))
    for index in range(ahead):
        TaskFactory(activity=activities[index % 2], due_date=dt.date(YEAR, 9, 1))
    for index, task in enumerate(done):
        ProgressReportFactory(
            task=task,
            submitted_by=planner,
            actual_output=output,
            actual_cost=Decimal(cost) if index == 0 else Decimal(0),
            evidence_links="https://example.test/bai" if evidence else "",
            review_status=ProgressReport.ReviewStatus.ACCEPTED,
            submitted_at=at(task.due_date),
        )
    if plan_status != Plan.Status.ISSUED:
        Plan.objects.filter(pk=plan.pk).update(status=plan_status)
        plan.refresh_from_db()
    return Commune(organisation, plan, planner)
