"""Writes of a unit's staff: adding, inviting and removing.

The head manages their unit's staff; an administrator manages every unit
(:func:`campaigns.policy.can_manage_members`). A person may be staff of several
units. Removing someone takes back the open tasks of that unit assigned to them
(the head is reminded again), except in closed plans, which never change.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.invitations import account_for_invitation, invitation_send
from accounts.invitations import free_username as _free_username
from accounts.invitations import set_password_link as set_password_link
from accounts.models import User
from accounts.roles import Role
from organisation.models import Membership

from ..lifecycle import plan_lock_for_write
from ..models import Task, Unit
from ..policy import can_manage_members, require
from ..selectors import member_candidates


def _make_staff(member: User, unit: Unit) -> None:
    """``member`` gets the staff role in the unit's organisation and joins it."""
    Membership.objects.get_or_create(
        user=member, organisation_id=unit.organisation_id, role=Role.UNIT_STAFF
    )
    member.__dict__.pop("role_map", None)
    unit.staff.add(member)


@transaction.atomic
def unit_member_add(*, unit: Unit, user: User, member: User) -> User:
    """Add an existing account to the unit's staff (it gets the staff role).

    Raises ValidationError for a disabled account, one that is not among
    :func:`campaigns.selectors.member_candidates` (an organisation-wide role or
    the head of another unit: only an administrator grants roles) or someone
    already listed.
    """
    require(can_manage_members, user, unit)
    if not member.is_active:
        raise ValidationError(_("This account is disabled."), code="inactive")
    if not member_candidates(unit=unit).filter(pk=member.pk).exists():
        raise ValidationError(
            _(
                "%(name)s has another role in the organisation and cannot be "
                "added to a unit's staff; roles are granted by an administrator."
            ),
            code="not_candidate",
            params={"name": member.get_full_name() or member.username},
        )
    if unit.staff.filter(pk=member.pk).exists():
        raise ValidationError(
            _("%(name)s is already a staff member of this unit."),
            code="already_member",
            params={"name": member.get_full_name() or member.username},
        )
    _make_staff(member, unit)
    return member


def _send_invitation(*, member: User, unit: Unit, inviter: User) -> None:
    invitation_send(
        member=member,
        subject=_("Your account on the CCHC planner (%(unit)s)"),
        subject_params={"unit": unit.display_name},
        template="staff_invitation",
        context={"unit": unit, "inviter": inviter.get_full_name() or inviter.username},
    )


@transaction.atomic
def unit_member_invite(
    *, unit: Unit, user: User, email: str, full_name: str = ""
) -> User:
    """Invite someone by e-mail: the account is created without a password,
    added to the unit's staff and sent a set-password link (Django's reset
    token, valid PASSWORD_RESET_TIMEOUT seconds). An address that already has
    an account is a ValidationError (add that account instead), and so are the
    same invitation sent twice at once (the second finds the name taken) and a
    mail server that is down (nothing is saved).
    """
    require(can_manage_members, user, unit)
    email = User.objects.normalize_email(email.strip())
    member = account_for_invitation(
        email=email, full_name=full_name, username=_free_username(email)
    )
    _make_staff(member, unit)
    # Sent last, so that a mail error rolls the whole invitation back.
    _send_invitation(member=member, unit=unit, inviter=user)
    return member


@transaction.atomic
def unit_member_remove(*, unit: Unit, user: User, member: User) -> int:
    """Take ``member`` off the unit's staff; their open tasks of the unit in live
    plans go back to the head (unassigned). Returns how many were unassigned.
    The account and its other units stay."""
    require(can_manage_members, user, unit)
    if not unit.staff.filter(pk=member.pk).exists():
        raise ValidationError(
            _("This person is not a staff member of this unit."), code="not_member"
        )
    unit.staff.remove(member)
    open_tasks = Task.objects.filter(
        unit=unit, assignee=member, status__in=Task.OPEN_STATUSES
    )
    live_plans = []
    for plan_id in sorted(set(open_tasks.values_list("plan_id", flat=True))):
        try:
            plan_lock_for_write(plan_id)
        except ValidationError:  # closed: its tasks never change
            continue
        live_plans.append(plan_id)
    tasks = list(
        open_tasks.select_for_update(of=("self",)).filter(plan_id__in=live_plans)
    )
    reason = gettext("Assignment removed")
    for task in tasks:
        task.assignee = None
        task._change_reason = reason
        task.save(update_fields=["assignee", "updated_at"])
    return len(tasks)
