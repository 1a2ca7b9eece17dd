"""Clean text at the edge: one rule for every user-entered text, one for every
exported cell.

- :func:`clean_text` removes control characters other than tab and newline
  (Word's soft line break ``\\x0b`` becomes a newline, or a space on one-line
  fields); every model's text fields go through it on save
  (:class:`CleanTextMixin`), so forms, the admin, the import and the shell all
  store clean text. A NUL in a form field is refused by Django's own validator,
  whose message is Vietnamese through the project's .po.
- :func:`export_text` strips the same characters from rows stored before.
- :func:`csv_cell` and :func:`xlsx_cell` write a text starting with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return as text, never as a formula (OWASP,
  "CSV injection"); numbers stay numbers.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab (\x09) and newline (\x0a), DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SOFT_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """``value`` without control characters; line breaks kept as ``\\n`` (or a
    space when ``multiline`` is false, for one-line fields)."""
    if not value:
        return value
    value = _SOFT_BREAKS.sub("\n" if multiline else " ", value)
    if not multiline:
        value = value.replace("\n", " ")
    return _CONTROL.sub("", value)


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value.replace("\r\n", "\n")))


def export_text(value: Any) -> Any:
    """Strings with control characters stripped (XML cannot hold them)."""
    if isinstance(value, str):
        if value.isprintable():  # no control character nor line break: as it is
            return value
        return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\x0b", "\n"))
    return value


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A csv value that no spreadsheet evaluates: text starting like a formula is
    prefixed with an apostrophe; numbers and dates are left alone."""
    value = export_text(value)
    if is_formula_like(value):
        return "'" + value
    return value


def xlsx_cell(cell: Any) -> Any:
    """Make an openpyxl cell holding text a plain string cell (never a formula),
    its control characters stripped. Returns the cell."""
    value = cell.value
    if isinstance(value, str):
        cell.value = export_text(value)
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
    return cell


def xlsx_row(ws: Any, values: list[Any]) -> list[Any]:
    """A row for ``ws.append`` whose text values are safe: control characters
    stripped, a text starting like a formula in a cell of its own written as
    text (:func:`xlsx_cell`); any other text stays a plain value, which openpyxl
    writes as a string without a cell object of its own."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    row = []
    for value in values:
        if isinstance(value, Cell):
            row.append(xlsx_cell(value))
        elif isinstance(value, str):
            value = export_text(value)
            if is_formula_like(value):
                value = xlsx_cell(WriteOnlyCell(ws, value=value))
            row.append(value)
        else:
            row.append(value)
    return row


def xlsx_workbook_safe(workbook: Any) -> Any:
    """Every text cell of an (ordinary, not write-only) workbook made safe."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                xlsx_cell(cell)
    return workbook


class CleanTextMixin:
    """For models: text fields are cleaned by :func:`clean_text` on every save
    and full_clean (a ``TextField`` keeps its line breaks; a ``CharField`` is
    one line)."""

    def _clean_text_fields(self) -> None:
        from django.db import models

        for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if isinstance(field, models.FileField):
                continue
            value = getattr(self, field.attname)
            if isinstance(value, str) and value:
                setattr(
                    self,
                    field.attname,
                    clean_text(value, multiline=isinstance(field, models.TextField)),
                )

    def clean_fields(self, exclude: Any = None) -> None:
        self._clean_text_fields()
        super().clean_fields(exclude)  # type: ignore[misc]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._clean_text_fields()
        super().save(*args, **kwargs)  # type: ignore[misc]
