"""``{% progress_bar p %}``, the stacked bar of a
:class:`planning.selectors.Progress`, and ``{% channel_dot color %}``, written
in Python: the plan page draws them on each of some hundred rows of its
progress tables, the activity search on each of its rows, where an
``{% include %}`` (with a ``{% blocktranslate %}``) cost more than the row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

if TYPE_CHECKING:
    from planning.selectors import Progress

register = template.Library()


@register.simple_tag
def channel_dot(color: str | None) -> SafeString:
    """A channel's colour as a dot before its name (a row of the progress
    tables, the activity search, the dashboard)."""
    return format_html(
        '<svg class="me-1" width="11" height="11" viewBox="0 0 10 10" '
        'aria-hidden="true"><circle cx="5" cy="5" r="5" fill="{}"/></svg>',
        color or "#0d6efd",
    )


@register.simple_tag
def progress_bar(p: Progress) -> SafeString:
    """Done, overdue and still open; the percentages unlocalised (SVG)."""
    label = gettext("%(done)s of %(total)s done, %(overdue)s overdue") % {
        "done": localize(p.done),
        "total": localize(p.total),
        "overdue": localize(p.overdue),
    }
    done, overdue = str(p.done_pct), str(p.overdue_pct)
    return format_html(
        '<svg class="cchc-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'role="img" aria-label="{}">\n'
        '  <rect class="seg-done" x="0" y="0" height="10" width="{}"/>\n'
        '  <rect class="seg-overdue" x="{}" y="0" height="10" width="{}"/>\n'
        "</svg>",
        label,
        done,
        done,
        overdue,
    )
