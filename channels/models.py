from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nuithanh_cchc.text import CleanTextMixin
from organisation.scoping import ScopedManager


class Channel(CleanTextMixin, models.Model):
    """A form of communication (hình thức tuyên truyền) and the unit it counts in."""

    class Form(models.TextChoices):
        # The PAR index scores online and traditional forms separately.
        ONLINE = "online", _("Online")
        TRADITIONAL = "traditional", _("Traditional")

    organisation = models.ForeignKey(
        "organisation.Organisation",
        on_delete=models.PROTECT,
        related_name="channels",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    # Looked up within its organisation: the (organisation, code) constraint
    # is the index.
    code = models.SlugField(_("code"), max_length=50, db_index=False)
    output_unit = models.CharField(
        _("output unit"),
        max_length=50,
        help_text=_("What one output counts, e.g. article, broadcast, session."),
    )
    form = models.CharField(
        _("form"), max_length=20, choices=Form.choices, default=Form.TRADITIONAL
    )
    color = models.CharField(
        _("colour"),
        max_length=7,
        default="#0d6efd",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1a2b3c."))
        ],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager["Channel"]("organisation")

    class Meta:
        ordering = ("order", "name")
        verbose_name = _("channel")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "name"),
                name="channel_name_per_org",
            ),
            models.UniqueConstraint(
                fields=("organisation", "code"),
                name="channel_code_per_org",
            ),
        ]
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name
