"""A small year built by hand, whose every figure is worked out in test_figures.py.

The clock is frozen on 30/06/2025 (Asia/Ho_Chi_Minh): tasks due before that day and
still open are overdue; a task due that very day is still in term.

Activities of the 2025 plan (lead unit, channel, theme, audiences, objectives):
  act1  Phòng Nội vụ, portal (online), T1, [officials, citizens], [O1], 10,000,000 VND
        + supporting unit UBND xã Tam Hiệp
  act2  UBND xã Tam Hiệp, conference (traditional), T2, [officials], [O1, O2], 5,000,000
  act3  UBND thị trấn Núi Thành, banners (traditional), T2, [citizens], [O2], no budget
  act4  Phòng Nội vụ, conference, T1, [officials], [O1], 7,000,000, CANCELLED
  act5  UBND thị trấn Núi Thành, portal, T1, [citizens], no objective, no budget

Tasks (due date, status, completed at local time, planned output; report):
  t1  act1 Nội vụ   10/02 done 10/02 23:30  2  report 3, reach 1200, evidence link
  t2  act1 Nội vụ   10/03 done 11/03 00:30  2  report 2, reach 800 (late: local date)
  t3  act1 Nội vụ   10/05 to do             2  -> overdue
  t4  act1 Nội vụ   10/09 in progress       2  report 1, reach 100 (partial)
  t5  act1 Tam Hiệp 10/02 done 09/02        0  (supporting) report 0, no evidence
  t6  act2 Tam Hiệp 20/01 done 18/01        1  report 1, 50 participants, evidence file
  t7  act2 Tam Hiệp 20/04 done 25/04        1  report 1, 40 participants (late)
  t8  act2 Tam Hiệp 20/07 to do             1  -> in term
  t9  act2 Tam Hiệp 20/10 cancelled         1
  t10 act3 Thị trấn 30/06 to do             5  -> in term (due today)
  t11 act3 Thị trấn 29/06 to do             5  -> overdue (due yesterday)
  t12 act3 Thị trấn 15/03 done 15/03        5  report 4, blank links: no evidence
  t13 act4 Nội vụ   01/08 cancelled         1
  t14 act5 Thị trấn 01/04 done 30/03        1  report 1, reach 500, evidence link
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from audiences.models import AudienceGroup
from campaigns.models import Activity, Plan, Task, Unit
from channels.models import Channel
from tests.factories import (
    ActivityFactory,
    AudienceGroupFactory,
    ChannelFactory,
    ContentThemeFactory,
    EvidenceFileFactory,
    ObjectiveFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    home_organisation,
)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.date(2025, 6, 30)
DIRECTIONS = (
    "Đẩy mạnh tuyên truyền trên nền tảng số, mạng xã hội.\n"
    "Nâng cao trách nhiệm người đứng đầu trong công tác tuyên truyền."
)


def local(year: int, month: int, day: int, hour: int = 16, minute: int = 0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


@dataclass
class FixtureYear:
    plan: Plan
    portal: Channel
    conference: Channel
    banners: Channel
    officials: AudienceGroup
    citizens: AudienceGroup
    businesses: AudienceGroup
    noi_vu: Unit
    tam_hiep: Unit
    thi_tran: Unit
    themes: list
    objectives: list
    activities: dict[str, Activity]
    tasks: dict[str, Task]


@pytest.fixture
def frozen_today():
    with time_machine.travel(local(2025, 6, 30, 10), tick=False):
        yield TODAY


def _task(activity, unit, due, status, *, planned, completed=None, lead=True):
    return TaskFactory(
        activity=activity,
        unit=unit,
        due_date=due,
        status=status,
        planned_output=planned,
        completed_at=completed,
        is_lead=lead,
    )


def _report(task, actual, *, participants=None, reach=None, links=""):
    return ProgressReportFactory(
        task=task,
        actual_output=actual,
        participants=participants,
        reach=reach,
        evidence_links=links,
    )


@pytest.fixture
def fixture_year(db, frozen_today) -> FixtureYear:
    home_organisation(
        name="UBND huyện Núi Thành",
        short_name="Núi Thành",
        place="Núi Thành",
        recipients="Sở Nội vụ tỉnh Quảng Nam (b/c);\nLưu: VT, NV.",
    )
    plan = PlanFactory(
        year=2025,
        number="12/KH-UBND",
        title="Kế hoạch tuyên truyền cải cách hành chính năm 2025",
        issuer="UBND huyện Núi Thành",
        issued_on=dt.date(2025, 1, 15),
        next_year_directions=DIRECTIONS,
    )
    portal = ChannelFactory(
        name="Cổng thông tin điện tử huyện",
        code="cong-ttdt",
        output_unit="tin, bài",
        form=Channel.Form.ONLINE,
        order=1,
    )
    conference = ChannelFactory(
        name="Hội nghị, giao ban",
        code="giao-ban",
        output_unit="buổi",
        form=Channel.Form.TRADITIONAL,
        order=2,
    )
    banners = ChannelFactory(
        name="Pa-nô, băng rôn",
        code="pano",
        output_unit="sản phẩm",
        form=Channel.Form.TRADITIONAL,
        order=3,
    )
    officials = AudienceGroupFactory(
        name="Cán bộ, công chức, viên chức", code="can-bo", order=1
    )
    citizens = AudienceGroupFactory(name="Người dân", code="nguoi-dan", order=2)
    businesses = AudienceGroupFactory(name="Doanh nghiệp", code="doanh-nghiep", order=3)
    noi_vu = UnitFactory(name="Phòng Nội vụ", kind=Unit.Kind.DEPARTMENT, order=1)
    tam_hiep = UnitFactory(name="UBND xã Tam Hiệp", order=2)
    thi_tran = UnitFactory(
        name="UBND thị trấn Núi Thành", kind=Unit.Kind.TOWNSHIP, order=3
    )
    t1_theme = ContentThemeFactory(
        plan=plan,
        title="Quan điểm, chủ trương của Đảng về cải cách hành chính",
        order=1,
    )
    t2_theme = ContentThemeFactory(
        plan=plan, title="Trách nhiệm của người đứng đầu cơ quan hành chính", order=2
    )
    o1 = ObjectiveFactory(
        plan=plan, description="Nâng cao nhận thức của cán bộ, công chức", order=1
    )
    o2 = ObjectiveFactory(
        plan=plan, description="Tăng cường sự tham gia của người dân", order=2
    )

    def activity(title, lead, channel, theme, audiences, objectives, **extra):
        act = ActivityFactory(
            plan=plan,
            title=title,
            lead_unit=lead,
            channel=channel,
            theme=theme,
            audience_groups=audiences,
            start_date=dt.date(2025, 1, 1),
            due_date=dt.date(2025, 12, 31),
            **extra,
        )
        act.objectives.set(objectives)
        return act

    act1 = activity(
        "Đăng tin cải cách hành chính trên Cổng thông tin",
        noi_vu,
        portal,
        t1_theme,
        [officials, citizens],
        [o1],
        budget=10_000_000,
        supporting_units=[tam_hiep],
    )
    act2 = activity(
        "Hội nghị quán triệt cải cách hành chính",
        tam_hiep,
        conference,
        t2_theme,
        [officials],
        [o1, o2],
        budget=5_000_000,
    )
    act3 = activity(
        "Treo băng rôn tuyên truyền cải cách hành chính",
        thi_tran,
        banners,
        t2_theme,
        [citizens],
        [o2],
    )
    act4 = activity(
        "Hội thi tìm hiểu cải cách hành chính",
        noi_vu,
        conference,
        t1_theme,
        [officials],
        [o1],
        budget=7_000_000,
        status=Activity.Status.CANCELLED,
    )
    act5 = activity(
        "Chuyên mục dịch vụ công trực tuyến", thi_tran, portal, t1_theme, [citizens], []
    )

    done, todo = Task.Status.DONE, Task.Status.TODO
    tasks = {
        "t1": _task(
            act1, noi_vu, dt.date(2025, 2, 10), done,
            planned=2, completed=local(2025, 2, 10, 23, 30),
        ),
        "t2": _task(
            act1, noi_vu, dt.date(2025, 3, 10), done,
            planned=2, completed=local(2025, 3, 11, 0, 30),
        ),
        "t3": _task(act1, noi_vu, dt.date(2025, 5, 10), todo, planned=2),
        "t4": _task(
            act1, noi_vu, dt.date(2025, 9, 10), Task.Status.IN_PROGRESS, planned=2
        ),
        "t5": _task(
            act1, tam_hiep, dt.date(2025, 2, 10), done,
            planned=0, completed=local(2025, 2, 9), lead=False,
        ),
        "t6": _task(
            act2, tam_hiep, dt.date(2025, 1, 20), done,
            planned=1, completed=local(2025, 1, 18),
        ),
        "t7": _task(
            act2, tam_hiep, dt.date(2025, 4, 20), done,
            planned=1, completed=local(2025, 4, 25),
        ),
        "t8": _task(act2, tam_hiep, dt.date(2025, 7, 20), todo, planned=1),
        "t9": _task(
            act2, tam_hiep, dt.date(2025, 10, 20), Task.Status.CANCELLED, planned=1
        ),
        "t10": _task(act3, thi_tran, dt.date(2025, 6, 30), todo, planned=5),
        "t11": _task(act3, thi_tran, dt.date(2025, 6, 29), todo, planned=5),
        "t12": _task(
            act3, thi_tran, dt.date(2025, 3, 15), done,
            planned=5, completed=local(2025, 3, 15, 8),
        ),
        "t13": _task(
            act4, noi_vu, dt.date(2025, 8, 1), Task.Status.CANCELLED, planned=1
        ),
        "t14": _task(
            act5, thi_tran, dt.date(2025, 4, 1), done,
            planned=1, completed=local(2025, 3, 30),
        ),
    }  # fmt: skip
    _report(tasks["t1"], 3, reach=1200, links="https://nuithanh.gov.vn/tin-cchc-1\n")
    _report(tasks["t2"], 2, reach=800)
    _report(tasks["t4"], 1, reach=100)
    _report(tasks["t5"], 0)
    EvidenceFileFactory(report=_report(tasks["t6"], 1, participants=50))
    _report(tasks["t7"], 1, participants=40)
    _report(tasks["t12"], 4, links="   \n ")
    _report(tasks["t14"], 1, reach=500, links="https://facebook.com/nuithanh/1")
    assert timezone.localdate() == TODAY
    return FixtureYear(
        plan=plan,
        portal=portal,
        conference=conference,
        banners=banners,
        officials=officials,
        citizens=citizens,
        businesses=businesses,
        noi_vu=noi_vu,
        tam_hiep=tam_hiep,
        thi_tran=thi_tran,
        themes=[t1_theme, t2_theme],
        objectives=[o1, o2],
        activities={
            "act1": act1,
            "act2": act2,
            "act3": act3,
            "act4": act4,
            "act5": act5,
        },
        tasks=tasks,
    )
