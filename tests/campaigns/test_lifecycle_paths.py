"""The lifecycle holds on every path: each URL and service that writes is tried
against a closed plan (refused, nothing changes) and a draft plan (units see and
hear nothing).

The URLs are discovered from the URL configuration: a new URL that is neither
listed as a write below nor as one that writes nothing of a plan fails
``test_every_url_is_classified``, so that it is added here and checked.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from importlib import import_module
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from campaigns.models import Plan, Task
from notifications.models import Notification
from tests.campaigns.lifecycle_world import PlanWorld, fingerprint, plan_world

pytestmark = pytest.mark.django_db

# URL names that write nothing of a plan (reads, or the user's own settings).
NOT_PLAN_WRITES = {
    "healthz",
    "login",
    "logout",
    "set_language",
    "accounts:profile",
    "accounts:language",
    "organisation:switch",
    # An organisation's administration and the first-run setup: no plan's rows.
    "administration:audience_create",
    "administration:audience_edit",
    "administration:audience_list",
    "administration:channel_create",
    "administration:channel_edit",
    "administration:channel_list",
    "administration:index",
    "administration:official_day_create",
    "administration:official_day_delete",
    "administration:official_day_edit",
    "administration:official_days",
    "administration:organisation_create",
    "administration:organisation_list",
    "administration:people",
    "administration:person",
    "administration:profile",
    "administration:unit_create",
    "administration:unit_edit",
    "administration:unit_list",
    "setup",
    "reports:rollup",
    "reports:rollup_child",
    "reports:rollup_export",
    # The register of issued reports: issuing records the report (a closed
    # plan's yearly report too) and writes none of the plan's rows.
    "reports:issue",
    "reports:register",
    "reports:register_file",
    "favicon",
    "accounts:password_change",
    "notifications:list",
    "notifications:bell",
    "notifications:read_all",
    "notifications:open",
    "notifications:read",
    "planning:dashboard",
    "planning:plan_list",
    "planning:plan_detail",
    "planning:plan_signed_file",
    "planning:plan_import_template",
    "planning:activity_list",
    "planning:activity_detail",
    "planning:recurrence_preview",
    "planning:calendar",
    "planning:calendar_events",
    "planning:calendar_holidays",
    "workspace:my_tasks",
    "workspace:task_detail",
    "workspace:evidence_download",
    "reports:index",
    "reports:year",
    "reports:export",
    "reports:evidence",
    # The user's own account: password reset and the calendar feed's address.
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accounts:calendar_feed_token",
    "calendar_feed",
    "workspace:review_list",
    "planning:plan_timeline",
    # A person's own named filters of the list pages.
    "accounts:saved_filter_create",
    "accounts:saved_filter_remove",
    # Membership is the unit's, not a plan's: a member removed from a unit
    # gives their open tasks back to the head (checked in test_teamwork).
    "workspace:unit_members",
}


def _xlsx_upload() -> BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Tên hoạt động"])
    book.active.append(["Hoạt động mới"])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "import.xlsx"
    return out


# name -> (role, url builder, POST data builder)
WriteCase = tuple[str, Callable[[PlanWorld], str], Callable[[PlanWorld], dict]]
WRITES: dict[str, WriteCase] = {
    "workspace:report_create": (
        "head",
        lambda w: reverse("workspace:report_create", args=[w.todo.pk]),
        lambda w: {"actual_output": "7", "note": "mới"},
    ),
    "workspace:task_start": (
        "head",
        lambda w: reverse("workspace:task_start", args=[w.todo.pk]),
        lambda w: {},
    ),
    "workspace:task_done": (
        "head",
        lambda w: reverse("workspace:task_done", args=[w.in_progress.pk]),
        lambda w: {},
    ),
    "workspace:task_reopen": (
        "planner",
        lambda w: reverse("workspace:task_reopen", args=[w.done.pk]),
        lambda w: {"reason": "làm lại"},
    ),
    "workspace:report_edit": (
        "head",
        lambda w: reverse("workspace:report_edit", args=[w.report.pk]),
        lambda w: {"actual_output": "9", "note": "sửa", "version": "1"},
    ),
    "workspace:evidence_delete": (
        "head",
        lambda w: reverse("workspace:evidence_delete", args=[w.evidence.pk]),
        lambda w: {},
    ),
    "workspace:task_comments": (
        "head",
        lambda w: reverse("workspace:task_comments", args=[w.todo.pk]),
        lambda w: {"body": "Đề nghị bổ sung ảnh."},
    ),
    "workspace:task_assign": (
        "head",
        lambda w: reverse("workspace:task_assign", args=[w.todo.pk]),
        lambda w: {"assignee": str(w.unit.head_id)},
    ),
    "workspace:report_review": (
        "planner",
        lambda w: reverse("workspace:report_review", args=[w.report.pk]),
        lambda w: {"decision": "return", "comment": "Thiếu minh chứng."},
    ),
    "planning:plan_create": (
        "planner",
        lambda w: reverse("planning:plan_create"),
        lambda w: {"year": str(w.plan.year), "title": "x", "issuer": w.plan.issuer},
    ),
    "planning:plan_edit": (
        "planner",
        lambda w: reverse("planning:plan_edit", args=[w.plan.pk]),
        lambda w: {"year": str(w.plan.year), "title": "đổi", "issuer": "khác"},
    ),
    "planning:plan_status": (
        "planner",
        lambda w: reverse("planning:plan_status", args=[w.plan.pk]),
        lambda w: {"status": "issued"},
    ),
    "planning:plan_copy": (
        "planner",
        lambda w: reverse("planning:plan_copy", args=[w.plan.pk]),
        lambda w: {"year": str(w.plan.year + 1), "title": "bản sao"},
    ),
    "planning:plan_import": (
        "planner",
        lambda w: reverse("planning:plan_import", args=[w.plan.pk]),
        lambda w: {"file": _xlsx_upload()},
    ),
    "planning:activity_create": (
        "planner",
        lambda w: reverse("planning:activity_create"),
        lambda w: {
            "plan": str(w.plan.pk),
            "title": "mới",
            "theme": str(w.theme.pk),
            "channel": str(w.activity.channel_id),
            "lead_unit": str(w.unit.pk),
            "start_date": f"{w.plan.year}-06-01",
            "due_date": f"{w.plan.year}-06-30",
            "planned_output": "1",
        },
    ),
    "planning:activity_edit": (
        "planner",
        lambda w: reverse("planning:activity_edit", args=[w.activity.pk]),
        lambda w: {"title": "đổi", "version": "1"},
    ),
    "workspace:review_accept_many": (
        "planner",
        lambda w: reverse("workspace:review_accept_many"),
        lambda w: {"report": [str(w.report.pk)]},
    ),
    "planning:activity_batch": (
        "planner",
        lambda w: reverse("planning:activity_batch"),
        lambda w: {"activity": [str(w.activity.pk)], "action": "cancel"},
    ),
    "planning:calendar_move": (
        "planner",
        lambda w: reverse("planning:calendar_move"),
        lambda w: {
            "kind": "occurrence",
            "activity": str(w.activity.pk),
            "from_date": w.todo.due_date.isoformat(),
            "to_date": (w.todo.due_date + dt.timedelta(days=1)).isoformat(),
        },
    ),
}


def _names(patterns: list, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # the admin is checked model by model below
            space = f"{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern.url_patterns, space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names


def test_every_url_is_classified() -> None:
    unknown = _names(get_resolver().url_patterns) - NOT_PLAN_WRITES - set(WRITES)
    assert unknown == set(), f"classify these URLs in {__name__}: {sorted(unknown)}"


@pytest.fixture
def head(db) -> User:
    from tests.conftest import _user_with_role

    return _user_with_role("unit_head")


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_url_leaves_a_closed_plan_unchanged(
    name: str, head: User, planner: User
) -> None:
    world = plan_world(head=head, status=Plan.Status.CLOSED)
    before = fingerprint(world.plan)
    role, url, data = WRITES[name]
    client = _client(head if role == "head" else planner)

    response = client.post(url(world), data(world))

    assert response.status_code < 500
    assert fingerprint(world.plan) == before


@pytest.mark.parametrize(
    "name", sorted(n for n, case in WRITES.items() if case[0] == "head")
)
def test_a_unit_head_cannot_touch_a_draft_plans_tasks(
    name: str, head: User, planner: User
) -> None:
    world = plan_world(head=head, status=Plan.Status.DRAFT)
    before = fingerprint(world.plan)
    _role, url, data = WRITES[name]

    response = _client(head).post(url(world), data(world))

    assert response.status_code == 404
    assert fingerprint(world.plan) == before


def test_a_closed_plans_refusal_is_explained(head: User) -> None:
    world = plan_world(head=head, status=Plan.Status.CLOSED)

    response = _client(head).post(
        reverse("workspace:task_start", args=[world.todo.pk]), follow=True
    )

    assert "đã đóng" in response.content.decode()


# --- services ------------------------------------------------------------------

SERVICE_MODULES = (
    "campaigns.services.activities",
    "campaigns.services.plans",
    "campaigns.services.work",
    "campaigns.services.teamwork",
    "campaigns.services.expansion",
    "campaigns.services.reviews",
    "campaigns.services.activity_batches",
)
# Services that write nothing of a plan of their own (creating a new plan; a
# check that a theme or objective is unused; a lookup of who a comment names).
NOT_PLAN_SERVICES = {
    "campaigns.services.plans.plan_copy_to_year",
    "campaigns.services.plans.plan_row_ensure_unused",
    "campaigns.services.teamwork.mentioned_users",
    # Who is told of a report, and telling them: called by the report services.
    "campaigns.services.reviews.reviewers_of",
    "campaigns.services.reviews.report_submitted_notify",
    "campaigns.services.activity_batches.refusal_named",
}


def _service_calls(world: PlanWorld, user: User) -> dict[str, Callable[[], object]]:
    from campaigns.services import (
        activities,
        activity_batches,
        expansion,
        plans,
        reviews,
        teamwork,
        work,
    )

    activity = world.activity
    return {
        "campaigns.services.teamwork.task_assign": lambda: teamwork.task_assign(
            task=world.todo, user=user, assignee=None
        ),
        "campaigns.services.teamwork.activity_tasks_assign": lambda: (
            teamwork.activity_tasks_assign(
                activity=activity, unit=world.unit, user=user, assignee=None
            )
        ),
        "campaigns.services.teamwork.report_review": lambda: teamwork.report_review(
            report=world.report, user=user, decision=teamwork.Decision.ACCEPT
        ),
        "campaigns.services.reviews.reports_accept": lambda: reviews.reports_accept(
            actor=user, report_ids=[world.report.pk]
        ),
        "campaigns.services.activity_batches.activities_shift": lambda: (
            activity_batches.activities_shift(
                actor=user, activity_ids=[activity.pk], days=1
            )
        ),
        "campaigns.services.activity_batches.activities_cancel": lambda: (
            activity_batches.activities_cancel(actor=user, activity_ids=[activity.pk])
        ),
        "campaigns.services.teamwork.comment_create": lambda: teamwork.comment_create(
            task=world.todo, user=user, body="Đã xem @canbo"
        ),
        "campaigns.services.expansion.activity_expand_tasks": lambda: (
            expansion.activity_expand_tasks(activity=activity)
        ),
        "campaigns.services.activities.activity_schedule_tasks": lambda: (
            activities.activity_schedule_tasks(activity=activity)
        ),
        "campaigns.services.activities.activity_cancel": lambda: (
            activities.activity_cancel(activity=activity, user=user)
        ),
        "campaigns.services.activities.activity_save": lambda: activities.activity_save(
            activity=activity,
            audience_groups=[],
            objectives=[],
            supporting_units=[],
            expected_version=None,
            user=user,
        ),
        "campaigns.services.activities.occurrence_move": lambda: (
            activities.occurrence_move(
                activity_id=activity.pk,
                from_date=world.todo.due_date,
                to_date=world.todo.due_date + dt.timedelta(days=1),
                user=user,
            )
        ),
        "campaigns.services.activities.activity_move": lambda: activities.activity_move(
            activity_id=activity.pk, to_start=activity.start_date, user=user
        ),
        "campaigns.services.plans.plan_save": lambda: plans.plan_save(
            plan=world.plan, user=user
        ),
        "campaigns.services.plans.plan_set_status": lambda: plans.plan_set_status(
            plan_id=world.plan.pk, status="issued", user=user
        ),
        "campaigns.services.work.report_create": lambda: work.report_create(
            task=world.todo, user=user, data={"actual_output": 3}
        ),
        "campaigns.services.work.report_update": lambda: work.report_update(
            report=world.report,
            user=user,
            data={
                "actual_output": 5,
                "participants": None,
                "reach": None,
                "note": "khác",
                "evidence_links": "",
            },
            expected_version=world.report.version,
        ),
        "campaigns.services.work.evidence_delete": lambda: work.evidence_delete(
            evidence=world.evidence, user=user
        ),
        "campaigns.services.work.task_start": lambda: work.task_start(
            task=world.todo, user=user
        ),
        "campaigns.services.work.task_mark_done": lambda: work.task_mark_done(
            task=world.in_progress, user=user
        ),
        "campaigns.services.work.task_reopen": lambda: work.task_reopen(
            task=world.done, user=user, reason="lại"
        ),
    }


def _public_services() -> set[str]:
    found = set()
    for module_name in SERVICE_MODULES:
        module = import_module(module_name)
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module_name and not name.startswith("_"):
                found.add(f"{module_name}.{name}")
    return found


def test_every_service_is_checked(head: User, planner: User) -> None:
    world = plan_world(head=head, status=Plan.Status.CLOSED)
    calls = set(_service_calls(world, planner))
    assert calls == {*SERVICE_NAMES, "campaigns.services.plans.plan_set_status"}
    assert _public_services() - calls - NOT_PLAN_SERVICES == set()


SERVICE_NAMES = (
    "campaigns.services.expansion.activity_expand_tasks",
    "campaigns.services.activities.activity_cancel",
    "campaigns.services.activities.activity_move",
    "campaigns.services.activities.activity_save",
    "campaigns.services.activities.activity_schedule_tasks",
    "campaigns.services.activities.occurrence_move",
    "campaigns.services.plans.plan_save",
    "campaigns.services.work.evidence_delete",
    "campaigns.services.work.report_create",
    "campaigns.services.work.report_update",
    "campaigns.services.work.task_mark_done",
    "campaigns.services.work.task_reopen",
    "campaigns.services.work.task_start",
    "campaigns.services.teamwork.activity_tasks_assign",
    "campaigns.services.teamwork.comment_create",
    "campaigns.services.teamwork.report_review",
    "campaigns.services.teamwork.task_assign",
    "campaigns.services.reviews.reports_accept",
    "campaigns.services.activity_batches.activities_shift",
    "campaigns.services.activity_batches.activities_cancel",
)


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_every_service_refuses_a_closed_plan(
    name: str, admin_user: User, head: User
) -> None:
    world = plan_world(head=head, status=Plan.Status.CLOSED)
    before = fingerprint(world.plan)

    with pytest.raises(ValidationError) as caught:
        _service_calls(world, admin_user)[name]()

    assert caught.value.code == "plan_closed"
    assert fingerprint(world.plan) == before


def test_an_administrator_reopens_a_closed_plan_and_it_is_recorded(
    admin_user: User, head: User
) -> None:
    from campaigns.services.plans import plan_set_status

    world = plan_world(head=head, status=Plan.Status.CLOSED)

    plan_set_status(plan_id=world.plan.pk, status="issued", user=admin_user)

    latest = world.plan.history.latest()
    assert latest.status == Plan.Status.ISSUED
    assert latest.history_user is None or latest.history_user == admin_user
    assert "mở lại" in (latest.history_change_reason or "").lower()


def test_the_admin_cannot_write_a_closed_plans_task(
    head: User, admin_user: User
) -> None:
    # The rule lives in the services (a model's save() reads nothing): the one
    # other way in, the Django admin, shows a plan's rows read-only.
    world = plan_world(head=head, status=Plan.Status.CLOSED)
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    before = fingerprint(world.plan)

    response = _client(admin_user).post(
        reverse("admin:campaigns_task_change", args=[world.todo.pk]),
        {"status": Task.Status.DONE},
    )

    assert response.status_code == 403
    assert fingerprint(world.plan) == before


# --- draft ---------------------------------------------------------------------


def test_a_draft_plans_tasks_are_not_listed_nor_counted_for_the_unit(
    head: User,
) -> None:
    plan_world(head=head, status=Plan.Status.DRAFT)

    assert Task.objects.visible_to(head).count() == 0


def test_saving_an_activity_in_a_draft_plan_notifies_no_unit(
    head: User, planner: User
) -> None:
    from campaigns.services.activities import activity_save
    from tests.factories import ActivityFactory

    world = plan_world(head=head, status=Plan.Status.DRAFT)
    activity = ActivityFactory.build(
        plan=world.plan,
        theme=world.theme,
        channel=world.activity.channel,
        lead_unit=world.unit,
        start_date=dt.date(2024, 7, 1),
        due_date=dt.date(2024, 7, 31),
    )

    activity_save(
        activity=activity,
        audience_groups=[],
        objectives=[],
        supporting_units=[],
        expected_version=None,
        user=planner,
    )

    assert not Notification.objects.filter(recipient=head).exists()


def test_issuing_a_draft_plan_tells_the_units_of_their_tasks(
    head: User, planner: User
) -> None:
    from campaigns.services.plans import plan_set_status

    world = plan_world(head=head, status=Plan.Status.DRAFT)

    plan_set_status(plan_id=world.plan.pk, status="issued", user=planner)

    assert Notification.objects.filter(recipient=head).count() == 1
