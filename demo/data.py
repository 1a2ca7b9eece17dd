"""The 2024 Núi Thành plan, as the source document names it, for ``seed_demo``.

Names of objectives, themes, audiences and channels follow the plan's own wording
(Kế hoạch tuyên truyền CCHC năm 2024 of UBND huyện Núi Thành); units are the district's
departments, its sixteen communes and the township as they stood in 2024.
"""

from __future__ import annotations

from typing import TypedDict

from organisation import defaults


class PlanData(TypedDict):
    year: int
    number: str
    title: str
    issuer: str
    issued_on: str  # ISO date
    general_goal: str
    next_year_directions: str


PLAN: PlanData = {
    "year": 2024,
    "number": "45/KH-UBND",
    "title": "Kế hoạch tuyên truyền cải cách hành chính năm 2024",
    "issuer": "UBND huyện Núi Thành",
    "issued_on": "2024-01-22",
    "general_goal": (
        "Tăng cường công tác thông tin, tuyên truyền nhằm nâng cao nhận thức, trách "
        "nhiệm của các cấp, các ngành và toàn thể cán bộ, công chức, viên chức, người "
        "lao động về công tác cải cách hành chính; tăng cường kỷ luật, kỷ cương hành "
        "chính; đồng thời khuyến khích, vận động người dân, doanh nghiệp tích cực tham "
        "gia góp ý, phản ánh, kiến nghị để hoàn thiện các quy định hành chính, nhất là "
        "các quy định về thủ tục hành chính; tăng cường giám sát cơ quan nhà nước, đội "
        "ngũ cán bộ, công chức, viên chức trong quá trình thực thi công vụ."
    ),
    "next_year_directions": (
        "Tiếp tục đổi mới hình thức tuyên truyền, tăng cường tuyên truyền trên môi "
        "trường số; nâng cao trách nhiệm của người đứng đầu trong công tác thông tin, "
        "tuyên truyền cải cách hành chính."
    ),
}

# (kind, description, target value, target unit)
OBJECTIVES = [
    (
        "general",
        "Nâng cao nhận thức, trách nhiệm của các cấp, các ngành và toàn thể cán bộ, "
        "công chức, viên chức, người lao động về công tác cải cách hành chính.",
        None,
        "",
    ),
    (
        "specific",
        "Xác định nội dung, hình thức thông tin, tuyên truyền cải cách hành chính phù "
        "hợp với từng nhóm đối tượng là cá nhân, cơ quan, tổ chức.",
        None,
        "",
    ),
    (
        "specific",
        "Tăng cường trách nhiệm của người đứng đầu các cơ quan, tổ chức trong việc tổ "
        "chức thực hiện công tác thông tin, tuyên truyền cải cách hành chính.",
        100,
        "% cơ quan, đơn vị",
    ),
    (
        "specific",
        "Góp phần nâng cao nhận thức, tinh thần trách nhiệm, kiến thức, kỹ năng về cải "
        "cách hành chính cho đội ngũ cán bộ, công chức, viên chức của địa phương.",
        100,
        "% cán bộ, công chức",
    ),
    (
        "specific",
        "Nâng cao nhận thức về cải cách hành chính, tăng cường sự tham gia của người "
        "dân, doanh nghiệp và các tổ chức xã hội trong triển khai và giám sát quá "
        "trình thực hiện cải cách hành chính của cơ quan hành chính nhà nước các cấp.",
        None,
        "",
    ),
]

THEMES = [
    (
        "Quan điểm, chủ trương của Đảng, chính sách pháp luật của Nhà nước về cải "
        "cách hành chính"
    ),
    (
        "Vai trò, trách nhiệm của cấp ủy đảng, đoàn thể và người đứng đầu cơ quan "
        "hành chính các cấp đối với nhiệm vụ cải cách hành chính"
    ),
    "Kỷ luật, kỷ cương hành chính; giám sát việc thực thi công vụ",
    (
        "Người dân, doanh nghiệp góp ý, phản ánh, kiến nghị về quy định hành chính, "
        "thủ tục hành chính"
    ),
]

# The default catalogues, with the portal of 2024: the district's.
AUDIENCES = defaults.AUDIENCES
CHANNELS = [
    (
        ("cong-ttdt", "Cổng thông tin điện tử huyện", *row[2:])
        if row[0] == "cong-ttdt"
        else row
    )
    for row in defaults.CHANNELS
]

# (slug, name, short name)
DEPARTMENTS = [
    ("vp", "Văn phòng HĐND và UBND huyện", "Văn phòng"),
    ("noi-vu", "Phòng Nội vụ", "Nội vụ"),
    ("tu-phap", "Phòng Tư pháp", "Tư pháp"),
    ("tc-kh", "Phòng Tài chính - Kế hoạch", "Tài chính - KH"),
    ("tn-mt", "Phòng Tài nguyên và Môi trường", "TN&MT"),
    ("kt-ht", "Phòng Kinh tế - Hạ tầng", "KT-HT"),
    ("nn-ptnt", "Phòng Nông nghiệp và Phát triển nông thôn", "NN&PTNT"),
    ("ld-tbxh", "Phòng Lao động - Thương binh và Xã hội", "LĐ-TB&XH"),
    ("vh-tt", "Phòng Văn hóa và Thông tin", "VH&TT"),
    ("gd-dt", "Phòng Giáo dục và Đào tạo", "GD&ĐT"),
    ("y-te", "Phòng Y tế", "Y tế"),
    ("thanh-tra", "Thanh tra huyện", "Thanh tra"),
    ("dan-toc", "Phòng Dân tộc", "Dân tộc"),
    ("ttvh", "Trung tâm Văn hóa - Thể thao và Truyền thanh - Truyền hình", "TTVH-TT"),
]
COMMUNES = [
    ("tam-xuan-1", "Tam Xuân 1"),
    ("tam-xuan-2", "Tam Xuân 2"),
    ("tam-tien", "Tam Tiến"),
    ("tam-son", "Tam Sơn"),
    ("tam-thanh", "Tam Thạnh"),
    ("tam-anh-bac", "Tam Anh Bắc"),
    ("tam-anh-nam", "Tam Anh Nam"),
    ("tam-hoa", "Tam Hòa"),
    ("tam-hiep", "Tam Hiệp"),
    ("tam-hai", "Tam Hải"),
    ("tam-giang", "Tam Giang"),
    ("tam-quang", "Tam Quang"),
    ("tam-nghia", "Tam Nghĩa"),
    ("tam-my-dong", "Tam Mỹ Đông"),
    ("tam-my-tay", "Tam Mỹ Tây"),
    ("tam-tra", "Tam Trà"),
]
TOWNSHIP = ("thi-tran", "Thị trấn Núi Thành")
# The commune whose head is the demo account ``unithead``.
DEMO_UNIT_HEAD_SLUG = "tam-hiep"
# A unit left without head and e-mail, so reminders show how that is reported.
UNIT_WITHOUT_HEAD_SLUG = "dan-toc"
MAIL_DOMAIN = "nuithanh.quangnam.gov.vn"
PORTAL_DOMAIN = "nuithanh.quangnam.gov.vn"
# The number given to the current year's demo plan (copied from the 2024 plan).
CURRENT_PLAN_NUMBER = "38/KH-UBND"
# Unit staff (cán bộ): (username, full name, units' slugs). One of them
# works in two units, as staff of a commune often do.
STAFF = [
    ("canbo-tam-hiep", "Nguyễn Thị Hoa", ["tam-hiep"]),
    ("canbo-vh-tt", "Trần Văn Minh", ["vh-tt", "ttvh"]),
    ("canbo-tam-xuan-1", "Lê Thị Thu", ["tam-xuan-1"]),
]

# The organisation that carries the Núi Thành history. Since 1 July 2025 (Resolution
# 1659/NQ-UBTVQH15) the former township and the communes Tam Hiệp, Tam Giang, Tam
# Quang and Tam Nghĩa are "xã Núi Thành" of Đà Nẵng city; the commune keeps the
# district's 2024 plan, units and accounts (see demo.province for the city).
ORGANISATION = {
    "kind": "commune",
    "parent_name": "UBND thành phố Đà Nẵng",
    "name": "UBND xã Núi Thành",
    "short_name": "Núi Thành",
    "place": "Núi Thành",
    "document_symbol": "BC-UBND",
    "signer_title": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Văn Hùng",
    "recipients": "\n".join(
        [
            "Sở Nội vụ thành phố Đà Nẵng (b/c);",
            "TT Đảng ủy, HĐND xã (b/c);",
            "CT, các PCT UBND xã;",
            "Các cơ quan, đơn vị thuộc xã;",
            "Lưu: VT, VP.",
        ]
    ),
    "email_sender_name": "CCHC Núi Thành",
}
# What an earlier demo called that organisation (the district as it stood in
# 2024): a re-run renames it, never duplicates it.
LEGACY_ORGANISATION_NAME = "UBND huyện Núi Thành"

# Other names the demo units are written with in published appendices, by slug
# (unit.aliases, used by the import; "Hoà"/"Hòa", case and spacing need none).
UNIT_ALIASES = {
    "vp": [
        "Văn phòng HĐND-UBND huyện",
        "VP HĐND và UBND huyện",
        "Văn phòng UBND huyện",
        "VP HĐND&UBND huyện",
    ],
    "tc-kh": ["Phòng TC-KH", "Phòng Tài chính Kế hoạch"],
    "tn-mt": ["Phòng TN&MT", "Phòng TNMT"],
    "kt-ht": ["Phòng KT-HT", "Phòng Kinh tế và Hạ tầng"],
    "nn-ptnt": ["Phòng NN&PTNT", "Phòng NN-PTNT"],
    "ld-tbxh": ["Phòng LĐ-TB&XH", "Phòng LĐTBXH"],
    "vh-tt": ["Phòng VH&TT", "Phòng VHTT", "Phòng Văn hóa - Thông tin"],
    "gd-dt": ["Phòng GD&ĐT", "Phòng GDĐT"],
    "thanh-tra": ["Thanh tra", "Thanh tra huyện Núi Thành"],
    "ttvh": [
        "Trung tâm VH-TT&TT-TH",
        "Trung tâm VHTT-TTTH",
        "Trung tâm Văn hóa - Thể thao và Truyền thanh - Truyền hình huyện",
        "Đài Truyền thanh - Truyền hình huyện",
    ],
    "thi-tran": [
        "TT Núi Thành",
        "UBND TT Núi Thành",
        "UBND thị trấn Núi Thành",
        "Thị trấn Núi Thành",
    ],
}
