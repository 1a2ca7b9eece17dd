"""Short forms of long texts for labels: cut at a word, never inside one."""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` characters, else its longest run of whole
    words that fits with a trailing "…" (a single over-long word is cut).

    >>> shorten("Nâng cao nhận thức, trách nhiệm", 20)
    'Nâng cao nhận thức…'
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    room = max(width - len(ELLIPSIS), 1)
    cut = text[: room + 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else text[:room]
    return head.rstrip(" ,;:.-–") + ELLIPSIS
