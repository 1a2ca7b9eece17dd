"""The preview as plain text: what the command prints, row by row."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .rows import RowResult
from .validation import ImportPreview


def counts_line(preview: ImportPreview) -> str:
    """ "Rows read: 8 — to import: 5, skipped: 3 (blank rows: 1)."""
    return _(
        "Rows read: %(read)s — imported: %(imported)s, skipped: %(skipped)s, "
        "with errors: %(errors)s (blank rows ignored: %(blank)s)."
    ) % {
        "read": preview.rows_read,
        "imported": preview.imported_count,
        "skipped": len(preview.skipped),
        "errors": 0 if preview.options.skip_invalid else len(preview.error_rows),
        "blank": preview.read.blank_rows,
    }


def _row_lines(row: RowResult) -> list[str]:
    lines = [_("Row %(n)s: %(title)s") % {"n": row.number, "title": row.title or "—"}]
    if row.time_text:
        lines.append(
            "    "
            + _("Time: “%(text)s” → %(read)s")
            % {"text": row.time_text, "read": row.time_read or "?"}
        )
    lead = row.cleaned.get("lead_unit")
    if lead is not None:
        supporting = row.cleaned.get("supporting_units", [])
        names = ", ".join(unit.name for unit in supporting[:4])
        if len(supporting) > 4:
            names += " " + _("and %(n)s more") % {"n": len(supporting) - 4}
        lines.append(
            "    "
            + _("Lead: %(lead)s; supporting: %(names)s")
            % {"lead": lead.name, "names": names or "—"}
        )
    lines += ["    " + note for note in row.notes]
    lines += ["    ⚠ " + flag for flag in row.flags]
    if row.is_valid:
        lines.append(
            "    "
            + ngettext("→ %(n)s task", "→ %(n)s tasks", row.task_count)
            % {"n": row.task_count}
        )
    lines += ["    ✗ " + error for error in row.errors]
    return lines


def preview_text(preview: ImportPreview) -> str:
    """The whole preview: the table read, each row, each skip, the counts."""
    read = preview.read
    lines = [
        _("Table “%(table)s”, header on row %(row)s; columns: %(columns)s.")
        % {
            "table": read.table,
            "row": read.header_row,
            "columns": ", ".join(f"“{text}”" for text in read.columns.values()),
        }
    ]
    others = [read.tables[i] for i in read.header_tables if i != read.table_index]
    if others:
        lines.append(
            _("Other tables with a header (use --table to choose): %(names)s.")
            % {"names": ", ".join(others)}
        )
    skips = {skip.number: skip for skip in preview.skipped}
    by_number = {row.number: row for row in preview.rows}
    for number in sorted({*skips, *by_number}):
        skip = skips.get(number)
        row = by_number.get(number)
        if row is not None and (skip is None or row.is_valid):
            lines += _row_lines(row)
        if skip is not None:
            lines.append(
                _("Row %(n)s skipped: %(reason)s")
                % {"n": number, "reason": skip.reason}
            )
    lines.append(counts_line(preview))
    lines.append(
        _("%(activities)s activities, about %(tasks)s tasks.")
        % {"activities": preview.activity_count, "tasks": preview.task_count}
    )
    return "\n".join(lines)
