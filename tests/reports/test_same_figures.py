"""One definition of each figure: the dashboard, /my-tasks/, the report page
and every export give the same numbers for the same plan, day and role."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
import time_machine
from django.test import Client

from accounts.models import User
from campaigns.models import Plan, Task
from campaigns.tallies import tallies_rebuild
from tests.factories import ActivityFactory, PlanFactory, TaskFactory, UnitFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.date(2026, 6, 15)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=HCM)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(at(TODAY), tick=False):
        yield


@dataclass
class Expected:
    total: int = 7
    done: int = 2
    done_late: int = 1
    awaiting: int = 2
    overdue: int = 2
    in_term: int = 1
    cancelled: int = 1


@pytest.fixture
def plan(settings, unit_head: User) -> Plan:
    """This year's plan, one unit, a task of every kind; and last year's closed
    plan, whose done tasks must not mix in."""
    settings.REPORT_REVIEW_REQUIRED = True
    unit = UnitFactory(name="UBND xã Tam Xuân", head=unit_head)
    plan = PlanFactory(year=2026)
    activity = ActivityFactory(plan=plan, lead_unit=unit, title="Phát thanh CCHC")

    def task(due: tuple[int, int], status: str, done=None, accepted=None) -> Task:
        return TaskFactory(
            activity=activity,
            unit=unit,
            due_date=dt.date(2026, *due),
            status=status,
            completed_at=at(dt.date(2026, *done)) if done else None,
            accepted_at=at(dt.date(2026, *accepted)) if accepted else None,
        )

    done, todo = Task.Status.DONE, Task.Status.TODO
    task((3, 10), done, done=(3, 9), accepted=(3, 11))  # on time
    task((3, 20), done, done=(4, 2), accepted=(4, 3))  # late
    task((2, 10), done, done=(2, 12))  # awaiting review, past due: not overdue
    task((7, 10), done, done=(6, 1))  # awaiting review, not yet due
    task((5, 1), todo)  # overdue
    task((6, 1), Task.Status.IN_PROGRESS)  # overdue
    task((8, 1), todo)  # in term
    task((4, 1), Task.Status.CANCELLED)
    closed = PlanFactory(year=2025, status=Plan.Status.CLOSED)
    for _ in range(3):
        TaskFactory(
            activity=ActivityFactory(plan=closed, lead_unit=unit),
            unit=unit,
            due_date=dt.date(2025, 5, 1),
            status=done,
            completed_at=at(dt.date(2025, 4, 30)),
            accepted_at=at(dt.date(2025, 5, 2)),
        )
    tallies_rebuild()
    return plan


def _number(page: str, pattern: str) -> int:
    match = re.search(pattern, page, re.S)
    assert match, pattern
    return int(match.group(1).replace(".", ""))


def _dashboard(client: Client, user: User, plan: Plan) -> dict[str, int]:
    client.force_login(user)
    page = client.get(f"/?plan={plan.pk}").content.decode()
    return {
        "total": _number(page, r'id="kpi-total">(\d+)<'),
        "done": _number(page, r'id="kpi-done">(\d+) '),
        "overdue": _number(page, r'id="kpi-overdue">(\d+)<'),
        "awaiting": _number(page, r'id="kpi-awaiting-review">.*?(\d+) chờ duyệt'),
    }


def _figure(page: str, name: str) -> int:
    return _number(page, rf'data-figure="{name}">([\d.]+)<')


def _report_page(client: Client, plan: Plan, query: str) -> dict[str, int]:
    page = client.get(f"/reports/2026/{query}").content.decode()
    overdue_table = page[page.index('<section id="overdue"') :]
    overdue_table = overdue_table[: overdue_table.index("</section>")]
    listed = re.findall(r'data-row="overdue-\d+"', overdue_table)
    # The overdue list never shows a done task.
    assert "Hoàn thành" not in overdue_table
    assert "Chờ duyệt" not in overdue_table
    return {
        "total": _figure(page, "tasks-total"),
        "done": _figure(page, "tasks-done"),
        "done_late": _figure(page, "tasks-done-late"),
        "in_term": _figure(page, "tasks-in-term"),
        "overdue": _figure(page, "tasks-overdue"),
        "overdue_listed": len(listed),
        "awaiting": _figure(page, "awaiting-review"),
        "cancelled": _figure(page, "tasks-cancelled"),
    }


def _xlsx(client: Client, query: str) -> dict[str, int]:
    content = b"".join(client.get(f"/reports/2026/export.xlsx{query}"))
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Tổng hợp"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    by_unit = openpyxl.load_workbook(io.BytesIO(content))["Theo đơn vị"]
    header = [cell.value for cell in next(by_unit.iter_rows(max_row=1))]
    unit_row = next(by_unit.iter_rows(min_row=2, max_row=2, values_only=True))
    unit = dict(zip(header, unit_row, strict=False))
    assert unit["Quá hạn"] == rows["Quá hạn"]
    assert unit["Đã hoàn thành, chờ duyệt"] == rows["Đã hoàn thành, chờ duyệt"]
    return {
        "total": rows["Nhiệm vụ phải thực hiện"],
        "done": rows["Hoàn thành đúng hạn"] + rows["Hoàn thành trễ hạn"],
        "done_late": rows["Hoàn thành trễ hạn"],
        "in_term": rows["Chưa hoàn thành, còn trong hạn"],
        "overdue": rows["Quá hạn"],
        "awaiting": rows["Đã hoàn thành, chờ duyệt"],
        "cancelled": rows["Nhiệm vụ bị hủy"],
    }


def _csv(client: Client, query: str) -> dict[str, int]:
    response = client.get(f"/reports/2026/export.csv{query}")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    tracking = Counter(row["Theo dõi"] for row in csv.DictReader(io.StringIO(text)))
    return {
        "total": tracking.total() - tracking["Đã hủy"],
        "done": tracking["Hoàn thành đúng hạn"] + tracking["Hoàn thành trễ hạn"],
        "done_late": tracking["Hoàn thành trễ hạn"],
        "in_term": tracking["Chưa hoàn thành, còn trong hạn"],
        "overdue": tracking["Quá hạn"],
        "awaiting": tracking["Đã hoàn thành, chờ duyệt"],
        "cancelled": tracking["Đã hủy"],
    }


def _docx(client: Client, query: str) -> dict[str, int]:
    content = b"".join(client.get(f"/reports/2026/export.docx{query}"))
    document = docx.Document(io.BytesIO(content))
    for table in document.tables:
        cells = {row.cells[0].text: row.cells[1].text for row in table.rows}
        if "Hoàn thành đúng hạn" in cells and "Nhiệm vụ phải thực hiện" in cells:
            break
    else:
        raise AssertionError("no table of the tasks")

    def value(label: str) -> int:
        return int(cells.get(label, "0").replace(".", ""))

    return {
        "total": value("Nhiệm vụ phải thực hiện"),
        "done": value("Hoàn thành đúng hạn") + value("Hoàn thành trễ hạn"),
        "done_late": value("Hoàn thành trễ hạn"),
        "in_term": value("Chưa hoàn thành, còn trong hạn"),
        "overdue": value("Quá hạn"),
        "awaiting": value("Đã hoàn thành, chờ duyệt"),
    }


def _my_tasks(client: Client, user: User) -> dict[str, int]:
    client.force_login(user)
    response = client.get("/my-tasks/")
    counts = {g.key: g.count for g in response.context["overview"].groups}
    return {
        "done": counts["done"],
        "awaiting": counts["awaiting"],
        "overdue": counts["overdue"],
        "in_term": counts["soon"] + counts["later"],
    }


@pytest.mark.parametrize("role", ["admin_user", "leader"])
def test_every_page_and_file_gives_the_same_figures(
    client, plan, unit_head, role, request
) -> None:
    user = request.getfixturevalue(role)
    expected = Expected()
    query = f"?period=year&as_of={TODAY.isoformat()}&plan={plan.pk}"

    dashboard = _dashboard(client, user, plan)
    report = _report_page(client, plan, query)
    xlsx = _xlsx(client, query)
    as_csv = _csv(client, query)
    as_docx = _docx(client, query)

    shared = {
        "total": expected.total,
        "done": expected.done,
        "overdue": expected.overdue,
        "awaiting": expected.awaiting,
    }
    assert dashboard == shared
    whole = {
        **shared,
        "done_late": expected.done_late,
        "in_term": expected.in_term,
        "cancelled": expected.cancelled,
    }
    assert report == {**whole, "overdue_listed": expected.overdue}
    assert xlsx == whole
    assert as_csv == whole
    assert as_docx == {key: whole[key] for key in as_docx}


def test_a_unit_heads_dashboard_and_my_tasks_give_the_same_figures(
    client, plan, unit_head
) -> None:
    expected = Expected()

    dashboard = _dashboard(client, unit_head, plan)
    mine = _my_tasks(client, unit_head)

    assert dashboard == {
        "total": expected.total,
        "done": expected.done,
        "overdue": expected.overdue,
        "awaiting": expected.awaiting,
    }
    # Last year's closed plan stays out: 2 done, not 5.
    assert mine == {
        "done": expected.done,
        "awaiting": expected.awaiting,
        "overdue": expected.overdue,
        "in_term": expected.in_term,
    }
