"""The Government's decisions on days off and make-up working days, as known.

Each row: (date, kind, name). Sources: the Prime Minister's agreements on the
Ministry of Home Affairs' proposals for civil servants (Labour Code art. 112,
Decree 145/2020/NĐ-CP). The ``holidays`` package already holds some of them; a
row here that repeats one changes nothing. Seeded as the installation's rows
(no organisation) by a migration and by :func:`official_days_seed`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

DAY_OFF = "day_off"
WORKING_DAY = "working_day"

DECISIONS: list[tuple[dt.date, str, str]] = [
    # 30/4–1/5/2025: Friday 02/05 off, worked on Saturday 26/04.
    (dt.date(2025, 4, 26), WORKING_DAY, "Làm bù cho ngày nghỉ 02/05/2025"),
    (dt.date(2025, 5, 2), DAY_OFF, "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù 26/04/2025)"),
    # New Year 2026: Friday 02/01 off, worked on Saturday 10/01 (agreed by the
    # Government in December 2025).
    (dt.date(2026, 1, 2), DAY_OFF, "Nghỉ Tết Dương lịch (hoán đổi, làm bù 10/01/2026)"),
    (dt.date(2026, 1, 10), WORKING_DAY, "Làm bù cho ngày nghỉ 02/01/2026"),
    # Quốc khánh 2026: Monday 31/08 off, worked on Saturday 22/08.
    (dt.date(2026, 8, 22), WORKING_DAY, "Làm bù cho ngày nghỉ 31/08/2026"),
    (dt.date(2026, 8, 31), DAY_OFF, "Nghỉ Quốc khánh (hoán đổi, làm bù 22/08/2026)"),
]


def official_days_seed(model: Any) -> int:
    """Write the known decisions as installation rows of ``model`` (the
    ``OfficialDay`` model, or a migration's historical one); rows already there
    are left as they are. Returns how many were added."""
    added = 0
    for day, kind, name in DECISIONS:
        _row, created = model.objects.get_or_create(
            organisation=None, date=day, defaults={"kind": kind, "name": name}
        )
        added += created
    return added
