"""The fixture year's figures, worked out by hand from the table in conftest.py.

Categories on 30/06/2025 (ot = done on time, late, it = in term, od = overdue,
x = cancelled):
  t1 ot  t2 late (completed 00:30 the day after, local time)  t3 od  t4 it
  t5 ot  t6 ot  t7 late  t8 it  t9 x  t10 it (due today)  t11 od (due yesterday)
  t12 ot  t13 x  t14 ot
  -> on time 5, late 2, in term 3, overdue 2, cancelled 2; to carry out 12, done 7.
Activities: act1 and act3 have an overdue task, act2 is under way (2 of 3 done),
act5 is completed, act4 is cancelled. Budget of active activities: 10 + 5 million.
Output (reports of tasks not cancelled): participants 50 + 40; reach 1200 + 800 +
100 + 500. Evidence: portal t1 (link) and t14 (link); conference t6 (file); t12's
links are blank, so banners have none.
PAR: 7/12 = 58.3 % < 90 % -> 0 point; online has evidence -> 0.5; traditional has
evidence -> 0.5; total 1.0 of 2.0.
"""

from __future__ import annotations

from fractions import Fraction

F = Fraction

SUMMARY = {
    "activities_planned": 5,
    "activities_completed": 1,
    "activities_with_overdue": 2,
    "activities_in_progress": 1,
    "activities_cancelled": 1,
    "budget": 15_000_000,
    "total": 12,
    "done": 7,
    "done_on_time": 5,
    "done_late": 2,
    "in_term": 3,
    "overdue": 2,
    "cancelled": 2,
    "completion": F(7, 12),
    "overdue_share": F(2, 12),
    "participants": 90,
    "reach": 2600,
    "par_completion_points": "0.00",
    "par_online_points": "0.50",
    "par_traditional_points": "0.50",
    "par_total": "1.00",
    "par_max": "2.00",
}

# name: activities, total, on time, late, in term, overdue, completion, planned
# output, actual output, participants, reach, budget, done with / without evidence
CHANNELS = {
    "Cổng thông tin điện tử huyện": (2, 6, 3, 1, 1, 1, F(4, 6), 9, 7, 0, 2600,
                                     10_000_000, 2, 2),
    "Hội nghị, giao ban": (1, 3, 1, 1, 1, 0, F(2, 3), 3, 2, 90, 0, 5_000_000, 1, 1),
    "Pa-nô, băng rôn": (1, 3, 1, 0, 1, 1, F(1, 3), 15, 4, 0, 0, 0, 0, 1),
}  # fmt: skip

# name: rank, total, on time, late, in term, overdue, overdue share, completion,
# cancelled
UNITS = {
    "UBND xã Tam Hiệp": (1, 4, 2, 1, 1, 0, F(0), F(3, 4), 1),
    "UBND thị trấn Núi Thành": (2, 4, 2, 0, 1, 1, F(1, 4), F(2, 4), 0),
    "Phòng Nội vụ": (3, 4, 1, 1, 1, 1, F(1, 4), F(2, 4), 1),
}

# quarter: total, on time, late, in term, overdue, completion
QUARTERS = {
    "I": (5, 4, 1, 0, 0, F(1)),
    "II": (5, 1, 1, 1, 2, F(2, 5)),
    "III": (2, 0, 0, 2, 0, F(0)),
    "IV": (0, 0, 0, 0, 0, None),
}

# name: activities, total, on time, late, in term, overdue, completion,
# participants, reach
AUDIENCES = {
    "Cán bộ, công chức, viên chức": (2, 8, 3, 2, 2, 1, F(5, 8), 90, 2100),
    "Người dân": (3, 9, 4, 1, 2, 2, F(5, 9), 0, 2600),
    "Doanh nghiệp": (0, 0, 0, 0, 0, 0, None, 0, 0),
}

# title: activities, total, done, overdue, completion
THEMES = {
    "Quan điểm, chủ trương của Đảng về cải cách hành chính": (2, 6, 4, 1, F(4, 6)),
    "Trách nhiệm của người đứng đầu cơ quan hành chính": (2, 6, 3, 1, F(3, 6)),
}
OBJECTIVES = {
    "Nâng cao nhận thức của cán bộ, công chức": (2, 8, 5, 1, F(5, 8)),
    "Tăng cường sự tham gia của người dân": (2, 6, 3, 1, F(3, 6)),
}

ON_TIME = "Hoàn thành đúng hạn"
LATE = "Hoàn thành trễ hạn"
IN_TERM = "Chưa hoàn thành, còn trong hạn"
OVERDUE = "Quá hạn"
CANCELLED = "Đã hủy"
# task: tracking, completed on (dd/mm/yyyy), actual output, evidence
DETAIL = {
    "t1": (ON_TIME, "10/02/2025", 3, "Có"),
    "t2": (LATE, "11/03/2025", 2, "Không"),
    "t3": (OVERDUE, "", None, "Không"),
    "t4": (IN_TERM, "", 1, "Không"),
    "t5": (ON_TIME, "09/02/2025", 0, "Không"),
    "t6": (ON_TIME, "18/01/2025", 1, "Có"),
    "t7": (LATE, "25/04/2025", 1, "Không"),
    "t8": (IN_TERM, "", None, "Không"),
    "t9": (CANCELLED, "", None, "Không"),
    "t10": (IN_TERM, "", None, "Không"),
    "t11": (OVERDUE, "", None, "Không"),
    "t12": (ON_TIME, "15/03/2025", 4, "Không"),
    "t13": (CANCELLED, "", None, "Không"),
    "t14": (ON_TIME, "30/03/2025", 1, "Có"),
}
OVERDUE_TASKS = ["t3", "t11"]


def vi_number(value: int) -> str:
    """1.234.567 as a Vietnamese reader writes it (independent of the app)."""
    return f"{value:,}".replace(",", ".")


def vi_percent(fraction: Fraction | None) -> str:
    if fraction is None:
        return "—"
    return f"{float(fraction) * 100:.1f}".replace(".", ",") + "%"


def vi_points(points: str) -> str:
    return points.replace(".", ",")
