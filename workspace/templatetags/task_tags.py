"""A task's due date and status badges, written in Python: they are drawn on
every card of /my-tasks/ (some 60), where an ``{% include %}`` each cost more
than the rest of the card. The same HTML as the snippets they replace."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()

_OPEN = ("todo", "in_progress")


@register.simple_tag
def task_due(task: Any) -> SafeString:
    """The due date, and for an open task how late or how close it is
    (``task.days_left``/``days_overdue``, when the page's selector set them)."""
    html = format_html(
        '<span class="text-nowrap"><i class="bi bi-calendar-event" '
        'aria-hidden="true"></i> {}</span>',
        f"{task.due_date:%d/%m/%Y}",
    )
    left = getattr(task, "days_left", None)
    if task.status not in _OPEN or left is None:
        return html
    if left < 0:
        days = task.days_overdue
        badge = format_html(
            ' <span class="badge text-bg-danger" data-overdue-days="{}">{}</span>',
            days,
            ngettext("%(days)s day overdue", "%(days)s days overdue", days)
            % {"days": days},
        )
    elif left == 0:
        badge = format_html(
            ' <span class="badge text-bg-warning">{}</span>', gettext("due today")
        )
    elif left <= 7:
        badge = format_html(
            ' <span class="badge text-bg-warning text-dark">{}</span>',
            ngettext("%(days)s day left", "%(days)s days left", left) % {"days": left},
        )
    else:
        return html
    return mark_safe(html + badge)  # noqa: S308  # nosec B308, B703 - both parts built by format_html


_STATUS = {
    "done": (
        '<span class="badge text-bg-success" data-status="done"><i class="bi '
        'bi-check2-circle" aria-hidden="true"></i> {}</span>'
    ),
    "cancelled": (
        '<span class="badge text-bg-secondary" data-status="cancelled">{}</span>'
    ),
    "in_progress": (
        '<span class="badge text-bg-primary" data-status="in_progress">{}</span>'
    ),
    "todo": '<span class="badge text-bg-light border" data-status="todo">{}</span>',
}


@register.simple_tag
def task_status(task: Any) -> SafeString:
    """The status badge."""
    shape = _STATUS.get(task.status, _STATUS["todo"])
    return format_html(shape, task.get_status_display())
