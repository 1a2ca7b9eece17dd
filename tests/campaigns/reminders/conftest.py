"""Fixtures for the reminder tests: a frozen morning, eager Celery, a small world."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine
from django.core.mail.backends import locmem

from accounts.models import User
from campaigns.models import Plan, Task, Unit
from nuithanh_cchc.celery import app as celery_app
from tests.factories import ActivityFactory, PlanFactory, TaskFactory, UnitFactory

SWEEP_DAY = dt.date(2024, 6, 15)
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def sweep_morning():
    """07:30 on 15/06/2024 in Núi Thành, when beat runs the sweep."""
    with time_machine.travel(
        dt.datetime.combine(SWEEP_DAY, dt.time(7, 30), tzinfo=HCM), tick=False
    ):
        yield SWEEP_DAY


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process, retries included (immediately, as eager mode
    does; propagating errors would turn a retry into an exception)."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, False
    yield celery_app
    conf.task_always_eager, conf.task_eager_propagates = saved


@dataclass
class World:
    planner: User
    head: User
    unit: Unit
    plan: Plan

    def task(
        self,
        days_to_due: int,
        *,
        unit: Unit | None = None,
        plan: Plan | None = None,
        day: dt.date = SWEEP_DAY,
        **fields: object,
    ) -> Task:
        """An open task of this world due ``days_to_due`` days after ``day``."""
        due = day + dt.timedelta(days=days_to_due)
        unit = unit or self.unit
        activity = ActivityFactory(
            plan=plan or self.plan,
            lead_unit=unit,
            created_by=self.planner,
            start_date=min(due, dt.date(2024, 1, 1)),
            due_date=due,
            title=fields.pop("title", f"Tuyên truyền hạn {due:%d/%m}"),
        )
        return TaskFactory(activity=activity, unit=unit, due_date=due, **fields)


@pytest.fixture
def world(planner: User, unit_head: User) -> World:
    planner.last_name, planner.first_name = "Lê", "Văn Kế Hoạch"
    planner.save(update_fields=["first_name", "last_name"])
    unit_head.last_name, unit_head.first_name = "Trần", "Thị Hiệp"
    unit_head.save(update_fields=["first_name", "last_name"])
    unit = UnitFactory(
        name="UBND xã Tam Hiệp", head=unit_head, contact_email="vanthu@tamhiep.test"
    )
    return World(
        planner=planner, head=unit_head, unit=unit, plan=PlanFactory(year=2024)
    )


@pytest.fixture
def smtp_fails(monkeypatch):
    """Make the first ``times`` sends raise ``error``; later sends go through."""

    def install(error: Exception, times: int = 1) -> dict:
        original = locmem.EmailBackend.send_messages
        state = {"left": times, "attempts": 0, "message_ids": []}

        def send_messages(self, messages):
            state["attempts"] += 1
            state["message_ids"] += [m.extra_headers["Message-ID"] for m in messages]
            if state["left"]:
                state["left"] -= 1
                raise error
            return original(self, messages)

        monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
        return state

    return install


@pytest.fixture
def racing_sweep(monkeypatch) -> list[bool]:
    """Another sweep records the same rows just before ours inserts them; the
    returned list holds True once it has."""
    from campaigns.reminders import candidates, reminders_record

    real_dates = candidates.reminder_dates
    raced: list[bool] = []

    def dates_then_lose_the_race(**kwargs):
        if not raced:
            raced.append(True)
            reminders_record(**kwargs)
        return real_dates(**kwargs)

    monkeypatch.setattr(candidates, "reminder_dates", dates_then_lose_the_race)
    return raced
