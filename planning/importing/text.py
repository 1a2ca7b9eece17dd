"""Text as offices type it: one key for matching, whatever the accents or spacing."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

ROMAN = re.compile(
    r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$"
)


def fold(text: Any) -> str:
    """NFC text with single spaces: how a value is shown and stored."""
    value = unicodedata.normalize("NFC", str(text or ""))
    return " ".join(value.split())


def normalise(text: Any) -> str:
    """Lower case, no diacritics, punctuation as spaces, single spaces.

    "Hoà" and "Hòa", NFC and NFD, "VH&TT" and "vh tt" all give the same key.
    """
    value = str(text or "").replace("đ", "d").replace("Đ", "D")
    value = unicodedata.normalize("NFD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = "".join(ch if ch.isalnum() else " " for ch in value.lower())
    return " ".join(value.split())


def is_roman(text: str) -> bool:
    """True for a section number such as ``I``, ``IV.``, ``XII``."""
    return bool(ROMAN.match(text.strip().upper())) and bool(text.strip())


def is_section_letter(text: str) -> bool:
    """True for a section letter such as ``A``, ``B.``."""
    value = text.strip().rstrip(".")
    return len(value) == 1 and value.isalpha() and value.isupper()
