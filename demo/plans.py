"""The demo's plans: the 2024 plan in the source document's words
(``data.PLAN``), fully reported and closed, and this year's plan copied from it
through the plan services, issued, with progress drawn as of the day of the run."""

from __future__ import annotations

import datetime as dt

from campaigns.history import one_history_entry
from campaigns.models import Activity, ContentTheme, Objective, Plan
from campaigns.services.expansion import activity_expand_tasks
from campaigns.services.plans import plan_copy_to_year, plan_save, plan_set_status

from . import activity_data
from . import data as demo_data
from .context import DemoContext
from .directory import lower_first
from .progress import draw_progress

HISTORY_YEAR: int = demo_data.PLAN["year"]


# --- the 2024 plan ----------------------------------------------------------------


def _activity_rows() -> list[tuple]:
    """Every demo activity as (title, theme, channel, audiences, lead, supporting,
    start, due, rule, planned output, budget)."""
    whole_year = ("2024-01-01", "2024-12-31")
    # (template, place in the title, lead unit, start, due) of per-unit rows.
    specs = [
        (activity_data.DEPARTMENT_MEETING, short, slug, *whole_year)
        for slug, _name, short in demo_data.DEPARTMENTS
    ]
    places = [(slug, f"xã {name}") for slug, name in demo_data.COMMUNES]
    places.append((demo_data.TOWNSHIP[0], lower_first(demo_data.TOWNSHIP[1])))
    for index, (slug, place) in enumerate(places):
        specs.append((activity_data.COMMUNE_RADIO, place, slug, *whole_year))
        for offset, template in (
            (1, activity_data.COMMUNE_LEGAL),
            (4, activity_data.COMMUNE_BANNERS),
            (7, activity_data.COMMUNE_ONE_STOP),
        ):
            month = (index + offset) % 12 + 1
            specs.append(
                (
                    template,
                    place,
                    slug,
                    f"2024-{month:02d}-01",
                    f"2024-{month:02d}-{20 + index % 8}",
                )
            )
    rows = list(activity_data.DISTRICT_ACTIVITIES)
    for template, place, slug, start, due in specs:
        title, theme, channel, audiences, rule, output = template
        rows.append(
            (
                title.format(unit=place),
                theme,
                channel,
                audiences,
                slug,
                [],
                start,
                due,
                rule,
                output,
                None,
            )
        )
    return rows


def _history_plan_rows(
    ctx: DemoContext,
) -> tuple[Plan, list[ContentTheme], list[Objective]]:
    data = demo_data.PLAN
    plan = Plan.objects.create(
        organisation=ctx.organisation,
        year=data["year"],
        issuer=data["issuer"],
        number=data["number"],
        title=data["title"],
        issued_on=dt.date.fromisoformat(data["issued_on"]),
        general_goal=data["general_goal"],
        next_year_directions=data["next_year_directions"],
        status=Plan.Status.ISSUED,
    )
    objectives = [
        Objective.objects.create(
            plan=plan,
            order=order,
            kind=kind,
            description=description,
            target_value=target,
            target_unit=unit,
        )
        for order, (kind, description, target, unit) in enumerate(
            demo_data.OBJECTIVES, start=1
        )
    ]
    themes = [
        ContentTheme.objects.create(plan=plan, order=order, title=title)
        for order, title in enumerate(demo_data.THEMES, start=1)
    ]
    return plan, themes, objectives


def demo_activity(
    ctx: DemoContext,
    plan: Plan,
    themes: list[ContentTheme],
    objectives: list[Objective],
    row: tuple,
    *,
    date_prefix: str,
    handed_to_kinds: str = "",
) -> Activity:
    """One demo activity from a row (title, theme, channel, audiences, lead,
    supporting, start, due, rule, output, budget), saved as one history entry.
    ``date_prefix`` completes dates written without their year ("2026-");
    ``handed_to_kinds`` names the children it is handed down to (the city's)."""
    (title, theme, channel, audience_codes, lead, supporting) = row[:6]
    (start, due, rule, output, budget) = row[6:]
    activity = Activity(
        plan=plan,
        title=title,
        theme=themes[theme],
        channel=ctx.channels[channel],
        lead_unit=ctx.units[lead],
        start_date=dt.date.fromisoformat(date_prefix + start),
        due_date=dt.date.fromisoformat(date_prefix + due),
        recurrence=rule,
        planned_output=output,
        budget=budget,
        created_by=ctx.planner,
        handed_to_kinds=handed_to_kinds,
    )
    with one_history_entry(activity):
        activity.save()
        activity.audience_groups.set([ctx.audiences[c] for c in audience_codes])
        activity.supporting_units.set([ctx.units[s] for s in supporting])
        activity.objectives.set([objectives[0], objectives[1 + theme % 4]])
    return activity


def _history_activities(
    ctx: DemoContext,
    plan: Plan,
    themes: list[ContentTheme],
    objectives: list[Objective],
) -> None:
    for row in _activity_rows():
        activity = demo_activity(ctx, plan, themes, objectives, row, date_prefix="")
        # The plan was entered after the fact: its whole year of tasks.
        activity_expand_tasks(activity=activity, today=plan.year_start)


def seed_history_plan(ctx: DemoContext) -> None:
    """The 2024 plan, once: fully reported and closed (unless 2024 is this year)."""
    data = demo_data.PLAN
    plan = Plan.objects.filter(year=data["year"], issuer=data["issuer"]).first()
    if plan is None:
        plan, themes, objectives = _history_plan_rows(ctx)
        _history_activities(ctx, plan, themes, objectives)
        if plan.year < ctx.today.year:
            draw_progress(
                plan, today=plan.year_end + dt.timedelta(days=1), ctx=ctx, complete=True
            )
            _close(plan, ctx)
        else:
            draw_progress(plan, today=ctx.today, ctx=ctx)
    ctx.plans[plan.year] = plan


def _close(plan: Plan, ctx: DemoContext) -> None:
    plan_set_status(plan_id=plan.pk, status=Plan.Status.CLOSED, user=ctx.users["admin"])
    plan.refresh_from_db()


# --- this year's plan ---------------------------------------------------------------


def seed_current_plan(ctx: DemoContext) -> None:
    """This year's plan, once: copied from the 2024 plan and issued in January,
    with progress drawn as of ``ctx.today``."""
    year = ctx.today.year
    source = ctx.plans.get(HISTORY_YEAR)
    if source is None or year <= source.year:
        return
    # The organisation's plan of the year, whoever issued it (an earlier demo
    # issued it in the district's name).
    plan = Plan.objects.filter(organisation=ctx.organisation, year=year).first()
    if plan is None:
        plan = plan_copy_to_year(
            plan=source,
            year=year,
            title=source.title.replace(str(source.year), str(year)),
            user=ctx.planner,
        )
        plan.number = demo_data.CURRENT_PLAN_NUMBER
        plan.issuer = ctx.organisation.name
        plan.issued_on = dt.date(year, 1, 20)
        plan_save(plan=plan, user=ctx.planner)
        _current_year_activities(ctx, plan)
        plan_set_status(
            plan_id=plan.pk,
            status=Plan.Status.ISSUED,
            user=ctx.planner,
            today=ctx.today,
        )
        plan.refresh_from_db()
        draw_progress(plan, today=ctx.today, ctx=ctx)
    ctx.plans[year] = plan


def _current_year_activities(ctx: DemoContext, plan: Plan) -> None:
    """The activities new in this year's plan (its tasks come when it is issued)."""
    themes = list(plan.themes.order_by("order"))
    objectives = list(plan.objectives.order_by("order"))
    for row in activity_data.CURRENT_YEAR_ACTIVITIES:
        demo_activity(ctx, plan, themes, objectives, row, date_prefix=f"{plan.year}-")
