"""The city over the demo's commune (UBND thành phố Đà Nẵng) and its other
communes and wards, each with its accounts, units, catalogues and a small plan
of the year, so that the city's roll-up has figures (``demo.province_data``).

Every organisation, account, unit and catalogue row is found by its natural key
and every plan by its organisation and year (a re-run duplicates nothing and
redraws no progress). The plans start with the year after the merger: a run
dated 2024 seeds the organisations and their people only.

The steps run in the scope of the organisation they seed (``demo.seeding``);
:func:`seed_province` itself runs across organisations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from accounts.roles import Role
from campaigns.models import ContentTheme, Objective, Plan, Unit
from campaigns.services.plans import plan_save, plan_set_status
from organisation.models import Organisation

from . import data as demo_data
from . import province_data as city
from .context import DemoContext
from .directory import demo_user, head_title, seed_catalogue_rows
from .plans import demo_activity
from .progress import draw_progress

#: The first year the city and its communes have plans of their own (the
#: merger took effect on 1 July 2025).
FIRST_PLAN_YEAR = 2025

_CHILDREN = {child.slug: child for child in city.CHILDREN}


def seed_province(
    ctx: DemoContext,
) -> tuple[DemoContext, list[DemoContext]]:
    """The city and its communes and wards (found by their names), with the
    organisation of ``ctx`` — the commune that carries the Núi Thành history —
    under the city; a context for the city and one for each other child."""
    fields = dict(city.PROVINCE)
    province, _ = Organisation.objects.get_or_create(
        name=fields.pop("name"), defaults=fields
    )
    _place_under(ctx.organisation, province)
    children = []
    for child in city.CHILDREN:
        organisation, _ = Organisation.objects.get_or_create(
            name=child.name,
            defaults={
                "kind": child.kind,
                "parent": province,
                "parent_name": province.name,
                "short_name": child.place,
                "place": child.place,
                "signer_title": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
                "recipients": "\n".join(
                    [
                        "Sở Nội vụ thành phố Đà Nẵng (b/c);",
                        f"CT, các PCT UBND {child.noun};",
                        "Lưu: VT, VP.",
                    ]
                ),
                "email_sender_name": f"CCHC {child.place}",
            },
        )
        _place_under(organisation, province)
        children.append(
            ctx.for_organisation(
                organisation,
                slug=child.slug,
                mail_domain=f"{child.slug.replace('-', '')}.{city.MAIL_DOMAIN}",
            )
        )
    province_ctx = ctx.for_organisation(
        province, slug=city.PROVINCE_SLUG, mail_domain=city.MAIL_DOMAIN
    )
    return province_ctx, children


def _place_under(organisation: Organisation, parent: Organisation) -> None:
    """Put ``organisation`` under ``parent`` unless it already has a parent."""
    if organisation.parent_id is None:
        organisation.parent = parent
        organisation.save(update_fields=["parent", "updated_at"])


# --- accounts and units ------------------------------------------------------------


def _account(ctx: DemoContext, role: str, *, key: str, title: str) -> None:
    username = ctx.username(key)
    ctx.users[key] = demo_user(
        ctx,
        username,
        role=role,
        password=ctx.password_hash,
        first_name=title,
        email=f"{username}@{ctx.mail_domain}",
    )


def seed_province_accounts(ctx: DemoContext) -> None:
    """The city's administrator, planner and leader (tinh-admin…)."""
    _account(ctx, Role.ADMIN, key="admin", title="Quản trị UBND thành phố")
    _account(ctx, Role.PLANNER, key="planner", title="Chuyên viên Sở Nội vụ")
    _account(ctx, Role.LEADER, key="leader", title="Lãnh đạo UBND thành phố")


def seed_child_accounts(ctx: DemoContext) -> None:
    """A commune's or ward's administrator and planner (tam-xuan-admin…)."""
    noun = _child(ctx).noun
    _account(ctx, Role.ADMIN, key="admin", title=f"Quản trị UBND {noun}")
    _account(ctx, Role.PLANNER, key="planner", title="Công chức Văn phòng")


def _units(
    ctx: DemoContext, rows: list[tuple[str, str, str]], *, kind: str, headed: set[str]
) -> None:
    """Units (slug, name, short name) of ``kind``, the ``headed`` ones with
    their head's account ("tinh-noi-vu"; a commune's: "tam-xuan-unithead")."""
    for order, (slug, name, short) in enumerate(rows, start=1):
        unit, created = Unit.objects.get_or_create(
            organisation=ctx.organisation,
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "order": order,
                "contact_email": f"vanthu.{slug}@{ctx.mail_domain}",
            },
        )
        if slug in headed and unit.head_id is None:
            username = ctx.username(
                slug if ctx.slug == city.PROVINCE_SLUG else "unithead"
            )
            unit.head = demo_user(
                ctx,
                username,
                role=Role.UNIT_HEAD,
                password=ctx.password_hash,
                first_name=head_title(name=name, kind=kind),
                email=f"{username}@{ctx.mail_domain}",
            )
            unit.save(update_fields=["head"])
        ctx.units[slug] = unit


def seed_province_units(ctx: DemoContext) -> None:
    """The city's departments (sở, ban, ngành), each with its head's account."""
    _units(
        ctx,
        city.PROVINCE_UNITS,
        kind=Unit.Kind.SECTOR,
        headed={slug for slug, *_ in city.PROVINCE_UNITS},
    )


def seed_child_units(ctx: DemoContext) -> None:
    """A commune's or ward's units (Decree 150/2025), one with its head."""
    _units(
        ctx,
        city.child_units(_child(ctx)),
        kind=Unit.Kind.DEPARTMENT,
        headed={city.CHILD_HEADED_UNIT},
    )


def seed_city_catalogues(ctx: DemoContext) -> None:
    """Channels and audience groups of the city or a commune."""
    seed_catalogue_rows(ctx, channels=city.CHANNELS, audiences=city.AUDIENCES)


def _child(ctx: DemoContext) -> city.Child:
    return _CHILDREN[ctx.slug]


# --- plans of the year ---------------------------------------------------------------


def seed_province_plan(ctx: DemoContext) -> None:
    """The city's own plan of the year: a few activities of its departments,
    and those it hands down to every commune, ward and special zone (they
    receive them when the plan is issued, in their own plans of the year)."""
    ctx.handed_down = _seed_year_plan(
        ctx,
        number=city.PROVINCE_PLAN_NUMBER,
        issued_on_day=10,
        activities=city.PROVINCE_ACTIVITIES,
        handed=city.PROVINCE_HANDED_ACTIVITIES,
    )


def seed_child_plan(ctx: DemoContext) -> None:
    """A commune's or ward's plan of the year, its progress drawn as of today."""
    child = _child(ctx)
    place = f"{child.noun} {child.place}"
    index = city.CHILDREN.index(child)
    _seed_year_plan(
        ctx,
        number=f"{30 + index}/KH-UBND",
        issued_on_day=15 + index,
        activities=[
            (row[0].format(place=place), *row[1:]) for row in city.CHILD_ACTIVITIES
        ],
    )


def _seed_year_plan(
    ctx: DemoContext,
    *,
    number: str,
    issued_on_day: int,
    activities: list[tuple],
    handed: Sequence[tuple] = (),
) -> bool:
    """The organisation's plan of this year, once: written through the plan
    services, issued in January and its progress drawn as of ``ctx.today``;
    the ``handed`` rows are handed down to the children of
    :data:`~demo.province_data.HANDED_KINDS`. Whether it was made now."""
    year = ctx.today.year
    if year < FIRST_PLAN_YEAR:
        return False
    plan = Plan.objects.filter(organisation=ctx.organisation, year=year).first()
    made = plan is None
    if plan is None:
        plan = _new_plan(ctx, year=year, number=number, issued_on_day=issued_on_day)
        themes = list(plan.themes.order_by("order"))
        objectives = list(plan.objectives.order_by("order"))
        for row in activities:
            demo_activity(ctx, plan, themes, objectives, row, date_prefix=f"{year}-")
        for row in handed:
            demo_activity(
                ctx,
                plan,
                themes,
                objectives,
                row,
                date_prefix=f"{year}-",
                handed_to_kinds=city.HANDED_KINDS,
            )
        plan_set_status(
            plan_id=plan.pk,
            status=Plan.Status.ISSUED,
            user=ctx.planner,
            today=ctx.today,
        )
        plan.refresh_from_db()
        draw_progress(plan, today=ctx.today, ctx=ctx)
    ctx.plans[year] = plan
    return made


def seed_received_progress(ctx: DemoContext) -> None:
    """A child's progress on what the city handed down to it just now, drawn
    as its own (its earlier tasks draw the same outcome again: each draw is
    seeded by the task)."""
    plan = ctx.plans.get(ctx.today.year)
    if plan is not None and not plan.is_draft:
        draw_progress(plan, today=ctx.today, ctx=ctx)


def _new_plan(ctx: DemoContext, *, year: int, number: str, issued_on_day: int) -> Plan:
    """A draft plan of ``year`` with the demo's objectives and themes."""
    objectives = [
        Objective(
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
        ContentTheme(order=order, title=title)
        for order, title in enumerate(demo_data.THEMES, start=1)
    ]
    return plan_save(
        plan=Plan(
            organisation=ctx.organisation,
            year=year,
            issuer=ctx.organisation.name,
            number=number,
            title=city.PLAN_TITLE.format(year=year),
            issued_on=dt.date(year, 1, issued_on_day),
            general_goal=city.PLAN_GOAL,
            status=Plan.Status.DRAFT,
        ),
        user=ctx.planner,
        rows=[*objectives, *themes],
    )
