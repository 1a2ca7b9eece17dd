"""Import a plan's appendix of activities from an Excel workbook.

Three steps, shared by the web page and ``manage.py import_activities``:
``read_workbook`` turns the file into text rows (or refuses the file),
``validate_rows`` checks every row against the plan and the catalogues and
collects every error with its row number, ``import_rows`` saves all the rows in
one transaction, or none.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import User
from audiences.models import AudienceGroup
from campaigns.models import Activity, Plan, Unit
from channels.models import Channel
from nuithanh_cchc.text import xlsx_workbook_safe

from .forms import DATE_INPUT_FORMATS
from .recurrence import build_preview
from .services import ScheduleSummary, activity_schedule_tasks, ensure_plan_open

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 3000
HEADER_SEARCH_ROWS = 10
LIST_SEPARATORS = (";", "\n", "|")


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    required: bool
    help: Any
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column(
        "title",
        gettext_lazy("Title"),
        True,
        gettext_lazy("What is done, as units will read it in their tasks."),
        ("ten hoat dong", "hoat dong", "title"),
    ),
    Column(
        "theme",
        gettext_lazy("Content theme"),
        True,
        gettext_lazy("A theme of the plan, by its title or its number (1, 2…)."),
        ("noi dung tuyen truyen", "noi dung", "theme"),
    ),
    Column(
        "channel",
        gettext_lazy("Channel"),
        True,
        gettext_lazy("A channel by its name, e.g. Đài truyền thanh."),
        ("hinh thuc", "hinh thuc tuyen truyen", "channel"),
    ),
    Column(
        "audiences",
        gettext_lazy("Audience groups"),
        True,
        gettext_lazy("One or more, separated by semicolons."),
        ("doi tuong", "doi tuong tuyen truyen", "audience", "audiences"),
    ),
    Column(
        "lead_unit",
        gettext_lazy("Lead unit"),
        True,
        gettext_lazy("The unit in charge, by its full or short name."),
        ("don vi chu tri", "chu tri", "lead unit"),
    ),
    Column(
        "supporting_units",
        gettext_lazy("Supporting units"),
        False,
        gettext_lazy("Optional, separated by semicolons; each gets its own tasks."),
        ("don vi phoi hop", "phoi hop", "supporting units"),
    ),
    Column(
        "start",
        gettext_lazy("Start date"),
        True,
        gettext_lazy("dd/mm/yyyy, within the plan's year."),
        ("ngay bat dau", "bat dau", "start", "start date"),
    ),
    Column(
        "due",
        gettext_lazy("Due date"),
        True,
        gettext_lazy("dd/mm/yyyy; for a recurring activity, its last day."),
        ("han hoan thanh", "thoi han", "ngay ket thuc", "due", "due date"),
    ),
    Column(
        "recurrence",
        gettext_lazy("Recurrence (RRULE)"),
        False,
        gettext_lazy(
            "Empty for once; FREQ=MONTHLY;BYMONTHDAY=25 for the 25th of every "
            "month; FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20 for every quarter; "
            "FREQ=WEEKLY;BYDAY=MO for every Monday."
        ),
        ("lap lai", "lap lai rrule", "chu ky", "recurrence"),
    ),
    Column(
        "planned_output",
        gettext_lazy("Planned output each time"),
        False,
        gettext_lazy("Outputs per occurrence for the lead unit (default 1)."),
        ("san pham", "san pham moi lan", "so luong", "planned output"),
    ),
    Column(
        "budget",
        gettext_lazy("Budget (VND)"),
        False,
        gettext_lazy("Optional, in dong, digits only."),
        ("kinh phi", "kinh phi dong", "kinh phi vnd", "budget", "budget vnd"),
    ),
)


class ImportInvalid(Exception):
    """The rows no longer validate; nothing was saved."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("invalid import")
        self.preview = preview


def normalise(text: Any) -> str:
    """Lower case, no diacritics, single spaces: how names are matched."""
    value = str(text or "").replace("đ", "d").replace("Đ", "D")
    value = unicodedata.normalize("NFD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = "".join(ch if ch.isalnum() else " " for ch in value.lower())
    return " ".join(value.split())


def _header_keys() -> dict[str, str]:
    """Column titles understood: the template's, in either language, and aliases."""
    keys = {}
    for column in COLUMNS:
        labels = []
        for language in ("vi", "en"):
            with translation.override(language):
                labels.append(str(column.label))
        for alias in (*column.aliases, *labels):
            keys[normalise(alias)] = column.key
    return keys


# --- reading -----------------------------------------------------------------


@dataclass
class RawRow:
    number: int
    values: dict[str, str]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value.date():%d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(source: IO[bytes] | Any) -> list[RawRow]:
    """The rows of the first sheet as text, keyed by column; refuses bad files."""
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
    ) as exc:
        raise ValidationError(
            _("This is not an Excel .xlsx file, or it is damaged."), code="not_xlsx"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        keys = _header_keys()
        columns: dict[int, str] = {}
        header_row = 0
        for number, row in enumerate(rows, start=1):
            found = {
                index: keys[normalise(cell)]
                for index, cell in enumerate(row)
                if normalise(cell) in keys
            }
            if "title" in found.values():
                columns, header_row = found, number
                break
            if number >= HEADER_SEARCH_ROWS:
                break
        if not columns:
            raise ValidationError(
                _(
                    "No header row found: the first rows must hold the template's "
                    "column titles (download the template)."
                ),
                code="no_header",
            )
        missing = [
            str(c.label)
            for c in COLUMNS
            if c.required and c.key not in columns.values()
        ]
        if missing:
            raise ValidationError(
                _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)},
                code="missing_columns",
            )
        result: list[RawRow] = []
        for number, row in enumerate(rows, start=header_row + 1):
            values = {
                key: _cell_text(row[index]) if index < len(row) else ""
                for index, key in columns.items()
            }
            if not any(values.values()):
                continue
            result.append(RawRow(number, values))
            if len(result) > MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(max)s rows; split it.")
                    % {"max": MAX_ROWS},
                    code="too_many_rows",
                )
    finally:
        workbook.close()
    if not result:
        raise ValidationError(
            _("The file has no activity rows under the header."), code="empty"
        )
    return result


def rows_to_json(rows: Iterable[RawRow]) -> list[list[Any]]:
    return [[row.number, row.values] for row in rows]


def rows_from_json(data: Iterable[list[Any]]) -> list[RawRow]:
    return [RawRow(int(number), dict(values)) for number, values in data]


# --- validating ----------------------------------------------------------------


@dataclass
class RowResult:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)
    occurrences: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    rows: list[RowResult]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and all(row.is_valid for row in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def task_count(self) -> int:
        return sum(
            row.occurrences * (1 + len(row.cleaned.get("supporting_units", [])))
            for row in self.rows
        )


class _Catalogues:
    """Every lookup the validation needs, loaded once (a fixed number of queries)."""

    def __init__(self, plan: Plan) -> None:
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.filter(is_active=True):
            for name in (unit.name, unit.short_name):
                if name:
                    self.units.setdefault(normalise(name), unit)
        self.channels: dict[str, Channel] = {}
        for channel in Channel.objects.filter(is_active=True):
            self.channels[normalise(channel.name)] = channel
            self.channels.setdefault(normalise(channel.code), channel)
        self.audiences: dict[str, AudienceGroup] = {}
        for group in AudienceGroup.objects.all():
            self.audiences[normalise(group.name)] = group
            self.audiences.setdefault(normalise(group.code), group)
        self.themes: dict[str, Any] = {}
        for position, theme in enumerate(plan.themes.all(), start=1):
            self.themes[normalise(theme.title)] = theme
            self.themes.setdefault(str(theme.order or position), theme)
        self.existing = {
            (normalise(title), lead, start)
            for title, lead, start in plan.activities.values_list(
                "title", "lead_unit_id", "start_date"
            )
        }


def _parse_date(text: str) -> dt.date | None:
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def _split(text: str) -> list[str]:
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


def _validate_row(row: RawRow, plan: Plan, catalogues: _Catalogues) -> RowResult:
    result = RowResult(row.number, row.values)
    values, errors, cleaned = row.values, result.errors, result.cleaned
    for column in COLUMNS:
        if column.required and not values.get(column.key, "").strip():
            errors.append(_("%(column)s is empty.") % {"column": column.label})

    title = values.get("title", "").strip()
    if len(title) > 300:
        errors.append(_("The title is longer than 300 characters."))
    cleaned["title"] = title

    for key, lookup, message in (
        (
            "theme",
            catalogues.themes,
            _("Unknown content theme “%(value)s” in this plan."),
        ),
        ("channel", catalogues.channels, _("Unknown channel “%(value)s”.")),
        ("lead_unit", catalogues.units, _("Unknown unit “%(value)s”.")),
    ):
        text = values.get(key, "").strip()
        if text:
            found = lookup.get(normalise(text))
            if found is None:
                errors.append(message % {"value": text})
            cleaned[key] = found

    for key, lookup, message in (
        ("audiences", catalogues.audiences, _("Unknown audience group “%(value)s”.")),
        ("supporting_units", catalogues.units, _("Unknown unit “%(value)s”.")),
    ):
        found_items = []
        for text in _split(values.get(key, "")):
            found = lookup.get(normalise(text))
            if found is None:
                errors.append(message % {"value": text})
            elif found not in found_items:
                found_items.append(found)
        cleaned[key] = found_items
    lead = cleaned.get("lead_unit")
    cleaned["supporting_units"] = [
        unit for unit in cleaned["supporting_units"] if unit != lead
    ]

    for key, label in (("start", _("start date")), ("due", _("due date"))):
        text = values.get(key, "").strip()
        if not text:
            continue
        day = _parse_date(text)
        if day is None:
            errors.append(
                _("The %(field)s “%(value)s” is not a date (dd/mm/yyyy).")
                % {"field": label, "value": text}
            )
        elif day.year != plan.year:
            errors.append(
                _("The %(field)s %(value)s is outside the plan's year (%(year)s).")
                % {"field": label, "value": f"{day:%d/%m/%Y}", "year": plan.year}
            )
        cleaned[key] = day
    start, due = cleaned.get("start"), cleaned.get("due")
    if start and due and due < start:
        errors.append(_("The due date is before the start date."))

    rule = values.get("recurrence", "").strip().upper().removeprefix("RRULE:")
    cleaned["recurrence"] = rule
    if start and due and due >= start:
        preview = build_preview(rule=rule, start=start, end=due, shift_off_days=False)
        if preview.error:
            errors.append(preview.error)
        result.occurrences = preview.count

    for key, label, maximum in (
        ("planned_output", _("planned output"), 10**6),
        ("budget", _("budget"), 10**14),
    ):
        text = values.get(key, "").strip().replace(" ", "")
        if key == "budget":  # 1.500.000 or 1,500,000 dong
            text = text.replace(".", "").replace(",", "")
        if not text:
            cleaned[key] = 1 if key == "planned_output" else None
            continue
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if (
            number is None
            or number < 0
            or number >= maximum
            or number != number.to_integral()
        ):
            errors.append(
                _("The %(field)s “%(value)s” must be a whole number, 0 or more.")
                % {"field": label, "value": values[key]}
            )
        else:
            cleaned[key] = int(number)
    return result


def validate_rows(*, plan: Plan, rows: list[RawRow]) -> ImportPreview:
    """Check every row; nothing is written. Duplicates are checked across the
    file and against the activities the plan already has."""
    catalogues = _Catalogues(plan)
    results = [_validate_row(row, plan, catalogues) for row in rows]
    seen: dict[tuple, int] = {}
    for result in results:
        cleaned = result.cleaned
        lead = cleaned.get("lead_unit")
        if not (cleaned.get("title") and lead and cleaned.get("start")):
            continue
        key = (normalise(cleaned["title"]), lead.pk, cleaned["start"])
        if key in seen:
            result.errors.append(
                _("Duplicate of row %(row)s (same title, lead unit and start).")
                % {"row": seen[key]}
            )
        else:
            seen[key] = result.number
        if key in catalogues.existing:
            result.errors.append(
                _(
                    "The plan already has this activity "
                    "(same title, lead unit and start)."
                )
            )
    return ImportPreview(results)


# --- saving ------------------------------------------------------------------


@dataclass
class ImportResult:
    activities: list[Activity]
    summary: ScheduleSummary


@transaction.atomic
def import_rows(
    *, plan: Plan, rows: list[RawRow], user: User | None, today: dt.date | None = None
) -> ImportResult:
    """Save every row as an activity with its tasks, in one transaction.

    The rows are validated again here (the plan may have changed since the
    preview); if any is wrong, :class:`ImportInvalid` is raised and nothing is saved.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    ensure_plan_open(plan)
    preview = validate_rows(plan=plan, rows=rows)
    if not preview.is_valid:
        raise ImportInvalid(preview)
    summary = ScheduleSummary()
    activities = []
    for row in preview.rows:
        data = row.cleaned
        activity = Activity.objects.create(
            plan=plan,
            title=data["title"],
            theme=data["theme"],
            channel=data["channel"],
            lead_unit=data["lead_unit"],
            start_date=data["start"],
            due_date=data["due"],
            recurrence=data["recurrence"],
            planned_output=data["planned_output"],
            budget=data["budget"],
            created_by=user,
        )
        activity.audience_groups.set(data["audiences"])
        activity.supporting_units.set(data["supporting_units"])
        summary.add(activity_schedule_tasks(activity=activity, today=today))
        activities.append(activity)
    return ImportResult(activities, summary)


# --- the template ------------------------------------------------------------


def template_workbook(*, plan: Plan) -> bytes:
    """An empty appendix with the column titles, pick lists and instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activities")[:31]
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    widths = (48, 40, 26, 30, 30, 36, 14, 14, 34, 12, 16)
    for index, (column, width) in enumerate(zip(COLUMNS, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.label))
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for key in ("start", "due"):
        letter = get_column_letter([c.key for c in COLUMNS].index(key) + 1)
        for row in range(2, 502):
            sheet[f"{letter}{row}"].number_format = "DD/MM/YYYY"

    lists = workbook.create_sheet(_("Lists")[:31])
    catalogues = (
        ("theme", [t.title for t in plan.themes.all()]),
        ("channel", [c.name for c in Channel.objects.filter(is_active=True)]),
        ("lead_unit", [u.name for u in Unit.objects.filter(is_active=True)]),
        ("audiences", [a.name for a in AudienceGroup.objects.all()]),
    )
    for index, (key, names) in enumerate(catalogues, start=1):
        letter = get_column_letter(index)
        label = next(str(c.label) for c in COLUMNS if c.key == key)
        lists.cell(row=1, column=index, value=label).font = Font(bold=True)
        lists.column_dimensions[letter].width = 50
        for row, name in enumerate(names, start=2):
            lists.cell(row=row, column=index, value=name)
        if key != "audiences" and names:
            target = get_column_letter([c.key for c in COLUMNS].index(key) + 1)
            validation = DataValidation(
                type="list",
                formula1=f"'{lists.title}'!${letter}$2:${letter}${len(names) + 1}",
                allow_blank=True,
                showErrorMessage=True,
            )
            validation.error = _("Choose a value from the list.")
            sheet.add_data_validation(validation)
            validation.add(f"{target}2:{target}500")

    guide = workbook.create_sheet(_("Instructions")[:31])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 100
    guide["A1"] = _("Plan")
    guide["B1"] = str(plan)
    guide["A2"] = _("How to fill it")
    guide["B2"] = _(
        "One activity per row on the first sheet, from row 2. Keep the column "
        "titles. Nothing is saved unless every row is valid."
    )
    for row, column in enumerate(COLUMNS, start=4):
        guide.cell(row=row, column=1, value=str(column.label)).font = Font(bold=True)
        required = _("required") if column.required else _("optional")
        guide.cell(row=row, column=2, value=f"({required}) {column.help}")
        guide.cell(row=row, column=2).alignment = Alignment(wrap_text=True)
    for cell in ("A1", "A2"):
        guide[cell].font = Font(bold=True)

    xlsx_workbook_safe(workbook)  # names such as "=1+1" stay text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
