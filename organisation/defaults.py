"""The catalogues a new organisation starts from: the channels and audience
groups of a CCHC communications plan, in the words the plans use (the demo
starts from them too). An organisation's administrator renames, adds or
retires them.
"""

from __future__ import annotations

# (code, name)
AUDIENCES: list[tuple[str, str]] = [
    ("can-bo", "Cán bộ, công chức, viên chức, người lao động"),
    ("nguoi-dan", "Người dân"),
    ("doanh-nghiep", "Doanh nghiệp"),
    ("to-chuc-xa-hoi", "Các tổ chức xã hội"),
]

# (code, name, output unit, form, colour)
CHANNELS: list[tuple[str, str, str, str, str]] = [
    ("bao-chi", "Báo chí", "bài", "traditional", "#6f42c1"),
    ("truyen-thanh", "Đài truyền thanh", "lượt phát sóng", "traditional", "#0d6efd"),
    ("truyen-hinh", "Đài truyền hình", "lượt phát sóng", "traditional", "#6610f2"),
    ("cong-ttdt", "Cổng thông tin điện tử", "tin, bài", "online", "#198754"),
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
