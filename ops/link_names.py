"""Translatable names for the tables behind many-to-many fields.

Django names such a table "<model>-<model> relationship" from the two classes' code
names (``activity-objective relationship``), which no catalogue can translate; the
admin shows it when it lists what a deletion takes with it. Each gets the two models'
own (translated) names instead.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def name_link_tables() -> None:
    """Set the verbose names of every auto-created many-to-many table."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.auto_created:
            continue
        ends = [
            field.related_model._meta
            for field in meta.fields
            if isinstance(field.related_model, type)  # a relation's model class
        ]
        if len(ends) != 2:
            continue
        left, right = ends
        meta.verbose_name = format_lazy(
            _("link {left} – {right}"),
            left=left.verbose_name,
            right=right.verbose_name,
        )
        meta.verbose_name_plural = format_lazy(
            _("links {left} – {right}"),
            left=left.verbose_name,
            right=right.verbose_name,
        )
