"""Appendices the importer has never seen, shaped like the plans that provinces,
departments, communes and wards published for 2025 and 2026 after the two-level
reform (wording modelled on published plans; names of an invented province).

Each appendix is built in code (xlsx or docx) with the readings a planner expects:
dates, units and amounts per activity. ``measure`` reads them all and counts the
activities read right, which is how the import is judged on files it never saw.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import docx
from openpyxl import Workbook

from campaigns.models import ContentTheme, Plan, Unit
from demo import directory
from demo.context import DemoContext
from tests.factories import home_organisation

D = dt.date

PROVINCE_UNITS = [
    ("Sở Nội vụ", "SNV", Unit.Kind.DEPARTMENT),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", Unit.Kind.DEPARTMENT),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", Unit.Kind.DEPARTMENT),
    ("Sở Tư pháp", "STP", Unit.Kind.DEPARTMENT),
    ("Văn phòng UBND tỉnh", "VP UBND tỉnh", Unit.Kind.DEPARTMENT),
    ("Báo và Phát thanh, Truyền hình Đà Nẵng", "Báo và PTTH", Unit.Kind.DEPARTMENT),
    ("Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC", Unit.Kind.DEPARTMENT),
    ("UBND xã Hòa Vang", "Xã Hòa Vang", Unit.Kind.COMMUNE),
    ("UBND xã Bà Nà", "Xã Bà Nà", Unit.Kind.COMMUNE),
    ("UBND phường Hải Châu", "Phường Hải Châu", "ward"),
    ("UBND phường Sơn Trà", "Phường Sơn Trà", "ward"),
]
COMMUNE_UNITS = [
    ("Văn phòng HĐND và UBND xã", "Văn phòng xã", Unit.Kind.DEPARTMENT),
    ("Phòng Văn hóa - Xã hội", "Phòng VH-XH", Unit.Kind.DEPARTMENT),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng KT-HT&ĐT", Unit.Kind.DEPARTMENT),
    ("Trung tâm Phục vụ hành chính công xã", "TTPVHCC xã", Unit.Kind.DEPARTMENT),
    ("Công an xã", "", Unit.Kind.DEPARTMENT),
    ("Ủy ban MTTQ Việt Nam xã", "UBMTTQ xã", "front"),
]
THEMES = [
    "Chủ trương, chính sách về cải cách hành chính",
    "Kết quả thực hiện cải cách hành chính",
]


def world(year: int = 2026) -> Plan:
    """Every unit above, the catalogues, and a plan of ``year`` with two themes."""
    for order, (name, short, kind) in enumerate(
        PROVINCE_UNITS + COMMUNE_UNITS, start=1
    ):
        Unit.objects.get_or_create(
            organisation=home_organisation(),
            name=name,
            defaults={"short_name": short, "kind": kind, "order": order},
        )
    # The catalogue an installation starts with (the demo's channels and groups).
    ctx = DemoContext(today=D(year, 1, 10), password="demo")
    ctx.organisation = home_organisation()
    directory.seed_catalogues(ctx)
    plan = Plan.objects.create(
        organisation=home_organisation(),
        year=year,
        number=f"{year % 100}/KH-UBND",
        title=f"Kế hoạch tuyên truyền cải cách hành chính năm {year}",
        issued_on=D(year, 1, 10),
        status=Plan.Status.ISSUED,
    )
    for order, title in enumerate(THEMES, start=1):
        ContentTheme.objects.create(plan=plan, title=title, order=order)
    return plan


# --- the expected readings ----------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """One activity as a planner reads it."""

    title: str  # the start of its title
    start: dt.date
    due: dt.date
    dues: int  # how many dates the lead unit's tasks fall on
    lead: str
    supporting: tuple[str, ...] = ()  # exactly these, by name
    budget: int | None = None
    supporting_kinds: tuple[str, ...] = ()  # and every unit of these kinds


@dataclass
class Appendix:
    name: str
    build: Callable[[], bytes]
    expected: list[Expect]
    year: int = 2026
    aliases: dict[str, str] = field(default_factory=dict)  # settled on the preview


def xlsx(rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Callable[[], bytes]:
    def build() -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        for cells in merges:
            sheet.merge_cells(cells)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    return build


def word(
    tables: list[list[list[str]]], paragraphs: tuple[str, ...] = ()
) -> Callable[[], bytes]:
    def build() -> bytes:
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        for rows in tables:
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            document.add_paragraph("")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return build


COMMUNES_AND_WARDS = (Unit.Kind.COMMUNE, "ward")
ALL_DEPARTMENTS = (Unit.Kind.DEPARTMENT,)

APPENDICES = [
    Appendix(
        "01_tinh_ke_hoach.xlsx",
        xlsx(
            [
                ["PHỤ LỤC"],
                ["NHIỆM VỤ THÔNG TIN, TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
                ["(Kèm theo Kế hoạch số 15/KH-UBND ngày 20/01/2026 của UBND tỉnh)"],
                [],
                [
                    "TT",
                    "Nội dung",
                    "Cơ quan chủ trì",
                    "Cơ quan phối hợp",
                    "Thời gian thực hiện",
                    "Sản phẩm",
                ],
                ["I", "TUYÊN TRUYỀN TRÊN CÁC PHƯƠNG TIỆN THÔNG TIN ĐẠI CHÚNG"],
                ["1", "Trên báo chí, phát thanh, truyền hình"],
                [
                    "1.1",
                    "Xây dựng chuyên mục “Cải cách hành chính” trên Báo và Phát thanh, "
                    "Truyền hình",
                    "Báo và Phát thanh, Truyền hình Đà Nẵng",
                    "Sở Nội vụ",
                    "Quý I, II và III",
                    "03 chuyên mục",
                ],
                [
                    "1.2",
                    "Đăng tải tin, bài về kết quả cải cách hành chính trên Cổng thông "
                    "tin điện tử tỉnh",
                    "Văn phòng UBND tỉnh",
                    "Các sở, ban, ngành; UBND các xã, phường",
                    "Thường xuyên",
                    "Tin, bài",
                ],
                ["2", "Trên mạng xã hội"],
                [
                    "2.1",
                    "Chia sẻ thông tin thủ tục hành chính trên mạng xã hội Zalo, "
                    "Facebook",
                    "Trung tâm Phục vụ hành chính công tỉnh",
                    "Sở Văn hóa, Thể thao và Du lịch",
                    "Hằng quý",
                    "",
                ],
                ["II", "TUYÊN TRUYỀN TRỰC TIẾP"],
                [
                    "1",
                    "Hội nghị tập huấn nghiệp vụ cải cách hành chính cho cán bộ, công "
                    "chức",
                    "Sở Nội vụ",
                    "Sở Tư pháp, Sở Khoa học và Công nghệ",
                    "Năm 2026 và các năm tiếp theo",
                    "01 hội nghị",
                ],
            ],
            merges=("A1:F1", "A2:F2", "A3:F3", "B6:F6", "B7:F7", "B10:F10", "B12:F12"),
        ),
        [
            Expect(
                "Xây dựng chuyên mục",
                D(2026, 1, 1),
                D(2026, 9, 30),
                3,
                "Báo và Phát thanh, Truyền hình Đà Nẵng",
                ("Sở Nội vụ",),
            ),
            Expect(
                "Đăng tải tin, bài",
                D(2026, 1, 1),
                D(2026, 12, 31),
                1,
                "Văn phòng UBND tỉnh",
                supporting_kinds=(*ALL_DEPARTMENTS, *COMMUNES_AND_WARDS),
            ),
            Expect(
                "Chia sẻ thông tin",
                D(2026, 1, 1),
                D(2026, 12, 31),
                4,
                "Trung tâm Phục vụ hành chính công tỉnh",
                ("Sở Văn hóa, Thể thao và Du lịch",),
            ),
            Expect(
                "Hội nghị tập huấn",
                D(2026, 1, 1),
                D(2026, 12, 31),
                1,
                "Sở Nội vụ",
                ("Sở Tư pháp", "Sở Khoa học và Công nghệ"),
            ),
        ],
    ),
    Appendix(
        "02_tinh_kinh_phi.xlsx",
        xlsx(
            [
                ["PHỤ LỤC II: DỰ TOÁN KINH PHÍ TUYÊN TRUYỀN CCHC NĂM 2026"],
                [
                    "STT",
                    "Nội dung công việc",
                    "Đơn vị chủ trì",
                    "Đơn vị phối hợp",
                    "Thời gian hoàn thành",
                    "Kinh phí (triệu đồng)",
                ],
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
                [
                    "1",
                    "Tổ chức Hội thi tìm hiểu về cải cách hành chính",
                    "Sở Nội vụ",
                    "Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình "
                    "Đà Nẵng",
                    "tháng 3 và tháng 9",
                    45.5,
                ],
                [
                    "2",
                    "Sản xuất phóng sự, video clip tuyên truyền cải cách hành chính",
                    "Báo và Phát thanh, Truyền hình Đà Nẵng",
                    "",
                    "6 tháng, năm",
                    "15",
                ],
                [
                    "3",
                    "In ấn tờ gấp, pa nô, áp phích tuyên truyền",
                    "Sở Văn hóa, Thể thao và Du lịch",
                    "UBND các xã, phường",
                    "ngày 15/12 hằng năm",
                    "120",
                ],
                [
                    "4",
                    "Khảo sát sự hài lòng của người dân, doanh nghiệp",
                    "Sở Nội vụ",
                    "Trung tâm Phục vụ hành chính công tỉnh",
                    "Quý III",
                    "30,25",
                ],
                ["", "Tổng cộng", "", "", "", "210,75"],
            ]
        ),
        [
            Expect(
                "Tổ chức Hội thi",
                D(2026, 3, 1),
                D(2026, 9, 30),
                2,
                "Sở Nội vụ",
                (
                    "Sở Văn hóa, Thể thao và Du lịch",
                    "Báo và Phát thanh, Truyền hình Đà Nẵng",
                ),
                45_500_000,
            ),
            Expect(
                "Sản xuất phóng sự",
                D(2026, 1, 1),
                D(2026, 12, 31),
                2,
                "Báo và Phát thanh, Truyền hình Đà Nẵng",
                (),
                15_000_000,
            ),
            Expect(
                "In ấn tờ gấp",
                D(2026, 12, 15),
                D(2026, 12, 15),
                1,
                "Sở Văn hóa, Thể thao và Du lịch",
                supporting_kinds=COMMUNES_AND_WARDS,
                budget=120_000_000,
            ),
            Expect(
                "Khảo sát sự hài lòng",
                D(2026, 7, 1),
                D(2026, 9, 30),
                1,
                "Sở Nội vụ",
                ("Trung tâm Phục vụ hành chính công tỉnh",),
                30_250_000,
            ),
        ],
    ),
    Appendix(
        "03_xa_ke_hoach.docx",
        word(
            [
                [["UBND XÃ HÒA VANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]],
                [
                    [
                        "STT",
                        "Nội dung tuyên truyền",
                        "Hình thức",
                        "Đơn vị thực hiện",
                        "Thời gian",
                    ],
                    [
                        "1",
                        "Tuyên truyền các thủ tục hành chính mới trên hệ thống "
                        "truyền thanh xã",
                        "Đài truyền thanh",
                        "Văn phòng HĐND và UBND xã\nPhòng Văn hóa - Xã hội",
                        "Hằng tháng trong 6 tháng",
                    ],
                    [
                        "2",
                        "Niêm yết công khai thủ tục hành chính tại Trung tâm Phục vụ "
                        "hành chính công xã",
                        "Pa nô, áp phích",
                        "Trung tâm Phục vụ hành chính công xã",
                        "Từ tháng 7 đến hết năm",
                    ],
                    [
                        "3",
                        "Lồng ghép tuyên truyền cải cách hành chính trong các buổi "
                        "sinh hoạt của khu dân cư",
                        "Hội nghị",
                        "Ủy ban MTTQ Việt Nam xã, Công an xã",
                        "Quý II",
                    ],
                    [
                        "4",
                        "Tuyên truyền dịch vụ công trực tuyến cho người dân",
                        "Mạng xã hội",
                        "Phòng Văn hóa - Xã hội; Phòng Kinh tế, Hạ tầng và Đô thị",
                        "Quý I, quý II",
                    ],
                ],
            ],
            paragraphs=("PHỤ LỤC", "KẾ HOẠCH TUYÊN TRUYỀN CCHC NĂM 2026"),
        ),
        [
            Expect(
                "Tuyên truyền các thủ tục",
                D(2026, 1, 1),
                D(2026, 6, 30),
                6,
                "Văn phòng HĐND và UBND xã",
                ("Phòng Văn hóa - Xã hội",),
            ),
            Expect(
                "Niêm yết công khai",
                D(2026, 7, 1),
                D(2026, 12, 31),
                1,
                "Trung tâm Phục vụ hành chính công xã",
            ),
            Expect(
                "Lồng ghép tuyên truyền",
                D(2026, 4, 1),
                D(2026, 6, 30),
                1,
                "Ủy ban MTTQ Việt Nam xã",
                ("Công an xã",),
            ),
            Expect(
                "Tuyên truyền dịch vụ công",
                D(2026, 1, 1),
                D(2026, 6, 30),
                2,
                "Phòng Văn hóa - Xã hội",
                ("Phòng Kinh tế, Hạ tầng và Đô thị",),
            ),
        ],
    ),
    Appendix(
        "04_phuong_nhiem_vu.xlsx",
        xlsx(
            [
                ["UBND PHƯỜNG HẢI CHÂU"],
                [
                    "TT",
                    "Nhiệm vụ",
                    "Chủ trì",
                    "Phối hợp",
                    "Thời gian",
                    "Ghi chú",
                ],
                ["1", "Tuyên truyền trên hệ thống truyền thanh"],
                [
                    "1.1",
                    "Phát sóng tin, bài cải cách hành chính trên Đài truyền thanh "
                    "phường",
                    "Văn phòng HĐND và UBND xã",
                    "- Phòng Kinh tế, Hạ tầng và Đô thị\n- Công an xã",
                    "Từ tháng 4/2026",
                    "",
                ],
                [
                    "1.2",
                    "Phát thanh lưu động về thủ tục hành chính",
                    "Phòng Văn hóa - Xã hội",
                    "Các thôn, khối phố",
                    "Định kỳ hằng quý",
                    "",
                ],
                ["2", "Tuyên truyền trực tiếp"],
                [
                    "2.1",
                    "Đối thoại giữa lãnh đạo với người dân, doanh nghiệp về cải cách "
                    "hành chính",
                    "Văn phòng HĐND và UBND xã",
                    "Ủy ban MTTQ và các đoàn thể",
                    "Tháng 6, tháng 12",
                    "",
                ],
                [
                    "2.2",
                    "Tuyên truyền Chương trình tổng thể cải cách hành chính qua hội "
                    "nghị",
                    "Phòng Văn hóa - Xã hội",
                    "",
                    "Giai đoạn 2026-2030",
                    "Hằng năm",
                ],
            ]
        ),
        [
            Expect(
                "Phát sóng tin, bài",
                D(2026, 4, 1),
                D(2026, 12, 31),
                1,
                "Văn phòng HĐND và UBND xã",
                ("Phòng Kinh tế, Hạ tầng và Đô thị", "Công an xã"),
            ),
            Expect(
                "Phát thanh lưu động",
                D(2026, 1, 1),
                D(2026, 12, 31),
                4,
                "Phòng Văn hóa - Xã hội",
            ),
            Expect(
                "Đối thoại giữa lãnh đạo",
                D(2026, 6, 1),
                D(2026, 12, 31),
                2,
                "Văn phòng HĐND và UBND xã",
                ("Ủy ban MTTQ Việt Nam xã",),
            ),
            Expect(
                "Tuyên truyền Chương trình tổng thể",
                D(2026, 1, 1),
                D(2026, 12, 31),
                1,
                "Phòng Văn hóa - Xã hội",
            ),
        ],
    ),
    Appendix(
        "05_so_kinh_phi_nghin.docx",
        word(
            [
                [
                    [
                        "TT",
                        "Nội dung nhiệm vụ",
                        "Đơn vị chủ trì",
                        "Đơn vị phối hợp",
                        "Thời gian thực hiện",
                        "Kinh phí (nghìn đồng)",
                    ],
                    [
                        "1",
                        "Biên tập, phát hành bản tin cải cách hành chính",
                        "Sở Văn hóa, Thể thao và Du lịch",
                        "Sở Nội vụ",
                        "Quý I và Quý III",
                        "12.500",
                    ],
                    [
                        "2",
                        "Cập nhật chuyên mục cải cách hành chính trên Cổng thông tin "
                        "điện tử của Sở",
                        "Sở Khoa học và Công nghệ",
                        "",
                        "Thường xuyên, liên tục",
                        "Lồng ghép kinh phí thường xuyên",
                    ],
                    [
                        "3",
                        "Tổ chức hội nghị giao ban cải cách hành chính",
                        "Sở Nội vụ",
                        "Các sở, ban, ngành",
                        "6 tháng đầu năm và cả năm",
                        "8.000",
                    ],
                ]
            ]
        ),
        [
            Expect(
                "Biên tập, phát hành",
                D(2026, 1, 1),
                D(2026, 9, 30),
                2,
                "Sở Văn hóa, Thể thao và Du lịch",
                ("Sở Nội vụ",),
                12_500_000,
            ),
            Expect(
                "Cập nhật chuyên mục",
                D(2026, 1, 1),
                D(2026, 12, 31),
                1,
                "Sở Khoa học và Công nghệ",
            ),
            Expect(
                "Tổ chức hội nghị giao ban",
                D(2026, 1, 1),
                D(2026, 12, 31),
                2,
                "Sở Nội vụ",
                supporting_kinds=ALL_DEPARTMENTS,
                budget=8_000_000,
            ),
        ],
    ),
    Appendix(
        "06_trach_nhiem_hai_dong.xlsx",
        xlsx(
            [
                ["PHỤ LỤC: NHIỆM VỤ TUYÊN TRUYỀN CCHC"],
                [
                    "STT",
                    "Nội dung công việc",
                    "Trách nhiệm thực hiện",
                    "",
                    "Thời hạn hoàn thành",
                ],
                ["", "", "Chủ trì", "Phối hợp", ""],
                [
                    "1",
                    "Tuyên truyền về chuyển đổi số, dịch vụ công trực tuyến trên "
                    "Cổng thông tin điện tử",
                    "Sở Khoa học và Công nghệ",
                    "Văn phòng UBND tỉnh và Trung tâm Phục vụ hành chính công tỉnh",
                    "Quý I và Quý III",
                ],
                [
                    "2",
                    "Treo băng rôn, khẩu hiệu hưởng ứng cải cách hành chính",
                    "UBND các xã, phường",
                    "Sở Văn hóa, Thể thao và Du lịch",
                    "Tháng 3 - 5",
                ],
                [
                    "3",
                    "Tổng kết công tác tuyên truyền cải cách hành chính tại hội nghị",
                    "Sở Nội vụ",
                    "Sở VHTTDL",
                    "Trước ngày 15 tháng 12",
                ],
            ],
            merges=("A1:E1", "C2:D2", "A2:A3", "B2:B3", "E2:E3"),
        ),
        [
            Expect(
                "Tuyên truyền về chuyển đổi số",
                D(2026, 1, 1),
                D(2026, 9, 30),
                2,
                "Sở Khoa học và Công nghệ",
                ("Văn phòng UBND tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"),
            ),
            Expect(
                "Treo băng rôn",
                D(2026, 3, 1),
                D(2026, 5, 31),
                1,
                "UBND xã Hòa Vang",
                ("Sở Văn hóa, Thể thao và Du lịch",),
                supporting_kinds=COMMUNES_AND_WARDS,
            ),
            Expect(
                "Tổng kết công tác",
                D(2026, 1, 1),
                D(2026, 12, 15),
                1,
                "Sở Nội vụ",
                ("Sở Văn hóa, Thể thao và Du lịch",),
            ),
        ],
    ),
    Appendix(
        "07_xa_sau_sap_xep_2025.xlsx",
        xlsx(
            [
                ["KẾ HOẠCH TUYÊN TRUYỀN CCHC 6 THÁNG CUỐI NĂM 2025"],
                ["TT", "Nội dung", "Đơn vị thực hiện", "Thời gian thực hiện"],
                ["A", "TUYÊN TRUYỀN VỀ CHÍNH QUYỀN ĐỊA PHƯƠNG HAI CẤP"],
                [
                    "1",
                    "Tuyên truyền về tổ chức bộ máy chính quyền địa phương hai cấp "
                    "trên Đài truyền thanh xã",
                    "Văn phòng HĐND và UBND xã",
                    "6 tháng cuối năm",
                ],
                [
                    "2",
                    "Hướng dẫn người dân thực hiện thủ tục hành chính tại Trung tâm "
                    "Phục vụ hành chính công",
                    "Trung tâm Phục vụ hành chính công xã",
                    "Từ tháng 7 đến tháng 12/2025",
                ],
                [
                    "3",
                    "Đăng tải tin bài trên trang Facebook của xã",
                    "Phòng Văn hóa - Xã hội",
                    "Tháng 8, 10 và 12",
                ],
            ]
        ),
        [
            Expect(
                "Tuyên truyền về tổ chức bộ máy",
                D(2025, 7, 1),
                D(2025, 12, 31),
                1,
                "Văn phòng HĐND và UBND xã",
            ),
            Expect(
                "Hướng dẫn người dân",
                D(2025, 7, 1),
                D(2025, 12, 31),
                1,
                "Trung tâm Phục vụ hành chính công xã",
            ),
            Expect(
                "Đăng tải tin bài",
                D(2025, 8, 1),
                D(2025, 12, 31),
                3,
                "Phòng Văn hóa - Xã hội",
            ),
        ],
        year=2025,
    ),
    Appendix(
        "08_ten_la.xlsx",
        xlsx(
            [
                [
                    "STT",
                    "Nội dung tuyên truyền",
                    "Cơ quan chủ trì",
                    "Cơ quan phối hợp",
                    "Thời gian",
                ],
                [
                    "1",
                    "Phóng sự về cải cách thủ tục hành chính phát trên truyền hình",
                    "Đài PT-TH Đà Nẵng",
                    "Sở Nội vụ",
                    "Quý II/2026",
                ],
                [
                    "2",
                    "Tuyên truyền cải cách hành chính trên Cổng thông tin điện tử",
                    "VP UBND tỉnh",
                    "Trung tâm PVHCC tỉnh",
                    "Hằng tháng",
                ],
                [
                    "3",
                    "Hội nghị đối thoại với doanh nghiệp về thủ tục hành chính",
                    "Sở Nội vụ",
                    "Hiệp hội Doanh nghiệp tỉnh",
                    "Tháng 10",
                ],
            ]
        ),
        [
            Expect(
                "Phóng sự về cải cách",
                D(2026, 4, 1),
                D(2026, 6, 30),
                1,
                "Báo và Phát thanh, Truyền hình Đà Nẵng",
                ("Sở Nội vụ",),
            ),
            Expect(
                "Tuyên truyền cải cách hành chính trên Cổng",
                D(2026, 1, 1),
                D(2026, 12, 31),
                12,
                "Văn phòng UBND tỉnh",
                ("Trung tâm Phục vụ hành chính công tỉnh",),
            ),
            Expect(
                "Hội nghị đối thoại",
                D(2026, 10, 1),
                D(2026, 10, 31),
                1,
                "Sở Nội vụ",
            ),
        ],
        aliases={
            "Đài PT-TH Đà Nẵng": "Báo và Phát thanh, Truyền hình Đà Nẵng",
            "Trung tâm PVHCC tỉnh": "Trung tâm Phục vụ hành chính công tỉnh",
            "Hiệp hội Doanh nghiệp tỉnh": "",
        },
    ),
    Appendix(
        "09_phuong_word_lap_tieu_de.docx",
        word(
            [
                [
                    [
                        "TT",
                        "Nội dung",
                        "Đơn vị chủ trì",
                        "Đơn vị phối hợp",
                        "Thời gian thực hiện",
                    ],
                    ["1", "2", "3", "4", "5"],
                    [
                        "I",
                        "TUYÊN TRUYỀN TRÊN CỔNG THÔNG TIN ĐIỆN TỬ",
                        "",
                        "",
                        "",
                    ],
                    [
                        "1",
                        "Cập nhật văn bản về cải cách hành chính trên Cổng thông tin "
                        "điện tử phường",
                        "Văn phòng HĐND và UBND xã",
                        "• Phòng Văn hóa - Xã hội\n• Phòng Kinh tế, Hạ tầng và Đô thị",
                        "Thường xuyên, liên tục",
                    ],
                    [
                        "TT",
                        "Nội dung",
                        "Đơn vị chủ trì",
                        "Đơn vị phối hợp",
                        "Thời gian thực hiện",
                    ],
                    ["II", "TUYÊN TRUYỀN TRỰC TIẾP", "", "", ""],
                    [
                        "1",
                        "Tổ chức hội nghị tuyên truyền cải cách hành chính cho cán "
                        "bộ, công chức",
                        "Phòng Văn hóa - Xã hội",
                        "Các phòng chuyên môn",
                        "Trước ngày 30/6",
                    ],
                    [
                        "2",
                        "Tuyên truyền qua sinh hoạt chi bộ, khu dân cư",
                        "Ủy ban MTTQ Việt Nam xã",
                        "Công an xã và Văn phòng HĐND và UBND xã",
                        "Hằng năm",
                    ],
                ]
            ]
        ),
        [
            Expect(
                "Cập nhật văn bản",
                D(2026, 1, 1),
                D(2026, 12, 31),
                1,
                "Văn phòng HĐND và UBND xã",
                ("Phòng Văn hóa - Xã hội", "Phòng Kinh tế, Hạ tầng và Đô thị"),
            ),
            Expect(
                "Tổ chức hội nghị tuyên truyền",
                D(2026, 1, 1),
                D(2026, 6, 30),
                1,
                "Phòng Văn hóa - Xã hội",
                supporting_kinds=ALL_DEPARTMENTS,
            ),
            Expect(
                "Tuyên truyền qua sinh hoạt",
                D(2026, 1, 1),
                D(2026, 12, 31),
                1,
                "Ủy ban MTTQ Việt Nam xã",
                ("Công an xã", "Văn phòng HĐND và UBND xã"),
            ),
        ],
    ),
    Appendix(
        "10_xa_kinh_phi_trieu.xlsx",
        xlsx(
            [
                [
                    "STT",
                    "Nội dung công việc",
                    "Đơn vị chủ trì",
                    "Thời gian",
                    "Dự kiến kinh phí (triệu đồng)",
                ],
                [
                    "1",
                    "Làm mới pa nô tuyên truyền cải cách hành chính tại trụ sở",
                    "Văn phòng HĐND và UBND xã",
                    "Quý I",
                    10,
                ],
                [
                    "2",
                    "Tổ chức cuộc thi tìm hiểu về cải cách hành chính trên mạng xã hội",
                    "Phòng Văn hóa - Xã hội",
                    "Từ tháng 7 đến cuối năm",
                    "2,5",
                ],
                [
                    "3",
                    "Phát thanh chuyên mục cải cách hành chính trên Đài truyền thanh",
                    "Văn phòng HĐND và UBND xã",
                    "Hằng quý",
                    "Lồng ghép",
                ],
            ]
        ),
        [
            Expect(
                "Làm mới pa nô",
                D(2026, 1, 1),
                D(2026, 3, 31),
                1,
                "Văn phòng HĐND và UBND xã",
                budget=10_000_000,
            ),
            Expect(
                "Tổ chức cuộc thi",
                D(2026, 7, 1),
                D(2026, 12, 31),
                1,
                "Phòng Văn hóa - Xã hội",
                budget=2_500_000,
            ),
            Expect(
                "Phát thanh chuyên mục",
                D(2026, 1, 1),
                D(2026, 12, 31),
                4,
                "Văn phòng HĐND và UBND xã",
            ),
        ],
    ),
]


def _problems(row: Any, expect: Expect) -> list[str]:
    """What the row's reading gets wrong against the expected one."""
    if row is None:
        return ["no row"]
    if row.errors:
        return list(row.errors)
    cleaned = row.cleaned
    found = {
        "start": cleaned.get("start"),
        "due": cleaned.get("due"),
        "dues": row.occurrences,
        "lead": getattr(cleaned.get("lead_unit"), "name", None),
        "budget": cleaned.get("budget"),
    }
    wanted = {
        "start": expect.start,
        "due": expect.due,
        "dues": expect.dues,
        "lead": expect.lead,
        "budget": expect.budget,
    }
    problems = [
        f"{key}: {found[key]!r} != {wanted[key]!r}"
        for key in wanted
        if found[key] != wanted[key]
    ]
    supporting = {unit.name for unit in cleaned.get("supporting_units", [])}
    by_kind = {
        unit.name
        for unit in Unit.objects.filter(kind__in=expect.supporting_kinds)
        if unit.name != expect.lead
    }
    if supporting != set(expect.supporting) | by_kind:
        problems.append(
            f"supporting: {sorted(supporting)} != "
            f"{sorted(set(expect.supporting) | by_kind)}"
        )
    return problems


def read_right(
    appendix: Appendix, plan: Plan, options: Any = None
) -> dict[str, list[str]]:
    """Each expected activity's title -> what is wrong with its reading ([]: right)."""
    from planning import importing
    from planning.importing.text import normalise

    try:
        read = importing.read_file(io.BytesIO(appendix.build()), appendix.name)
    except Exception as exc:  # noqa: BLE001 - a refused file reads nothing right
        return {e.title: [f"file refused: {exc}"] for e in appendix.expected}
    preview = importing.validate_rows(plan=plan, read=read, options=options)
    result = {}
    for expect in appendix.expected:
        row = next(
            (
                r
                for r in preview.rows
                if normalise(r.title).startswith(normalise(expect.title))
            ),
            None,
        )
        problems = _problems(row, expect)
        if row is not None and len(preview.rows) != len(appendix.expected):
            problems.append(f"{len(preview.rows)} rows read")
        result[expect.title] = problems
    return result


# Written after the importer was built, and measured once before any change:
# how the import fares on appendices its author had not tuned it to.
HOLDOUT = [
    Appendix(
        "11_so_noi_vu.docx",
        word(
            [
                [
                    [
                        "TT",
                        "Nội dung thực hiện",
                        "Cơ quan chủ trì thực hiện",
                        "Cơ quan phối hợp thực hiện",
                        "Thời gian hoàn thành",
                        "Ghi chú",
                    ],
                    [
                        "1",
                        "Tuyên truyền về Chỉ số cải cách hành chính (PAR INDEX), "
                        "Chỉ số SIPAS trên Báo và Phát thanh, Truyền hình",
                        "Sở Nội vụ",
                        "Báo và Phát thanh, Truyền hình Đà Nẵng; các cơ quan, đơn vị "
                        "có liên quan",
                        "Quý II, Quý IV",
                        "",
                    ],
                    [
                        "2",
                        "Cập nhật tin bài cải cách hành chính lên Cổng thông tin điện "
                        "tử tỉnh",
                        "Văn phòng UBND tỉnh",
                        "Các sở, ban, ngành, UBND các xã, phường, đặc khu",
                        "Thường xuyên",
                        "",
                    ],
                    [
                        "3",
                        "Xây dựng video clip tuyên truyền dịch vụ công trực tuyến",
                        "Trung tâm Phục vụ hành chính công tỉnh",
                        "",
                        "Tháng 5/2026",
                        "",
                    ],
                ]
            ]
        ),
        [
            Expect(
                "Tuyên truyền về Chỉ số",
                D(2026, 4, 1),
                D(2026, 12, 31),
                2,
                "Sở Nội vụ",
                ("Báo và Phát thanh, Truyền hình Đà Nẵng",),
            ),
            Expect(
                "Cập nhật tin bài",
                D(2026, 1, 1),
                D(2026, 12, 31),
                1,
                "Văn phòng UBND tỉnh",
                supporting_kinds=(*ALL_DEPARTMENTS, *COMMUNES_AND_WARDS),
            ),
            Expect(
                "Xây dựng video clip",
                D(2026, 5, 1),
                D(2026, 5, 31),
                1,
                "Trung tâm Phục vụ hành chính công tỉnh",
            ),
        ],
    ),
    Appendix(
        "12_xa_dong.xlsx",
        xlsx(
            [
                ["PHỤ LỤC"],
                [
                    "STT",
                    "Nội dung công việc",
                    "Đơn vị thực hiện",
                    "Đơn vị phối hợp",
                    "Thời gian thực hiện",
                    "Kinh phí thực hiện (đồng)",
                ],
                [
                    "1",
                    "Tuyên truyền trên loa truyền thanh về thủ tục hành chính liên "
                    "thông",
                    "Văn phòng HĐND và UBND xã",
                    "Ban công tác Mặt trận các thôn, khối phố",
                    "Tháng 02 - 03/2026",
                    "5.000.000",
                ],
                [
                    "2",
                    "Treo pa nô tuyên truyền tại Trung tâm Phục vụ hành chính công xã",
                    "Trung tâm Phục vụ hành chính công xã",
                    "",
                    "Quý III/2026",
                    "Không",
                ],
                [
                    "3",
                    "Phổ biến, giáo dục pháp luật về cải cách hành chính cho người dân",
                    "Công an xã",
                    "Ủy ban MTTQ Việt Nam xã",
                    "Trong năm 2026",
                    "",
                ],
            ]
        ),
        [
            Expect(
                "Tuyên truyền trên loa",
                D(2026, 2, 1),
                D(2026, 3, 31),
                1,
                "Văn phòng HĐND và UBND xã",
                budget=5_000_000,
            ),
            Expect(
                "Treo pa nô",
                D(2026, 7, 1),
                D(2026, 9, 30),
                1,
                "Trung tâm Phục vụ hành chính công xã",
            ),
            Expect(
                "Phổ biến, giáo dục",
                D(2026, 1, 1),
                D(2026, 12, 31),
                1,
                "Công an xã",
                ("Ủy ban MTTQ Việt Nam xã",),
            ),
        ],
    ),
    Appendix(
        "13_phuong_tieu_de_hai_dong.docx",
        word(
            [
                [
                    [
                        "Số\nTT",
                        "Nội dung\ntuyên truyền",
                        "Đơn vị\nchủ trì",
                        "Đơn vị\nphối hợp",
                        "Thời gian\nthực hiện",
                    ],
                    [
                        "1",
                        "Tuyên truyền mô hình “Chính quyền thân thiện” trên trang "
                        "Zalo của phường",
                        "Phòng Văn hóa - Xã hội",
                        "Văn phòng HĐND và UBND xã",
                        "Tháng 3, tháng 9 năm 2026",
                    ],
                    [
                        "2",
                        "Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân",
                        "Văn phòng HĐND và UBND xã",
                        "Ủy ban MTTQ Việt Nam xã; các đoàn thể",
                        "Từ tháng 01 đến tháng 6/2026",
                    ],
                ]
            ]
        ),
        [
            Expect(
                "Tuyên truyền mô hình",
                D(2026, 3, 1),
                D(2026, 9, 30),
                2,
                "Phòng Văn hóa - Xã hội",
                ("Văn phòng HĐND và UBND xã",),
            ),
            Expect(
                "Hội nghị đối thoại giữa Chủ tịch",
                D(2026, 1, 1),
                D(2026, 6, 30),
                1,
                "Văn phòng HĐND và UBND xã",
                ("Ủy ban MTTQ Việt Nam xã",),
            ),
        ],
    ),
    Appendix(
        "14_tinh_hinh_thuc.xlsx",
        xlsx(
            [
                [
                    "TT",
                    "Nội dung tuyên truyền",
                    "Hình thức tuyên truyền",
                    "Cơ quan thực hiện",
                    "Thời gian",
                    "Dự toán (triệu đồng)",
                ],
                [
                    "1",
                    "Kết quả cải cách thủ tục hành chính năm 2026",
                    "Báo in, báo điện tử",
                    "Báo và Phát thanh, Truyền hình Đà Nẵng",
                    "Quý IV",
                    "20",
                ],
                [
                    "2",
                    "Chuyển đổi số trong giải quyết thủ tục hành chính",
                    "Tọa đàm, đối thoại",
                    "Sở Khoa học và Công nghệ",
                    "6 tháng cuối năm",
                    "12,5",
                ],
                [
                    "3",
                    "Cải cách hành chính gắn với xây dựng chính quyền số",
                    "Cổng thông tin điện tử",
                    "Văn phòng UBND tỉnh",
                    "Hằng tháng",
                    "",
                ],
            ]
        ),
        [
            Expect(
                "Kết quả cải cách",
                D(2026, 10, 1),
                D(2026, 12, 31),
                1,
                "Báo và Phát thanh, Truyền hình Đà Nẵng",
                budget=20_000_000,
            ),
            Expect(
                "Chuyển đổi số",
                D(2026, 7, 1),
                D(2026, 12, 31),
                1,
                "Sở Khoa học và Công nghệ",
                budget=12_500_000,
            ),
            Expect(
                "Cải cách hành chính gắn",
                D(2026, 1, 1),
                D(2026, 12, 31),
                12,
                "Văn phòng UBND tỉnh",
            ),
        ],
    ),
]
