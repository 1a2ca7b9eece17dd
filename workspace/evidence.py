"""Evidence uploads are checked by the one upload validator (``campaigns.uploads``)."""

from __future__ import annotations

from campaigns.uploads import (
    ACCEPT_ATTRIBUTE,
    ALLOWED_EXTENSIONS_LABEL,
    KINDS,
    CheckedUpload,
    clean_original_name,
    detect_kind,
    evidence_validate,
    name_extension,
)

__all__ = [
    "ACCEPT_ATTRIBUTE",
    "ALLOWED_EXTENSIONS_LABEL",
    "KINDS",
    "CheckedUpload",
    "clean_original_name",
    "detect_kind",
    "evidence_validate",
    "name_extension",
]
