"""Search as people type Vietnamese: with or without diacritics, any case.

One folding rule for every search: ``fold()`` lower-cases, decomposes (NFKD, so
a precomposed "ệ" and a decomposed "e" + marks end up alike, and "Hòa"/"Hoà"
too), drops the combining marks, and turns "đ" into "d" (it has no
decomposition). The searchable models keep a folded copy of their text
(``Activity.search_text``, ``Unit.search_name``), written on every save; a
query is folded the same way and matched word by word with ``contains``. The
same Python function on both sides gives the same results on SQLite and
PostgreSQL; on PostgreSQL a trigram GIN index serves the ``LIKE '%…%'``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db.models import Q
from django.utils.text import slugify

MAX_WORDS = 6


def fold(text: str | None) -> str:
    """ "Tam Hiệp" -> "tam hiep"; "ĐỒNG" -> "dong"; whitespace collapsed."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return " ".join(bare.lower().split())


def words(query: str | None) -> list[str]:
    """The folded words of a query (at most MAX_WORDS)."""
    return fold(query).split()[:MAX_WORDS]


def matches(query: str | None, fields: Iterable[str]) -> Q:
    """Every word of ``query`` in at least one of the folded ``fields``.

    ``fields`` are paths to folded columns (e.g. ``"activity__search_text"``).
    An empty query matches everything.
    """
    fields = list(fields)
    condition = Q()
    for word in words(query):
        either = Q()
        for name in fields:
            either |= Q(**{f"{name}__contains": word})
        condition &= either
    return condition


def ids_containing(rows: Iterable[tuple[int, str | None]], word: str) -> set[int]:
    """The ids of ``(id, text)`` rows whose folded text holds the folded ``word``.

    For short lists with no folded column (an activity's themes, the channels):
    folded here, so a word typed with or without diacritics finds the same rows.
    """
    folded = fold(word)
    return {pk for pk, text in rows if folded in fold(text)}


def code_for(name: str, taken: Iterable[str]) -> str:
    """A code (slug) for ``name`` that is not among ``taken``: "Đài truyền
    thanh" -> "dai-truyen-thanh", then "dai-truyen-thanh-2"."""
    taken = set(taken)
    base = slugify(fold(name))[:45] or "muc"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def name_taken(name: str, names: Iterable[str]) -> bool:
    """Whether ``name`` is among ``names`` whatever the case and spacing
    ("Thôn Đông Trà" = "thôn  đông trà"; accents count): compared in Python,
    as SQLite folds only ASCII letters."""
    key = " ".join(name.split()).casefold()
    return any(" ".join(other.split()).casefold() == key for other in names)
