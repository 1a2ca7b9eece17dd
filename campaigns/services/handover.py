"""Handing a parent organisation's activities down to its children.

A province's plan names, for some activities, who carries them out under it:
"UBND các xã, phường" (``Activity.handed_to_kinds``: the organisation kinds
``commune ward``) or some children by name (``Activity.handed_to``). When the
plan is issued, and whenever such an activity of an issued plan is saved or
cancelled, each targeted child receives the activity as work of its own:

- a copy in its plan of the same year (its own plan, issued or draft; created
  as a draft "Plan of <year> (received from <parent>)" when it has none), whose
  ``source`` is the parent's activity: same title, description, dates,
  recurrence and planned output; its channel, audience groups and theme are
  the child's own rows of the same code (or title), its budget is the child's
  business (empty), and its lead unit is the child's first unit until the
  child's planner hands it to the right one on the activity's page;
- its tasks, for the child's units, as any activity's (expanded at once; a
  draft plan's reach nobody until the child issues it);
- a notification to the child's planners.

Idempotent: a re-run finds each child's copy by its source and brings it in
line (a changed schedule re-expands its tasks); a cancelled source, or a child
no longer targeted, cancels the copy and its open tasks and tells the child's
planners. The copy's units, and its reports, stay the child's.

Isolation: the child's rows are written in the child's scope (``acting_in``),
explicitly, by the parent's planner or administrator (:func:`can_hand_down`),
only to the organisation's own active children. A child sees only its own
copy; the parent reads the children's work only through the roll-up
(``reports.rollup``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from accounts.models import User
from accounts.roles import Role
from audiences.models import AudienceGroup
from channels.models import Channel
from notifications.models import Notification
from notifications.services import notification_create, notifications_for_new_tasks
from organisation.models import Membership, Organisation
from organisation.scoping import acting_in

from ..history import one_history_entry
from ..lifecycle import plan_lock_for_write
from ..models import Activity, ContentTheme, Plan, Unit
from ..policy import can_hand_down, require
from .expansion import activity_expand_tasks

# The fields a copy takes from its source each time it is handed down.
COPIED_FIELDS = (
    "title",
    "description",
    "start_date",
    "due_date",
    "recurrence",
    "shift_off_days",
    "planned_output",
)
#: The organisation kinds an activity may be handed down to.
RECEIVING_KINDS = tuple(
    kind for kind in Organisation.Kind.values if kind != Organisation.Kind.PROVINCE
)


@dataclass
class HandoverResult:
    """What one hand-down did: copies made, brought in line, cancelled, and
    the children left out with the reason (organisation name -> message)."""

    received: list[Activity] = field(default_factory=list)
    updated: int = 0
    cancelled: int = 0
    skipped: dict[str, str] = field(default_factory=dict)

    def merge(self, other: HandoverResult) -> None:
        self.received.extend(other.received)
        self.updated += other.updated
        self.cancelled += other.cancelled
        self.skipped.update(other.skipped)


def handover_check_targets(
    *, plan: Plan, kinds: Iterable[str], organisations: Iterable[Organisation]
) -> None:
    """``ValidationError`` unless ``kinds`` are kinds a child may have and
    ``organisations`` are active children of the plan's organisation."""
    unknown = [kind for kind in kinds if kind not in RECEIVING_KINDS]
    if unknown:
        raise ValidationError(
            _("Unknown kind of organisation: %(kinds)s.")
            % {"kinds": ", ".join(unknown)},
            code="handover_kind",
        )
    for organisation in organisations:
        if organisation.parent_id != plan.organisation_id or not organisation.is_active:
            raise ValidationError(
                _("%(name)s is not an organisation under this one.")
                % {"name": organisation.name},
                code="handover_not_child",
            )


def handover_targets(activity: Activity) -> list[Organisation]:
    """The active children of the activity's organisation it is handed to."""
    kinds = activity.handed_kinds
    named = list(activity.handed_to.values_list("pk", flat=True))
    if not kinds and not named:
        return []
    return list(
        Organisation.objects.filter(
            parent_id=activity.plan.organisation_id, is_active=True
        )
        .filter(Q(kind__in=kinds) | Q(pk__in=named))
        .order_by("pk")
    )


def plan_hand_down(
    *, plan: Plan, user: User, today: dt.date | None = None
) -> HandoverResult:
    """Hand down every activity of ``plan`` that names children (on issue).

    ``PermissionDenied`` for anyone who may not hand down. Runs in the
    caller's transaction.
    """
    require(can_hand_down, user, plan)
    result = HandoverResult()
    handed = (
        plan.activities.filter(
            Q(handed_to_kinds__gt="")
            | Q(handed_to__isnull=False)
            | Q(handed_copies__isnull=False)
        )
        .distinct()
        .order_by("pk")
    )
    for activity in handed:
        activity.plan = plan
        result.merge(activity_hand_down(activity=activity, user=user, today=today))
    return result


def activity_hand_down(
    *, activity: Activity, user: User, today: dt.date | None = None
) -> HandoverResult:
    """Bring the children's copies of ``activity`` in line with it: receive,
    update or cancel (see the module's docstring). Nothing while its plan is
    a draft. ``PermissionDenied`` for anyone who may not hand down."""
    result = HandoverResult()
    plan = activity.plan
    if plan.is_draft:
        return result
    # One query for an organisation without children (a commune's saves).
    children = list(
        Organisation.objects.filter(parent_id=plan.organisation_id).values_list(
            "pk", flat=True
        )
    )
    if not children:
        return result
    targets = handover_targets(activity)
    with acting_in(children):
        copies = {
            copy.plan.organisation_id: copy
            for copy in Activity.objects.filter(source=activity).select_related("plan")
        }
    if not targets and not copies:
        return result
    require(can_hand_down, user, plan)
    cancelled = activity.status == Activity.Status.CANCELLED
    # The source's catalogue rows are the parent's: read before the child's scope.
    audience_codes = list(activity.audience_groups.values_list("code", flat=True))
    wanted = {child.pk for child in targets}
    for child in targets:
        with acting_in(child.pk):
            copy = copies.get(child.pk)
            if copy is not None:
                _sync(copy, activity, result, cancel=cancelled, today=today)
            elif not cancelled:
                _receive(activity, child, audience_codes, result, today=today)
    for child_id, copy in copies.items():
        if child_id not in wanted:
            with acting_in(child_id):
                _sync(copy, activity, result, cancel=True, today=today)
    return result


# --- one child ---------------------------------------------------------------------


PLAN_TITLE = gettext_lazy("Plan of %(year)s (received from %(parent)s)")
RECEIVED = gettext_lazy("Received from %(parent)s")
UPDATED = gettext_lazy("Updated from %(parent)s")
CANCELLED = gettext_lazy("Cancelled by %(parent)s")
RECEIVED_NOTICE = gettext_lazy("%(parent)s handed down an activity: %(title)s")
CANCELLED_NOTICE = gettext_lazy(
    "%(parent)s cancelled a handed-down activity: %(title)s"
)


def _office_text(message: Promise, **params: str) -> str:
    """A stored sentence (history, notification, plan title), in the office's
    language."""
    with override(settings.LANGUAGE_CODE):
        return str(message) % params


def _tell_planners(child_id: int, title: str, copy: Activity) -> None:
    planners = Membership.objects.filter(
        organisation_id=child_id, role=Role.PLANNER, user__is_active=True
    ).select_related("user")
    for membership in planners:
        notification_create(
            recipient=membership.user,
            title=title,
            kind=Notification.Kind.OTHER,
            url=copy.get_absolute_url(),
            organisation_id=child_id,
        )


def _child_plan(child: Organisation, source_plan: Plan) -> Plan | None:
    """The child's plan of the source's year that receives the activities:
    its own (issued in its name) first, else any open one; created as a draft
    when it has none. None when its plan of the year is closed."""
    plans = list(
        Plan.objects.filter(organisation=child, year=source_plan.year).order_by("pk")
    )
    open_plans = [plan for plan in plans if not plan.is_closed]
    own = [plan for plan in open_plans if plan.issuer == child.name]
    if own or open_plans:
        return (own or open_plans)[0]
    if any(plan.issuer == child.name for plan in plans):
        return None
    plan = Plan(
        organisation=child,
        year=source_plan.year,
        issuer=child.name,
        title=_office_text(
            PLAN_TITLE,
            year=str(source_plan.year),
            parent=source_plan.issuer,
        ),
        status=Plan.Status.DRAFT,
    )
    plan.full_clean()
    plan.save()
    return plan


def _receive(
    source: Activity,
    child: Organisation,
    audience_codes: list[str],
    result: HandoverResult,
    *,
    today: dt.date | None,
) -> None:
    plan = _child_plan(child, source.plan)
    unit = Unit.objects.filter(organisation=child, is_active=True).first()
    channel = (
        Channel.objects.filter(organisation=child, code=source.channel.code).first()
        or Channel.objects.filter(organisation=child).order_by("order", "pk").first()
    )
    reason = (
        _("its plan of the year is closed")
        if plan is None
        else _("it has no unit yet")
        if unit is None
        else _("it has no channel yet")
        if channel is None
        else ""
    )
    if reason or plan is None or unit is None or channel is None:
        result.skipped[child.name] = reason
        return
    plan_lock_for_write(plan.pk)
    theme, _created = ContentTheme.objects.get_or_create(
        plan=plan, title=source.theme.title
    )
    audiences = AudienceGroup.objects.filter(
        organisation=child,
        code__in=audience_codes,
    )
    copy = Activity(
        plan=plan,
        source=source,
        theme=theme,
        channel=channel,
        lead_unit=unit,
        **{name: getattr(source, name) for name in COPIED_FIELDS},
    )
    copy._change_reason = _office_text(RECEIVED, parent=source.plan.issuer)
    with one_history_entry(copy):
        copy.save()
        copy.audience_groups.set(list(audiences))
    _expand(copy, today)
    _tell_planners(
        child.pk,
        _office_text(
            RECEIVED_NOTICE,
            parent=source.plan.issuer,
            title=copy.title,
        ),
        copy,
    )
    result.received.append(copy)


def _sync(
    copy: Activity,
    source: Activity,
    result: HandoverResult,
    *,
    cancel: bool,
    today: dt.date | None,
) -> None:
    """Bring ``copy`` in line with ``source`` (or cancel it); a closed plan's
    copy is history and stays as it is."""
    if copy.plan.is_closed or copy.status == Activity.Status.CANCELLED:
        return
    changed = [
        name
        for name in COPIED_FIELDS
        if not cancel and getattr(copy, name) != getattr(source, name)
    ]
    if not changed and not cancel:
        return
    plan_lock_for_write(copy.plan_id)
    for name in changed:
        setattr(copy, name, getattr(source, name))
    if cancel:
        copy.status = Activity.Status.CANCELLED
        changed.append("status")
        reason = CANCELLED
    else:
        reason = UPDATED
    copy.version += 1
    copy._change_reason = _office_text(reason, parent=source.plan.issuer)
    copy.save(update_fields=[*changed, "version", "updated_at"])
    _expand(copy, today)
    if cancel:
        result.cancelled += 1
        _tell_planners(
            copy.plan.organisation_id,
            _office_text(
                CANCELLED_NOTICE,
                parent=source.plan.issuer,
                title=copy.title,
            ),
            copy,
        )
    else:
        result.updated += 1


def _expand(copy: Activity, today: dt.date | None) -> None:
    """The copy's tasks, and the heads' notification unless its plan is a
    draft (as ``activities.activity_schedule_tasks`` does)."""
    expanded = activity_expand_tasks(activity=copy, today=today)
    if not copy.plan.is_draft:
        notifications_for_new_tasks(tasks=expanded.created)
