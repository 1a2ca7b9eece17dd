"""The template to download: the columns, pick lists, presets, an example sheet
and the instructions (time words and recurrence presets included)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from audiences.models import AudienceGroup
from campaigns.models import Plan, Unit
from channels.models import Channel

from .layout import COLUMNS

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_COLUMNS = tuple(column for column in COLUMNS if column.in_template)
WIDTHS = (48, 40, 26, 30, 30, 36, 16, 18, 22, 12, 18)
PRESETS = ("Một lần", "Hằng tuần", "Hằng tháng", "Hằng quý", "Hằng năm")
# Time words the grammar reads (docs/import-time-grammar.md), shown in the guide.
TIME_EXAMPLES = (
    ("15/03/2025", "15/03/2025"),
    ("Tháng 3/2025", "01/03–31/03/2025"),
    ("Tháng 3, 6, 9 và 12", "31/03, 30/06, 30/09, 31/12"),
    ("Quý II/2025", "01/04–30/06/2025"),
    ("Quý I, III", "31/03 và 30/09"),
    ("Hằng tháng", "ngày cuối mỗi tháng, 12 lần"),
    ("Hằng quý", "ngày cuối mỗi quý, 4 lần"),
    ("6 tháng đầu năm", "01/01–30/06"),
    ("Cả năm, Thường xuyên, Trong năm", "01/01–31/12, một nhiệm vụ cả năm"),
    ("Trước 30/6/2025", "01/01–30/06/2025"),
    ("Từ 01/3 đến 30/4", "01/03–30/04"),
)


def _header(sheet: Worksheet) -> None:
    font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    for index, (column, width) in enumerate(
        zip(TEMPLATE_COLUMNS, WIDTHS, strict=True), start=1
    ):
        cell = sheet.cell(row=1, column=index, value=str(column.label))
        cell.font, cell.fill = font, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _letter(key: str) -> str:
    return get_column_letter([c.key for c in TEMPLATE_COLUMNS].index(key) + 1)


def _examples(sheet: Worksheet, plan: Plan, names: dict[str, list[str]]) -> None:
    """Three example rows (a date, a preset, time words) from the plan's lists."""

    def first(key: str, default: str, index: int = 0) -> str:
        return names[key][index] if len(names[key]) > index else default

    common = (
        first("theme", "1"),
        first("channel", "Đài truyền thanh"),
        first("audiences", "Người dân"),
        first("lead_unit", "Phòng Văn hóa và Thông tin"),
        first("lead_unit", "", 1),
    )
    year = plan.year
    rows = (
        (
            "Ví dụ: Hội nghị quán triệt kế hoạch CCHC",
            *common,
            f"01/03/{year}",
            f"15/03/{year}",
            "Một lần",
            1,
            "5.000.000",
        ),
        (
            "Ví dụ: Chuyên mục CCHC trên Đài truyền thanh",
            *common,
            f"01/01/{year}",
            f"31/12/{year}",
            "Hằng tháng",
            2,
            "Lồng ghép",
        ),
        (
            "Ví dụ: Tin, bài CCHC quý II",
            *common,
            f"Quý II/{year}",
            f"Quý II/{year}",
            "",
            3,
            "12,5 triệu",
        ),
    )
    for row in rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.font = Font(italic=True, color="555555")
            cell.data_type = "s"


def template_workbook(*, plan: Plan) -> bytes:
    """An empty appendix with the column titles, pick lists, an example sheet
    and the instructions; reads back through the importer unchanged."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activities")[:31]
    _header(sheet)
    for key in ("start", "due"):
        letter = _letter(key)
        for row in range(2, 502):
            sheet[f"{letter}{row}"].number_format = "DD/MM/YYYY"

    lists = workbook.create_sheet(_("Lists")[:31])
    catalogues = (
        ("theme", [t.title for t in plan.themes.all()]),
        ("channel", [c.name for c in Channel.objects.filter(is_active=True)]),
        ("lead_unit", [u.name for u in Unit.objects.filter(is_active=True)]),
        ("audiences", [a.name for a in AudienceGroup.objects.all()]),
        ("recurrence", list(PRESETS)),
    )
    lists_by_key: dict[str, list[str]] = {}
    for index, (key, names) in enumerate(catalogues, start=1):
        lists_by_key[key] = names
        letter = get_column_letter(index)
        label = next(str(c.label) for c in COLUMNS if c.key == key)
        lists.cell(row=1, column=index, value=label).font = Font(bold=True)
        lists.column_dimensions[letter].width = 50
        for row, name in enumerate(names, start=2):
            cell = lists.cell(row=row, column=index, value=name)
            cell.data_type = "s"
        if key != "audiences" and names:
            validation = DataValidation(
                type="list",
                formula1=f"'{lists.title}'!${letter}$2:${letter}${len(names) + 1}",
                allow_blank=True,
                # A recurrence may also be an RRULE or time words.
                showErrorMessage=key != "recurrence",
            )
            validation.error = _("Choose a value from the list.")
            sheet.add_data_validation(validation)
            target = _letter(key)
            validation.add(f"{target}2:{target}500")

    examples = workbook.create_sheet(_("Example")[:31])
    _header(examples)
    _examples(examples, plan, lists_by_key)
    _guide(workbook.create_sheet(_("Instructions")[:31]), plan)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _guide(guide: Worksheet, plan: Plan) -> None:
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 100
    guide["A1"] = _("Plan")
    guide["B1"] = str(plan)
    guide["A2"] = _("How to fill it")
    guide["B2"] = _(
        "One activity per row on the first sheet, from row 2 (see the Example "
        "sheet). Keep the column titles. Published appendices (Word or Excel, "
        "with STT and section rows) can be uploaded as they are."
    )
    row = 4
    for column in TEMPLATE_COLUMNS:
        guide.cell(row=row, column=1, value=str(column.label)).font = Font(bold=True)
        required = _("required") if column.required else _("optional")
        guide.cell(row=row, column=2, value=f"({required}) {column.help}")
        guide.cell(row=row, column=2).alignment = Alignment(wrap_text=True)
        row += 1
    row += 1
    guide.cell(row=row, column=1, value=_("Recurrence presets")).font = Font(bold=True)
    guide.cell(
        row=row,
        column=2,
        value=_(
            "Một lần (once, due on the due date); Hằng tuần (every Friday); Hằng "
            "tháng (last day of each month); Hằng quý (last day of each quarter); "
            "Hằng năm (once in the plan's year); or an RRULE."
        ),
    )
    row += 2
    guide.cell(row=row, column=1, value=_("Time words")).font = Font(bold=True)
    guide.cell(row=row, column=2, value=_("How they are read")).font = Font(bold=True)
    for words, reading in TIME_EXAMPLES:
        row += 1
        year = str(plan.year)
        guide.cell(row=row, column=1, value=words.replace("2025", year))
        guide.cell(row=row, column=2, value=reading.replace("2025", year))
    for cell in ("A1", "A2"):
        guide[cell].font = Font(bold=True)
