"""The city the demo's commune belongs to since 1 July 2025, and its other
communes and wards, for ``seed_demo``.

Since the 2025 merger Quảng Nam's communes belong to Đà Nẵng city (Resolution
202/2025/QH15); the commune-level units are those of Resolution
1659/NQ-UBTVQH15. The names used here are the ones confirmed from published
sources: the communes that replaced Núi Thành district (xã Núi Thành — the
demo's organisation, ``demo.data.ORGANISATION`` — xã Tam Xuân, xã Tam Anh, xã
Đức Phú, xã Tam Mỹ and xã Tam Hải, kept as it was) and two wards of the former
city (phường Hải Châu, phường Hòa Khánh). A commune's units follow Decree
150/2025/NĐ-CP (Văn phòng HĐND và UBND, Phòng Kinh tế — in a ward Phòng Kinh
tế, Hạ tầng và Đô thị —, Phòng Văn hóa - Xã hội, Trung tâm Phục vụ hành chính
công); the city's departments are those it has after its own mergers of 2025.

Activities are rows in the shape of ``demo.activity_data``: (title, theme
index, channel, audiences, lead unit, supporting units, start, due,
recurrence, planned output, budget in VND), dates without their year.
"""

from __future__ import annotations

from typing import NamedTuple

from organisation import defaults

MAIL_DOMAIN = "danang.gov.vn"

# The city's People's Committee: the parent of every commune and ward here.
PROVINCE = {
    "kind": "province",
    "parent_name": "",
    "name": "UBND thành phố Đà Nẵng",
    "short_name": "Đà Nẵng",
    "place": "Đà Nẵng",
    "document_symbol": "BC-UBND",
    "signer_title": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer_name": "",
    "recipients": "\n".join(
        [
            "Bộ Nội vụ (b/c);",
            "TT Thành ủy, HĐND thành phố (b/c);",
            "CT, các PCT UBND thành phố;",
            "Các sở, ban, ngành thành phố;",
            "UBND các xã, phường, đặc khu;",
            "Lưu: VT, SNV.",
        ]
    ),
    "email_sender_name": "CCHC Đà Nẵng",
}
#: Prefix of the city's own accounts: tinh-admin, tinh-planner, tinh-leader.
PROVINCE_SLUG = "tinh"


class Child(NamedTuple):
    """A commune or ward of the city with a small plan of its own."""

    slug: str
    kind: str  # organisation.models.Organisation.Kind
    place: str  # "Tam Xuân"

    @property
    def name(self) -> str:
        return f"UBND {self.noun} {self.place}"

    @property
    def noun(self) -> str:
        return "phường" if self.kind == "ward" else "xã"


CHILDREN = [
    Child("tam-xuan", "commune", "Tam Xuân"),
    Child("tam-anh", "commune", "Tam Anh"),
    Child("duc-phu", "commune", "Đức Phú"),
    Child("tam-my", "commune", "Tam Mỹ"),
    Child("tam-hai", "commune", "Tam Hải"),
    Child("hai-chau", "ward", "Hải Châu"),
    Child("hoa-khanh", "ward", "Hòa Khánh"),
]

# The city's departments: (slug, name, short name); the slug also names the
# head's account ("tinh-noi-vu").
PROVINCE_UNITS = [
    ("vp", "Văn phòng UBND thành phố", "Văn phòng"),
    ("noi-vu", "Sở Nội vụ", "Nội vụ"),
    ("tu-phap", "Sở Tư pháp", "Tư pháp"),
    ("vh-tt-dl", "Sở Văn hóa, Thể thao và Du lịch", "VH-TT&DL"),
    ("kh-cn", "Sở Khoa học và Công nghệ", "KH&CN"),
]


def child_units(child: Child) -> list[tuple[str, str, str]]:
    """A commune's or ward's units (slug, name, short name), Decree 150/2025."""
    economy = (
        "Phòng Kinh tế, Hạ tầng và Đô thị" if child.kind == "ward" else "Phòng Kinh tế"
    )
    return [
        ("vp", f"Văn phòng HĐND và UBND {child.noun}", "Văn phòng"),
        ("kinh-te", economy, "Kinh tế"),
        ("vh-xh", "Phòng Văn hóa - Xã hội", "VH-XH"),
        ("hcc", "Trung tâm Phục vụ hành chính công", "TTPVHCC"),
    ]


#: The unit of a commune whose head has an account ("tam-xuan-unithead").
CHILD_HEADED_UNIT = "vh-xh"

# The catalogues of the city and its communes: a new organisation's defaults.
CHANNELS = defaults.CHANNELS
AUDIENCES = defaults.AUDIENCES

PLAN_TITLE = "Kế hoạch tuyên truyền cải cách hành chính năm {year}"
PLAN_GOAL = (
    "Nâng cao nhận thức, trách nhiệm của cán bộ, công chức, viên chức và người dân, "
    "doanh nghiệp về cải cách hành chính trong bộ máy chính quyền địa phương hai "
    "cấp; đẩy mạnh tuyên truyền dịch vụ công trực tuyến và chuyển đổi số."
)
PROVINCE_PLAN_NUMBER = "25/KH-UBND"

PROVINCE_ACTIVITIES = [
    (
        "Chuyên mục Cải cách hành chính trên sóng phát thanh, truyền hình thành phố",
        0,
        "truyen-hinh",
        ["nguoi-dan", "doanh-nghiep"],
        "noi-vu",
        ["vh-tt-dl"],
        "01-01",
        "12-31",
        "FREQ=MONTHLY;BYMONTHDAY=25",
        2,
        48_000_000,
    ),
    (
        "Tin, bài cải cách hành chính trên Cổng thông tin điện tử thành phố",
        0,
        "cong-ttdt",
        ["can-bo", "nguoi-dan", "doanh-nghiep"],
        "vp",
        ["noi-vu"],
        "01-01",
        "12-31",
        "FREQ=MONTHLY;BYMONTHDAY=20",
        4,
        None,
    ),
    (
        "Hội nghị triển khai công tác cải cách hành chính của chính quyền địa "
        "phương hai cấp",
        1,
        "giao-ban",
        ["can-bo"],
        "noi-vu",
        ["vp"],
        "02-01",
        "02-27",
        "",
        1,
        30_000_000,
    ),
    (
        "Tuyên truyền dịch vụ công trực tuyến và chuyển đổi số trên mạng xã hội",
        3,
        "mang-xa-hoi",
        ["nguoi-dan", "doanh-nghiep"],
        "kh-cn",
        [],
        "01-01",
        "12-31",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
        6,
        None,
    ),
    (
        "Hội thi tìm hiểu cải cách hành chính dành cho cán bộ, công chức cấp xã",
        0,
        "hoi-thi",
        ["can-bo"],
        "noi-vu",
        ["tu-phap", "vh-tt-dl"],
        "08-01",
        "10-30",
        "",
        1,
        80_000_000,
    ),
]

#: Who receives the city's handed-down activities: "UBND các xã, phường, đặc
#: khu" (organisation kinds, campaigns.services.handover).
HANDED_KINDS = "commune ward special_zone"

# The city's activities handed down to every commune and ward: Sở Nội vụ
# guides and follows them; each commune carries them out in its own plan.
PROVINCE_HANDED_ACTIVITIES: list[tuple] = [
    (
        "Tuyên truyền cải cách hành chính, chính quyền địa phương hai cấp trên hệ "
        "thống thông tin cơ sở",
        0,
        "truyen-thanh",
        ["nguoi-dan"],
        "noi-vu",
        [],
        "01-01",
        "12-31",
        "FREQ=MONTHLY;BYMONTHDAY=22",
        2,
        None,
    ),
    (
        "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến toàn trình tại bộ phận "
        "một cửa",
        3,
        "pbgdpl",
        ["nguoi-dan", "doanh-nghiep"],
        "noi-vu",
        [],
        "01-01",
        "12-31",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=12",
        1,
        None,
    ),
]

# A commune's or ward's activities; "{place}" is "xã Tam Xuân", "phường Hải Châu".
CHILD_ACTIVITIES = [
    (
        "Tuyên truyền cải cách hành chính trên hệ thống truyền thanh {place}",
        0,
        "truyen-thanh",
        ["nguoi-dan"],
        "vh-xh",
        [],
        "01-01",
        "12-31",
        "FREQ=MONTHLY;BYMONTHDAY=28",
        4,
        None,
    ),
    (
        "Đăng tin, bài cải cách hành chính trên trang thông tin điện tử {place}",
        0,
        "cong-ttdt",
        ["can-bo", "nguoi-dan"],
        "vp",
        [],
        "01-01",
        "12-31",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        2,
        None,
    ),
    (
        "Hướng dẫn người dân nộp hồ sơ trực tuyến tại Trung tâm Phục vụ hành chính "
        "công {place}",
        3,
        "pbgdpl",
        ["nguoi-dan", "doanh-nghiep"],
        "hcc",
        ["vh-xh"],
        "01-01",
        "12-31",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10",
        1,
        2_000_000,
    ),
    (
        "Treo băng rôn, pa-nô tuyên truyền cải cách hành chính tại {place}",
        2,
        "pano",
        ["nguoi-dan"],
        "kinh-te",
        [],
        "03-01",
        "03-31",
        "",
        5,
        6_000_000,
    ),
    (
        "Giao ban quý của UBND {place} lồng ghép nhiệm vụ cải cách hành chính",
        1,
        "giao-ban",
        ["can-bo"],
        "vp",
        [],
        "03-01",
        "12-31",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28",
        1,
        None,
    ),
]
