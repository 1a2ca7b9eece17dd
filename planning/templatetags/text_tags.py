"""``{{ value|shorten:60 }}``: a label cut at a word with "…" (put the whole text
in a ``title`` attribute next to it)."""

from __future__ import annotations

from django import template

from campaigns.text import shorten as shorten_text

register = template.Library()


@register.filter
def shorten(value: object, width: int) -> str:
    return shorten_text(str(value), int(width))
