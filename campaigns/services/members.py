"""Writes of a unit's staff: adding, inviting and removing.

The head manages their unit's staff; an administrator manages every unit
(:func:`campaigns.policy.can_manage_members`). A person may be staff of several
units. Removing someone takes back the open tasks of that unit assigned to them
(the head is reminded again), except in closed plans, which never change.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from organisation.models import Membership

from ..lifecycle import plan_lock_for_write
from ..models import Task, Unit
from ..policy import can_manage_members, require
from ..selectors import member_candidates

logger = logging.getLogger(__name__)


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


def _free_username(email: str) -> str:
    base = slugify(email.partition("@")[0])[:120] or "canbo"
    name = base
    n = 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def set_password_link(*, member: User) -> str:
    """The absolute set-password link of Django's reset views for ``member``."""
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    path = reverse("password_reset_confirm", args=[uid, token])
    return f"{settings.SITE_URL}{path}"


def _send_invitation(*, member: User, unit: Unit, inviter: User) -> None:
    with override(settings.LANGUAGE_CODE):
        context = {
            "member": member,
            "unit": unit,
            "inviter": inviter.get_full_name() or inviter.username,
            "link": set_password_link(member=member),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "site_url": settings.SITE_URL,
        }
        subject = gettext("Your account on the CCHC planner (%(unit)s)") % {
            "unit": unit.display_name
        }
        text = render_to_string("emails/staff_invitation.txt", context)
        html = render_to_string("emails/staff_invitation.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.email],
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        # The caller's transaction rolls the account back: nothing half-done.
        logger.warning("invitation to %s not sent: %r", member.email, exc)
        raise ValidationError(
            _(
                "The mail server could not send the invitation: nothing was "
                "saved. Try again later, or ask the administrator to check the "
                "mail settings."
            ),
            code="mail_down",
        ) from exc


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
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("An account with this address exists: add it from the list instead."),
            code="exists",
        )
    first, _sep, last = full_name.strip().rpartition(" ")
    member = User(
        username=_free_username(email),
        email=email,
        first_name=(first or last)[:150],
        last_name=(last if first else "")[:150],
    )
    member.set_unusable_password()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # Another invitation to the same address took the name meanwhile.
        raise ValidationError(
            _(
                "An invitation to %(email)s was just sent by someone else: the "
                "account is in the list."
            ),
            code="exists",
            params={"email": email},
        ) from None
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
