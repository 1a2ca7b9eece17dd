"""The demo catalogue (units with their aliases, channels, audiences) and a 2025
plan with the demo themes: what the import cases are read against."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from campaigns.models import ContentTheme, Plan
from demo import data as demo_data
from demo import directory
from demo.context import DemoContext
from tests.factories import home_organisation

CASES = Path(__file__).parent / "import_cases"


def demo_units() -> DemoContext:
    """The demo's departments, communes and township with their aliases, and
    the demo channels and audiences, by the demo's own seeding steps."""
    ctx = DemoContext(today=dt.date(2025, 1, 15), password="demo")
    ctx.organisation = home_organisation()
    for step in (
        directory.seed_units,
        directory.seed_unit_aliases,
        directory.seed_catalogues,
    ):
        step(ctx)
    return ctx


def demo_plan_2025(status: str = Plan.Status.ISSUED) -> Plan:
    """Demo units, channels and audiences, and an issued 2025 plan with themes."""
    demo_units()
    plan = Plan.objects.create(
        organisation=home_organisation(),
        year=2025,
        number="12/KH-UBND",
        title="Kế hoạch tuyên truyền cải cách hành chính năm 2025",
        issued_on=dt.date(2025, 1, 15),
        status=status,
    )
    for order, title in enumerate(demo_data.THEMES, start=1):
        ContentTheme.objects.create(plan=plan, title=title, order=order)
    return plan
