"""Accounts created by an invitation: no password until the person chooses one
through the link e-mailed to them (Django's password-reset token, valid
``PASSWORD_RESET_TIMEOUT`` seconds).

The callers (a unit's staff, an organisation's people, a new organisation's
first administrator) create the account, give it its roles and send the
invitation last, in one transaction: a mail server that is down rolls the
whole invitation back.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .models import User
from .names import split_full_name

logger = logging.getLogger(__name__)


def free_username(email: str) -> str:
    """A user name made from the address's local part that no account has."""
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


def account_for_invitation(*, email: str, full_name: str, username: str) -> User:
    """A new account without a password for ``email``; the caller's
    transaction holds it. Raises ValidationError when an account has the
    address, or took the user name meanwhile (the same invitation sent twice
    at once)."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("An account with this address exists: add it from the list instead."),
            code="exists",
        )
    last, first = split_full_name(full_name)
    member = User(
        username=username,
        email=email,
        first_name=first,
        last_name=last,
    )
    member.set_unusable_password()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(
            _(
                "An invitation to %(email)s was just sent by someone else: the "
                "account is in the list."
            ),
            code="exists",
            params={"email": email},
        ) from None
    return member


def invitation_send(
    *,
    member: User,
    subject: Promise,
    subject_params: dict[str, Any],
    template: str,
    context: dict[str, Any],
    from_email: str | None = None,
) -> None:
    """E-mail ``member`` the ``emails/<template>.txt`` and ``.html`` messages
    and the lazy ``subject`` (filled with ``subject_params``), in the
    installation's language, with the set-password link (``link``) if
    the account has no password yet. Raises ValidationError (code
    ``mail_down``) when the mail server refuses: the caller's transaction then
    saves nothing."""
    with override(settings.LANGUAGE_CODE):
        context = {
            **context,
            "member": member,
            "link": ""
            if member.has_usable_password()
            else set_password_link(member=member),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "site_url": settings.SITE_URL,
        }
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
        subject_text = str(subject) % subject_params
    message = EmailMultiAlternatives(
        subject=subject_text,
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=[member.email],
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("invitation to %s not sent: %r", member.email, exc)
        raise ValidationError(
            _(
                "The mail server could not send the invitation: nothing was "
                "saved. Try again later, or ask the administrator to check the "
                "mail settings."
            ),
            code="mail_down",
        ) from exc
