"""Reads on the campaign domain, with their joins already applied."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from accounts.models import User
from accounts.roles import DISTRICT_ROLES
from organisation.models import Membership

from .models import (
    Activity,
    Plan,
    ProgressReport,
    Task,
    TaskQuerySet,
    Unit,
    awaits_review,
)


def plan_get(*, plan_id: int) -> Plan:
    return Plan.objects.get(pk=plan_id)


def plans_visible_to(*, user: User) -> QuerySet[Plan]:
    """The plans ``user`` may see by name: all for those who may edit plans,
    else the issued and closed ones (a draft reaches no unit nor leader,
    docs/design.md "Lifecycle rules"). Newest year first."""
    plans = Plan.objects.order_by("-year", "pk")
    if not user.can_edit_plans:
        plans = plans.exclude(status=Plan.Status.DRAFT)
    return plans


def plan_default(*, today: dt.date, user: User | None = None) -> Plan | None:
    """The plan a page opens on when none is asked for (dashboards, calendar,
    /reports/): this year's issued plan, else the newest issued plan, else the
    newest plan (a draft only for those who may edit plans). One query.
    """
    plans = Plan.objects.all() if user is None else plans_visible_to(user=user)
    issued = Q(status=Plan.Status.ISSUED)
    return (
        plans.annotate(
            rank=Case(
                When(issued & Q(year=today.year), then=Value(0)),
                When(issued, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-year", "pk")
        .first()
    )


def activity_detail_queryset() -> QuerySet[Activity]:
    return Activity.objects.select_related(
        "plan", "theme", "channel", "lead_unit"
    ).prefetch_related("supporting_units", "audience_groups", "objectives")


def tasks_visible_to(*, user: User) -> TaskQuerySet:
    """Tasks the user may see, with what a task line shows already joined."""
    return (
        Task.objects.visible_to(user)
        .select_related(
            "unit",
            "activity__plan",
            "activity__channel",
            "activity__theme",
            "activity__lead_unit",
        )
        .prefetch_related("activity__audience_groups")
    )


def tasks_awaiting_review_count(*, plan: Plan | None) -> int:
    """Tasks of ``plan`` done by their unit whose report waits for a planner's
    review (0 without a query when review is not required or no plan)."""
    if plan is None or not settings.REPORT_REVIEW_REQUIRED:
        return 0
    return Task.objects.filter(awaits_review(), activity__plan=plan).count()


def reviews_queue() -> QuerySet[ProgressReport]:
    """The reports of the review queue whatever their review status: those of
    issued plans' live tasks (reports of draft or closed plans never wait:
    closed plans are read-only), oldest sent first, with what a line shows
    joined."""
    return (
        ProgressReport.objects.filter(
            task__activity__plan__status=Plan.Status.ISSUED,
        )
        .exclude(task__status=Task.Status.CANCELLED)
        .select_related(
            "submitted_by", "task__unit", "task__assignee", "task__activity"
        )
        .prefetch_related("evidence_files")
        .order_by("review_requested_at", "pk")
    )


def reviews_waiting() -> QuerySet[ProgressReport]:
    """Reports waiting for a planner's review, oldest first
    (:func:`reviews_queue`)."""
    return reviews_queue().filter(review_status=ProgressReport.ReviewStatus.SUBMITTED)


REVIEW_BADGE_LIMIT = 99


def review_waiting_count(*, user: User) -> str:
    """How many reports wait for review, for the navigation's badge: "" for
    none, else the number, "99+" past :data:`REVIEW_BADGE_LIMIT` (the COUNT
    stops there, so the badge costs the same however long the queue grows);
    "" without a query for anyone who does not review."""
    if not user.is_authenticated or not user.can_edit_plans:
        return ""
    waiting = reviews_waiting().select_related(None).prefetch_related(None).order_by()
    count = waiting[: REVIEW_BADGE_LIMIT + 1].count()
    if count > REVIEW_BADGE_LIMIT:
        return f"{REVIEW_BADGE_LIMIT}+"
    return str(count) if count else ""


def member_candidates(*, unit: Unit) -> QuerySet[User]:
    """The existing accounts that may join ``unit``'s staff: active people of
    the unit's organisation, or with no role anywhere yet, with no
    organisation-wide role there (planner,
    admin, leader), not superusers, and heading no other unit. Joining gives the
    staff role, so a head's add grants nothing more; every other role is granted
    by an administrator (docs/design.md, "Roles"). Nobody of another
    organisation is offered. The add form looks accounts up here and the
    service checks against it.
    """
    members = Membership.objects.filter(organisation_id=unit.organisation_id)
    return (
        User.objects.filter(
            Q(pk__in=members.values("user_id")) | Q(memberships__isnull=True),
            is_active=True,
            is_superuser=False,
        )
        .exclude(pk__in=members.filter(role__in=DISTRICT_ROLES).values("user_id"))
        .exclude(headed_units__in=Unit.objects.exclude(pk=unit.pk))
        .distinct()
    )
