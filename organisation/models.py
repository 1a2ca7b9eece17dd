"""The organisations one installation serves, and who works in each.

Since 1 July 2025 the communications work is done by commune-level People's
Committees (communes, wards, special zones) and provincial departments, under the
province's own plan; a province hosts one installation for all of them. Each
organisation holds its Decree 30 identity (the brand, e-mails, every docx and a new
plan's issuer read it), a kind and an optional parent; a person works in several
organisations with roles in each (:class:`Membership`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Organisation(models.Model):
    """A body that plans and reports: a province's People's Committee, a
    department, a commune, ward or special zone, or any other.

    Header lines follow Decree 30/2020/NĐ-CP, Appendix I: the governing body's name
    above the issuing body's name, both printed in capitals. ``parent`` is the body
    that sees this one rolled up (a commune's province); ``parent_name`` is only
    the governing body's name as printed.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province or city People's Committee")
        DEPARTMENT = "department", _("Department, board or sector")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        SPECIAL_ZONE = "special_zone", _("Special zone")
        DISTRICT = "district", _("District (before 1 July 2025)")
        OTHER = "other", _("Other body")

    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.COMMUNE
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
        help_text=_("The body that sees this one's figures rolled up."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    parent_name = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_(
            "First header line of documents, above the name, e.g. UBND TỈNH QUẢNG "
            "NAM. Leave empty if there is none."
        ),
    )
    name = models.CharField(
        _("full name"),
        max_length=200,
        help_text=_(
            "The issuing body as written in sentences, e.g. UBND xã Tam Xuân. Second "
            "header line of documents (in capitals) and new plans' issuer."
        ),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        help_text=_("Shown in the brand of every page, e.g. Tam Xuân."),
    )
    place = models.CharField(
        _("place name for dates"),
        max_length=100,
        help_text=_("As in “Tam Xuân, ngày … tháng … năm …”."),
    )
    document_symbol = models.CharField(
        _("report symbol"),
        max_length=40,
        default="BC-UBND",
        help_text=_("After the number of a report, e.g. BC-UBND."),
    )
    signer_title = models.TextField(
        _("signer's title block"),
        default="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        help_text=_(
            "One line per line, e.g. TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."
        ),
    )
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(
        _("recipients"),
        blank=True,
        help_text=_("“Nơi nhận” of reports, one per line."),
    )
    email_sender_name = models.CharField(
        _("e-mail sender name"),
        max_length=100,
        blank=True,
        help_text=_("The name reminder e-mails come from; empty: the short name."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Not a field: whether active organisations sit under this one, set on the
    # organisations read with a person's roles (accounts.models.User); None
    # where nobody read it.
    has_children: bool | None = None

    class Meta:
        ordering = ("name",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["parent", "kind"], name="organisatio_parent__idx")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def header_lines(self) -> list[str]:
        """The Decree 30 header, in capitals: [governing body,] issuing body."""
        lines = [self.parent_name, self.name]
        return [line.strip().upper() for line in lines if line.strip()]

    @property
    def signer_lines(self) -> list[str]:
        return _lines(self.signer_title)

    @property
    def recipient_lines(self) -> list[str]:
        return _lines(self.recipients)

    @property
    def sender_name(self) -> str:
        return self.email_sender_name.strip() or self.short_name


class Membership(models.Model):
    """One role of a person in an organisation (a row per role).

    A person may be planner in one organisation and unit head in another; what
    the person may do is decided by the roles held in the organisation of what
    they act on (``accounts.models.User.roles_in``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="membership_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "organisation"], name="organisatio_user_id_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
