"""People's names as Vietnamese write them: family name first.

``User.last_name`` holds the family name (họ), ``first_name`` the middle and
given names (tên đệm và tên): "Nguyễn" and "Thị Hoa" are shown "Nguyễn Thị
Hoa". Everything that shows a person (lists, menus, reviews, e-mails,
exports) goes through :func:`full_name` (``User.get_full_name``)."""

from __future__ import annotations

# The commonest Vietnamese family names, as a name's first word; tells a
# full name kept the other way round (family name in ``first_name``).
FAMILY_NAMES = frozenset(
    {
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đào",
        "Đoàn",
        "Vương",
        "Trịnh",
        "Trương",
        "Lâm",
        "Phùng",
        "Mai",
        "Tô",
        "Hà",
        "Tạ",
        "Lưu",
        "Cao",
        "Chu",
        "Đinh",
        "Lương",
        "Thái",
        "Quách",
        "Tăng",
        "Kiều",
        "Văn",
        "Châu",
        "Triệu",
        "Hứa",
        "Từ",
        "Nông",
        "Lò",
        "Lục",
        "Thân",
        "Khúc",
        "Mạc",
    }
)


def full_name(last_name: str, first_name: str) -> str:
    """ "Nguyễn", "Thị Hoa" → "Nguyễn Thị Hoa"; either may be empty."""
    return " ".join(part for part in (last_name.strip(), first_name.strip()) if part)


def split_full_name(name: str) -> tuple[str, str]:
    """A full name as written, family name first → (last_name, first_name):
    "Nguyễn Thị Hoa" → ("Nguyễn", "Thị Hoa"). One word is a given name (or a
    title such as "Quản trị"): ("", "Hoa")."""
    words = name.split()
    if len(words) < 2:
        return "", " ".join(words)[:150]
    return words[0][:150], " ".join(words[1:])[:150]
