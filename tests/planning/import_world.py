"""The demo catalogue (units with their aliases, channels, audiences) and a 2025
plan with the demo themes: what the import cases are read against."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from campaigns import demo_data, seeding
from campaigns.models import ContentTheme, Plan, Unit

CASES = Path(__file__).parent / "import_cases"


def demo_units() -> None:
    """The demo's departments, communes and township (no heads: not needed)."""
    rows = [
        (name, short, Unit.Kind.DEPARTMENT) for _s, name, short in demo_data.DEPARTMENTS
    ]
    rows += [
        (f"UBND xã {name}", f"Xã {name}", Unit.Kind.COMMUNE)
        for _s, name in demo_data.COMMUNES
    ]
    rows.append(
        (f"UBND {demo_data.TOWNSHIP[1]}", demo_data.TOWNSHIP[1], Unit.Kind.TOWNSHIP)
    )
    Unit.objects.bulk_create(
        Unit(name=name, short_name=short, kind=kind, order=order)
        for order, (name, short, kind) in enumerate(rows, start=1)
    )
    seeding.seed_unit_aliases()


def demo_plan_2025(status: str = Plan.Status.ISSUED) -> Plan:
    """Demo units, channels and audiences, and an issued 2025 plan with themes."""
    demo_units()
    seeding._catalogues()
    plan = Plan.objects.create(
        year=2025,
        number="12/KH-UBND",
        title="Kế hoạch tuyên truyền cải cách hành chính năm 2025",
        issued_on=dt.date(2025, 1, 15),
        status=status,
    )
    for order, title in enumerate(demo_data.THEMES, start=1):
        ContentTheme.objects.create(plan=plan, title=title, order=order)
    return plan
