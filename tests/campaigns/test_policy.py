"""Who may do what is checked by every service itself (campaigns.policy): each
write, called directly as someone who may not act, raises PermissionDenied and
changes nothing; called as someone who may, it goes through."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.roles import Role
from campaigns.models import Activity, Plan
from campaigns.services import (
    activities,
    expansion,
    members,
    plans,
    teamwork,
    work,
)
from tests.factories import ActivityFactory, UnitFactory, UserFactory

from .lifecycle_world import PlanWorld, fingerprint, plan_world


@dataclass
class Cast:
    """The plan's unit with its head and a staff member no task is assigned to;
    another unit's head; a planner, an administrator and a leader. ``one_off``
    is an activity without tasks, which may move whole; ``newcomer`` an account
    in no unit yet."""

    world: PlanWorld
    one_off: Activity
    newcomer: User
    head: User
    staff: User
    other_head: User
    planner: User
    admin: User
    leader: User

    def actor(self, name: str) -> User:
        return getattr(self, name)


@pytest.fixture
def cast(unit_head: User, planner: User, admin_user: User, leader: User) -> Cast:
    world = plan_world(head=unit_head, status=Plan.Status.ISSUED)
    staff = UserFactory(role=Role.UNIT_STAFF)
    world.unit.staff.add(staff)
    other_head = UserFactory(role=Role.UNIT_HEAD)
    UnitFactory(head=other_head)
    one_off = ActivityFactory(
        plan=world.plan,
        lead_unit=world.unit,
        start_date=dt.date(2024, 6, 1),
        due_date=dt.date(2024, 6, 30),
    )
    newcomer = UserFactory(username="moi")
    return Cast(
        world,
        one_off,
        newcomer,
        unit_head,
        staff,
        other_head,
        planner,
        admin_user,
        leader,
    )


def _activity(cast: Cast) -> Activity:
    return Activity.objects.get(pk=cast.world.activity.pk)


REPORT_DATA = {
    "actual_output": 4,
    "participants": None,
    "reach": None,
    "actual_cost": None,
    "note": "sửa lại",
    "evidence_links": "",
}

Call = Callable[[Cast, User], object]

# name: (the call, who is refused, who may)
WRITES: dict[str, tuple[Call, tuple[str, ...], str]] = {
    "plan_save": (
        lambda c, u: plans.plan_save(plan=Plan.objects.get(pk=c.world.plan.pk), user=u),
        ("leader", "head", "staff", "other_head"),
        "planner",
    ),
    "plan_set_status": (
        lambda c, u: plans.plan_set_status(
            plan_id=c.world.plan.pk, status=Plan.Status.CLOSED, user=u
        ),
        ("leader", "head", "staff"),
        "planner",
    ),
    "plan_copy_to_year": (
        lambda c, u: plans.plan_copy_to_year(
            plan=c.world.plan, year=2025, title="Kế hoạch năm 2025", user=u
        ),
        ("leader", "head", "staff"),
        "planner",
    ),
    "activity_save": (
        lambda c, u: activities.activity_save(
            activity=_activity(c),
            audience_groups=[],
            objectives=[],
            supporting_units=[],
            expected_version=None,
            user=u,
        ),
        ("leader", "head", "staff", "other_head"),
        "planner",
    ),
    "activity_cancel": (
        lambda c, u: activities.activity_cancel(activity=_activity(c), user=u),
        ("leader", "head", "staff"),
        "admin",
    ),
    "occurrence_move": (
        lambda c, u: activities.occurrence_move(
            activity_id=c.world.activity.pk,
            from_date=c.world.todo.due_date,
            to_date=c.world.todo.due_date + dt.timedelta(days=1),
            user=u,
        ),
        ("leader", "head", "staff"),
        "planner",
    ),
    "activity_move": (
        lambda c, u: activities.activity_move(
            activity_id=c.one_off.pk,
            to_start=dt.date(2024, 7, 1),
            user=u,
        ),
        ("leader", "head"),
        "planner",
    ),
    "report_create": (
        lambda c, u: work.report_create(
            task=c.world.todo, user=u, data={"actual_output": 1}
        ),
        ("leader", "other_head", "staff"),
        "head",
    ),
    "report_update": (
        lambda c, u: work.report_update(
            report=c.world.report,
            user=u,
            data=REPORT_DATA,
            expected_version=c.world.report.version,
        ),
        ("leader", "other_head", "staff"),
        "head",
    ),
    "evidence_delete": (
        lambda c, u: work.evidence_delete(evidence=c.world.evidence, user=u),
        ("leader", "other_head", "staff"),
        "head",
    ),
    "task_start": (
        lambda c, u: work.task_start(task=c.world.todo, user=u),
        ("leader", "other_head", "staff"),
        "head",
    ),
    "task_mark_done": (
        lambda c, u: work.task_mark_done(task=c.world.in_progress, user=u),
        ("leader", "other_head", "staff"),
        "head",
    ),
    "task_reopen": (
        lambda c, u: work.task_reopen(task=c.world.done, user=u, reason="làm lại"),
        ("leader", "head", "other_head", "staff"),
        "planner",
    ),
    "task_assign": (
        lambda c, u: teamwork.task_assign(task=c.world.todo, user=u, assignee=c.staff),
        ("leader", "other_head", "staff", "planner"),
        "head",
    ),
    "activity_tasks_assign": (
        lambda c, u: teamwork.activity_tasks_assign(
            activity=c.world.activity, unit=c.world.unit, user=u, assignee=c.staff
        ),
        ("leader", "other_head", "staff", "planner"),
        "head",
    ),
    "report_review": (
        lambda c, u: teamwork.report_review(
            report=c.world.report, user=u, decision=teamwork.Decision.ACCEPT
        ),
        ("leader", "head", "other_head", "staff"),
        "planner",
    ),
    "comment_create": (
        lambda c, u: teamwork.comment_create(task=c.world.todo, user=u, body="Đã xem"),
        ("leader", "other_head"),
        "staff",
    ),
    "unit_member_add": (
        lambda c, u: members.unit_member_add(
            unit=c.world.unit, user=u, member=c.newcomer
        ),
        ("leader", "other_head", "staff", "planner"),
        "head",
    ),
    "unit_member_invite": (
        lambda c, u: members.unit_member_invite(
            unit=c.world.unit,
            user=u,
            email="nguoi-moi@example.test",
            full_name="Lê Mới",
        ),
        ("leader", "other_head", "staff", "planner"),
        "head",
    ),
    "unit_member_remove": (
        lambda c, u: members.unit_member_remove(
            unit=c.world.unit, user=u, member=c.staff
        ),
        ("leader", "other_head", "staff", "planner"),
        "admin",
    ),
}

REFUSALS = [
    (name, actor)
    for name, (_call, refused, _may) in WRITES.items()
    for actor in refused
]


def _state(cast: Cast) -> tuple:
    return (
        fingerprint(cast.world.plan),
        Plan.objects.count(),
        Activity.objects.count(),
        sorted(cast.world.unit.staff.values_list("pk", flat=True)),
        User.objects.count(),
    )


@pytest.mark.parametrize(("name", "actor"), REFUSALS)
def test_a_service_refuses_someone_who_may_not_act(
    cast: Cast, name: str, actor: str
) -> None:
    call = WRITES[name][0]
    before = _state(cast)

    with pytest.raises(PermissionDenied):
        call(cast, cast.actor(actor))

    assert _state(cast) == before


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_service_lets_someone_who_may_act(cast: Cast, name: str) -> None:
    call, _refused, may = WRITES[name]

    call(cast, cast.actor(may))


def test_staff_assigned_to_a_task_report_on_it(cast: Cast) -> None:
    teamwork.task_assign(task=cast.world.todo, user=cast.head, assignee=cast.staff)

    report = work.report_create(
        task=cast.world.todo, user=cast.staff, data={"actual_output": 1}
    )

    assert report.submitted_by == cast.staff


# Public functions of the services that are not a user's write: derived writes
# (tasks following their activity) and reads or checks used by the writes.
NOT_A_USERS_WRITE = {
    "activity_expand_tasks",
    "activity_schedule_tasks",
    "plan_row_ensure_unused",
    "mentioned_users",
    "set_password_link",
}


def test_every_write_service_is_in_this_file() -> None:
    found = set()
    for module in (activities, expansion, members, plans, teamwork, work):
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module.__name__ and not name.startswith("_"):
                found.add(name)

    assert found - NOT_A_USERS_WRITE == set(WRITES)
