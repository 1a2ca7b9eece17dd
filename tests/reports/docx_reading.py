"""Reading the report's Word file in tests: the header and signature blocks
as text, no-break spaces read as spaces."""

from __future__ import annotations

from typing import Any


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def header_cells(document: Any) -> tuple[str, str]:
    """The issuing body's and the motto's cells of the Decree 30 header."""
    left, right = (plain(cell.text) for cell in document.tables[0].rows[0].cells)
    return left, right


def signature_cells(document: Any) -> tuple[str, str]:
    """ "Nơi nhận" and the signer's block (the table before the appendices)."""
    for table in document.tables:
        cells = table.rows[0].cells
        if len(cells) == 2 and cells[0].text.startswith("Nơi nhận"):
            return plain(cells[0].text), plain(cells[1].text)
    raise AssertionError("no signature block")
