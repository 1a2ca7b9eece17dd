"""The 2024 Núi Thành plan, as the source document names it, for ``seed_demo``.

Names of objectives, themes, audiences and channels follow the plan's own wording
(shared/source/ke-hoach-tuyen-truyen-cchc-2024.txt); units are the district's
departments, its sixteen communes and the township as they stood in 2024.
"""

from __future__ import annotations

PLAN = {
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

# (code, name)
AUDIENCES = [
    ("can-bo", "Cán bộ, công chức, viên chức, người lao động"),
    ("nguoi-dan", "Người dân"),
    ("doanh-nghiep", "Doanh nghiệp"),
    ("to-chuc-xa-hoi", "Các tổ chức xã hội"),
]

# (code, name, output unit, form, colour)
CHANNELS = [
    ("bao-chi", "Báo chí", "bài", "traditional", "#6f42c1"),
    ("truyen-thanh", "Đài truyền thanh", "lượt phát sóng", "traditional", "#0d6efd"),
    ("truyen-hinh", "Đài truyền hình", "lượt phát sóng", "traditional", "#6610f2"),
    ("cong-ttdt", "Cổng thông tin điện tử huyện", "tin, bài", "online", "#198754"),
    ("phong-su", "Phóng sự, video clip, chuyên mục", "sản phẩm", "online", "#20c997"),
    ("mang-xa-hoi", "Mạng xã hội", "tin, bài", "online", "#0dcaf0"),
    ("giao-ban", "Giao ban, họp định kỳ", "buổi", "traditional", "#fd7e14"),
    (
        "pbgdpl",
        "Lồng ghép phổ biến, giáo dục pháp luật",
        "cuộc",
        "traditional",
        "#dc3545",
    ),
    ("pano", "Pa-nô, áp phích, băng rôn", "sản phẩm", "traditional", "#d63384"),
    (
        "hoi-thi",
        "Hội thi tìm hiểu cải cách hành chính",
        "cuộc",
        "traditional",
        "#ffc107",
    ),
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
# Unit staff (cán bộ, issue 13): (username, full name, units' slugs). One of them
# works in two units, as staff of a commune often do.
STAFF = [
    ("canbo-tam-hiep", "Nguyễn Thị Hoa", ["tam-hiep"]),
    ("canbo-vh-tt", "Trần Văn Minh", ["vh-tt", "ttvh"]),
    ("canbo-tam-xuan-1", "Lê Thị Thu", ["tam-xuan-1"]),
]

# District-level activities: (title, theme index, channel, audiences, lead,
# supporting, start, due, recurrence, planned output, budget in VND)
DISTRICT_ACTIVITIES = [
    (
        "Chuyên mục Cải cách hành chính trên Đài truyền thanh huyện",
        0,
        "truyen-thanh",
        ["nguoi-dan", "doanh-nghiep"],
        "ttvh",
        ["noi-vu"],
        "2024-01-01",
        "2024-12-31",
        "FREQ=MONTHLY;BYMONTHDAY=25",
        4,
        12_000_000,
    ),
    (
        "Tin, bài về cải cách hành chính trên Cổng thông tin điện tử huyện",
        0,
        "cong-ttdt",
        ["can-bo", "nguoi-dan", "doanh-nghiep"],
        "vp",
        ["noi-vu"],
        "2024-01-01",
        "2024-12-31",
        "FREQ=MONTHLY;BYMONTHDAY=20",
        3,
        6_000_000,
    ),
    (
        "Giao ban quý lồng ghép quán triệt nhiệm vụ cải cách hành chính",
        1,
        "giao-ban",
        ["can-bo"],
        "noi-vu",
        ["vp"],
        "2024-03-01",
        "2024-12-31",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28",
        1,
        None,
    ),
    (
        "Đăng tải tin, bài cải cách hành chính trên trang mạng xã hội của huyện",
        3,
        "mang-xa-hoi",
        ["nguoi-dan", "doanh-nghiep"],
        "vh-tt",
        [],
        "2024-01-01",
        "2024-12-31",
        "FREQ=MONTHLY;BYMONTHDAY=10",
        4,
        None,
    ),
    (
        "Hội nghị triển khai Kế hoạch tuyên truyền cải cách hành chính năm 2024",
        0,
        "giao-ban",
        ["can-bo"],
        "noi-vu",
        ["vp", "tu-phap"],
        "2024-02-01",
        "2024-02-26",
        "",
        1,
        8_000_000,
    ),
    (
        "Phóng sự về thực hiện cơ chế một cửa, một cửa liên thông tại huyện",
        2,
        "phong-su",
        ["nguoi-dan", "doanh-nghiep"],
        "ttvh",
        ["vp"],
        "2024-04-01",
        "2024-06-20",
        "",
        1,
        15_000_000,
    ),
    (
        "Video clip hướng dẫn nộp hồ sơ dịch vụ công trực tuyến",
        3,
        "phong-su",
        ["nguoi-dan", "doanh-nghiep"],
        "ttvh",
        ["vp"],
        "2024-06-01",
        "2024-08-15",
        "",
        2,
        10_000_000,
    ),
    (
        "Bài viết về cải cách hành chính của huyện trên Báo Quảng Nam",
        0,
        "bao-chi",
        ["can-bo", "nguoi-dan"],
        "vh-tt",
        ["noi-vu"],
        "2024-01-01",
        "2024-12-31",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
        1,
        4_000_000,
    ),
    (
        "Phóng sự cải cách hành chính trên Đài Phát thanh - Truyền hình Quảng Nam",
        1,
        "truyen-hinh",
        ["nguoi-dan"],
        "ttvh",
        ["noi-vu"],
        "2024-05-01",
        "2024-09-30",
        "",
        1,
        20_000_000,
    ),
    (
        "Hội thi tìm hiểu về cải cách hành chính huyện Núi Thành năm 2024",
        0,
        "hoi-thi",
        ["can-bo", "to-chuc-xa-hoi"],
        "noi-vu",
        ["vh-tt", "tu-phap"],
        "2024-08-01",
        "2024-10-25",
        "",
        1,
        60_000_000,
    ),
    (
        "Pa-nô tuyên truyền cải cách hành chính tại trụ sở UBND huyện",
        0,
        "pano",
        ["nguoi-dan", "doanh-nghiep"],
        "vh-tt",
        ["vp"],
        "2024-01-15",
        "2024-03-15",
        "",
        2,
        18_000_000,
    ),
    (
        "Lồng ghép cải cách hành chính trong hội nghị phổ biến pháp luật cho doanh "
        "nghiệp",
        3,
        "pbgdpl",
        ["doanh-nghiep"],
        "tu-phap",
        ["kt-ht", "tc-kh"],
        "2024-04-01",
        "2024-05-24",
        "",
        1,
        7_000_000,
    ),
    (
        "Tuyên truyền kết quả Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
        2,
        "cong-ttdt",
        ["nguoi-dan", "can-bo"],
        "noi-vu",
        ["vp"],
        "2024-10-01",
        "2024-11-15",
        "",
        2,
        None,
    ),
    (
        "Tuyên truyền về kỷ luật, kỷ cương hành chính trong thực thi công vụ",
        2,
        "giao-ban",
        ["can-bo"],
        "thanh-tra",
        ["noi-vu"],
        "2024-06-01",
        "2024-07-19",
        "",
        1,
        None,
    ),
    (
        "Tập huấn kỹ năng thông tin, tuyên truyền cải cách hành chính cho công chức xã",
        1,
        "giao-ban",
        ["can-bo"],
        "noi-vu",
        ["vh-tt"],
        "2024-07-01",
        "2024-09-13",
        "",
        1,
        25_000_000,
    ),
    (
        "Tuyên truyền chuyển đổi số và dịch vụ công trực tuyến toàn trình",
        3,
        "truyen-thanh",
        ["nguoi-dan", "doanh-nghiep"],
        "ttvh",
        ["kt-ht"],
        "2024-09-01",
        "2024-11-29",
        "",
        6,
        5_000_000,
    ),
    (
        "Phổ biến pháp luật về thủ tục hành chính đất đai cho người dân",
        3,
        "pbgdpl",
        ["nguoi-dan"],
        "tn-mt",
        ["tu-phap"],
        "2024-05-01",
        "2024-06-28",
        "",
        1,
        6_000_000,
    ),
    (
        "Tuyên truyền cải cách hành chính trong trường học",
        0,
        "pbgdpl",
        ["can-bo", "to-chuc-xa-hoi"],
        "gd-dt",
        [],
        "2024-09-01",
        "2024-12-13",
        "",
        1,
        None,
    ),
    (
        "Băng rôn hưởng ứng Ngày Pháp luật Việt Nam gắn với cải cách hành chính",
        0,
        "pano",
        ["nguoi-dan"],
        "vh-tt",
        ["tu-phap"],
        "2024-10-15",
        "2024-11-08",
        "",
        10,
        9_000_000,
    ),
    (
        "Sơ kết 6 tháng công tác tuyên truyền cải cách hành chính",
        1,
        "giao-ban",
        ["can-bo"],
        "noi-vu",
        ["vp"],
        "2024-06-20",
        "2024-07-10",
        "",
        1,
        None,
    ),
]

# Every department integrates CCHC in its quarterly staff meetings; every commune
# and the township runs a quarterly radio slot, a legal-education session and
# hangs banners. Dates spread over the year so the calendar is alive every month.
DEPARTMENT_MEETING = (
    "{unit} quán triệt nhiệm vụ cải cách hành chính trong họp cơ quan",
    1,
    "giao-ban",
    ["can-bo"],
    "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
    1,
)
COMMUNE_RADIO = (
    "Tuyên truyền cải cách hành chính trên hệ thống truyền thanh {unit}",
    3,
    "truyen-thanh",
    ["nguoi-dan"],
    "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=18",
    4,
)
COMMUNE_LEGAL = (
    "Lồng ghép cải cách hành chính trong hội nghị phổ biến pháp luật tại {unit}",
    0,
    "pbgdpl",
    ["nguoi-dan", "to-chuc-xa-hoi"],
    "",
    1,
)
COMMUNE_BANNERS = (
    "Treo băng rôn, khẩu hiệu tuyên truyền cải cách hành chính tại {unit}",
    0,
    "pano",
    ["nguoi-dan"],
    "",
    3,
)
COMMUNE_ONE_STOP = (
    "Niêm yết, hướng dẫn thủ tục hành chính tại Bộ phận một cửa {unit}",
    3,
    "pbgdpl",
    ["nguoi-dan", "doanh-nghiep"],
    "",
    1,
)

# The organisation profile of the demo: the district as it stood in 2024.
ORGANISATION = {
    "parent_name": "UBND tỉnh Quảng Nam",
    "name": "UBND huyện Núi Thành",
    "short_name": "Núi Thành",
    "place": "Núi Thành",
    "document_symbol": "BC-UBND",
    "signer_title": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Văn Hùng",
    "recipients": "\n".join(
        [
            "Sở Nội vụ tỉnh Quảng Nam (b/c);",
            "TT Huyện ủy, HĐND huyện (b/c);",
            "CT, các PCT UBND huyện;",
            "Các cơ quan, đơn vị thuộc huyện;",
            "UBND các xã, thị trấn;",
            "Lưu: VT, NV.",
        ]
    ),
    "email_sender_name": "CCHC Núi Thành",
}

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

# New in the current year's plan (not in 2024's): a weekly radio bulletin, so
# that whatever the day the demo runs, some tasks are due this week and some are
# overdue by a week or two. Same layout as DISTRICT_ACTIVITIES; dates are
# month-day, in the current year.
CURRENT_YEAR_ACTIVITIES = [
    (
        "Bản tin cải cách hành chính hằng tuần trên hệ thống truyền thanh cơ sở",
        3,
        "truyen-thanh",
        ["nguoi-dan"],
        "ttvh",
        ["tam-hiep", "tam-xuan-1", "tam-anh-nam", "thi-tran"],
        "01-01",
        "12-31",
        "FREQ=WEEKLY;BYDAY=FR",
        1,
        None,
    ),
]
