"""The columns an appendix may have, with the other names offices give them.

Header cells match a column whatever their case, accents (NFC or NFD) and
spacing; the best-ranked name wins when two cells could be the same column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy

from .tables import Cell
from .text import normalise


@dataclass(frozen=True)
class Column:
    """A column of the template, with the other names offices give it (best first)."""

    key: str
    label: Any
    required: bool
    help: Any
    aliases: tuple[str, ...] = ()
    in_template: bool = True


COLUMNS = (
    Column(
        "title",
        gettext_lazy("Title"),
        True,
        gettext_lazy("What is done, as units will read it in their tasks."),
        (
            "ten hoat dong",
            "noi dung nhiem vu",
            "noi dung cong viec",
            "ten nhiem vu",
            "noi dung hoat dong",
            "nhiem vu",
            "hoat dong",
            "cong viec",
            "noi dung thuc hien",
            "title",
        ),
    ),
    Column(
        "theme",
        gettext_lazy("Content theme"),
        False,
        gettext_lazy(
            "A theme of the plan, by its title or its number (1, 2…). Empty: taken "
            "from the section heading or chosen in the preview."
        ),
        ("noi dung tuyen truyen", "chu de", "chu de tuyen truyen", "theme", "noi dung"),
    ),
    Column(
        "channel",
        gettext_lazy("Channel"),
        False,
        gettext_lazy(
            "A channel by its name, e.g. Đài truyền thanh. Empty: read from the "
            "title's words (Đài truyền thanh, Cổng thông tin, hội nghị…)."
        ),
        ("hinh thuc", "hinh thuc tuyen truyen", "kenh tuyen truyen", "channel"),
    ),
    Column(
        "audiences",
        gettext_lazy("Audience groups"),
        False,
        gettext_lazy("One or more, separated by semicolons."),
        (
            "doi tuong",
            "doi tuong tuyen truyen",
            "audience",
            "audiences",
            "audience groups",
        ),
    ),
    Column(
        "lead_unit",
        gettext_lazy("Lead unit"),
        True,
        gettext_lazy(
            "The unit in charge, by its full or short name; a group such as “Các "
            "cơ quan, đơn vị” gives every unit a task."
        ),
        (
            "don vi chu tri",
            "co quan chu tri",
            "co quan don vi chu tri",
            "don vi chu tri thuc hien",
            "chu tri",
            "don vi thuc hien",
            "co quan thuc hien",
            "lead unit",
        ),
    ),
    Column(
        "supporting_units",
        gettext_lazy("Supporting units"),
        False,
        gettext_lazy(
            "Separated by commas, semicolons or “và”; groups such as "
            "“UBND các xã, thị trấn” are understood. Each unit gets its own tasks."
        ),
        (
            "don vi phoi hop",
            "co quan phoi hop",
            "co quan don vi phoi hop",
            "phoi hop",
            "supporting units",
        ),
    ),
    Column(
        "start",
        gettext_lazy("Start date"),
        False,
        gettext_lazy("dd/mm/yyyy or time words (Quý I, Tháng 3…), in the plan's year."),
        ("ngay bat dau", "bat dau", "tu ngay", "start", "start date"),
    ),
    Column(
        "due",
        gettext_lazy("Due date"),
        False,
        gettext_lazy(
            "dd/mm/yyyy or time words (Tháng 3/2025, Trước 30/6, Hằng tháng…); for "
            "a recurring activity, its last day."
        ),
        (
            "han hoan thanh",
            "ngay ket thuc",
            "ngay hoan thanh",
            "ket thuc",
            "den ngay",
            "due",
            "due date",
        ),
    ),
    Column(
        "period",
        gettext_lazy("Time"),
        False,
        gettext_lazy("Time words for the whole activity, e.g. Quý II/2025."),
        (
            "thoi gian thuc hien",
            "thoi gian",
            "thoi han",
            "thoi gian hoan thanh",
            "tien do thuc hien",
            "thoi diem",
        ),
        in_template=False,
    ),
    Column(
        "recurrence",
        gettext_lazy("Recurrence"),
        False,
        gettext_lazy(
            "Empty or Một lần for once; Hằng tuần, Hằng tháng, Hằng quý, Hằng năm; "
            "or an RRULE such as FREQ=MONTHLY;BYMONTHDAY=25."
        ),
        ("lap lai", "lap lai rrule", "chu ky", "tan suat", "recurrence"),
    ),
    Column(
        "planned_output",
        gettext_lazy("Planned output each time"),
        False,
        gettext_lazy("Outputs per occurrence for the lead unit (default 1)."),
        ("san pham moi lan", "so luong moi lan", "planned output each time"),
    ),
    Column(
        "output_total",
        gettext_lazy("Output"),
        False,
        gettext_lazy("Outputs for the year, spread over the occurrences."),
        (
            "san pham",
            "ket qua",
            "san pham du kien",
            "ket qua san pham",
            "san pham dau ra",
            "so luong",
        ),
        in_template=False,
    ),
    Column(
        "budget",
        gettext_lazy("Budget (VND)"),
        False,
        gettext_lazy("In đồng: 50.000.000, 50 triệu, 1,2 tỷ; “Lồng ghép…” for none."),
        (
            "kinh phi",
            "kinh phi dong",
            "kinh phi vnd",
            "kinh phi thuc hien",
            "du toan kinh phi",
            "du kien kinh phi",
            "kinh phi du kien",
            "du toan",
            "tong kinh phi",
            "ngan sach",
            "nguon kinh phi",
            "budget",
            "budget vnd",
        ),
    ),
    Column(
        "number",
        gettext_lazy("No."),
        False,
        "",
        ("stt", "so tt", "so thu tu", "tt", "no"),
        in_template=False,
    ),
    Column(
        "note",
        gettext_lazy("Note"),
        False,
        "",
        ("ghi chu", "note"),
        in_template=False,
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
TIME_KEYS = ("period", "start", "due")


def _header_aliases() -> dict[str, tuple[str, int]]:
    """Header key -> (column key, rank): lower rank is a better name."""
    aliases: dict[str, tuple[str, int]] = {}
    for column in COLUMNS:
        labels = []
        for language in ("vi", "en"):
            with translation.override(language):
                labels.append(normalise(str(column.label)))
        for rank, alias in enumerate((*labels, *column.aliases)):
            aliases.setdefault(alias, (column.key, rank))
    return aliases


def _recognise(
    text: str, aliases: dict[str, tuple[str, int]]
) -> tuple[str, int] | None:
    key = normalise(text)
    if not key:
        return None
    if key in aliases:
        return aliases[key]
    # "Đơn vị chủ trì thực hiện (1)": the longest known name it starts with.
    best = None
    for alias, found in aliases.items():
        if key.startswith(alias + " ") and (best is None or len(alias) > len(best[0])):
            best = (alias, found)
    return (best[1][0], best[1][1] + 100) if best else None


def find_columns(cells: list[Cell]) -> dict[str, int]:
    """Column key -> index for one candidate header row."""
    aliases = _header_aliases()
    chosen: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        found = _recognise(cell.text, aliases)
        if found is None:
            continue
        key, rank = found
        if key not in chosen or rank < chosen[key][1]:
            chosen[key] = (index, rank)
    columns = {key: index for key, (index, _rank) in chosen.items()}
    # One header cell merged over two columns: keep its first column only.
    seen: set[int] = set()
    for key in sorted(columns, key=lambda k: chosen[k][1]):
        if columns[key] in seen:
            del columns[key]
        else:
            seen.add(columns[key])
    return columns
