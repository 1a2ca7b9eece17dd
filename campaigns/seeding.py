"""Load the 2024 demo plan. Idempotent: every row is found by its natural key."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from audiences.models import AudienceGroup
from channels.models import Channel
from organisation.models import PROFILE_PK, OrganisationProfile

from . import demo_data
from .models import (
    Activity,
    ContentTheme,
    Objective,
    Plan,
    ProgressReport,
    Task,
    Unit,
)
from .services import activity_expand_tasks

# Statuses are drawn as if the plan were followed up to this day.
DEMO_AS_OF = dt.date(2024, 6, 15)
ONLINE_REACH = (300, 5000)
MEETING_PARTICIPANTS = (20, 180)


@dataclass(frozen=True)
class SeedCounts:
    units: int
    users: int
    activities: int
    tasks: int
    reports: int

    def __str__(self) -> str:
        return (
            f"units={self.units} users={self.users} activities={self.activities} "
            f"tasks={self.tasks} reports={self.reports}"
        )


def _user(username: str, *, role: str, password: str, **fields: object) -> User:
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    return user


def _units(password: str) -> dict[str, Unit]:
    rows = [
        (slug, name, short, Unit.Kind.DEPARTMENT)
        for slug, name, short in demo_data.DEPARTMENTS
    ]
    rows += [
        (slug, f"UBND xã {name}", f"Xã {name}", Unit.Kind.COMMUNE)
        for slug, name in demo_data.COMMUNES
    ]
    slug, name = demo_data.TOWNSHIP
    rows.append((slug, f"UBND {name}", name, Unit.Kind.TOWNSHIP))

    units: dict[str, Unit] = {}
    for order, (slug, name, short, kind) in enumerate(rows, start=1):
        unit, _ = Unit.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "order": order}
        )
        if slug != demo_data.UNIT_WITHOUT_HEAD_SLUG and unit.head_id is None:
            username = "unithead" if slug == demo_data.DEMO_UNIT_HEAD_SLUG else slug
            unit.head = _user(
                username,
                role=Role.UNIT_HEAD,
                password=password,
                first_name=f"Trưởng {short}",
                email=f"{slug}@{demo_data.MAIL_DOMAIN}",
            )
            unit.contact_email = f"vanthu.{slug}@{demo_data.MAIL_DOMAIN}"
            unit.save(update_fields=["head", "contact_email"])
        units[slug] = unit
    return units


def _unit_names_by_slug() -> dict[str, str]:
    names = {slug: name for slug, name, _short in demo_data.DEPARTMENTS}
    names |= {slug: f"UBND xã {name}" for slug, name in demo_data.COMMUNES}
    slug, name = demo_data.TOWNSHIP
    names[slug] = f"UBND {name}"
    return names


def seed_unit_aliases() -> int:
    """Give the demo units the other names appendices write them with.

    Only units whose aliases are still empty are filled (an admin's edits are
    kept); returns how many units were given aliases.
    """
    names = _unit_names_by_slug()
    given = 0
    for slug, aliases in demo_data.UNIT_ALIASES.items():
        given += Unit.objects.filter(name=names[slug], aliases="").update(
            aliases="\n".join(aliases)
        )
    return given


def _plan() -> tuple[Plan, list[ContentTheme]]:
    data = demo_data.PLAN
    plan, _ = Plan.objects.get_or_create(
        year=data["year"],
        issuer=data["issuer"],
        defaults={
            "number": data["number"],
            "title": data["title"],
            "issued_on": dt.date.fromisoformat(data["issued_on"]),
            "general_goal": data["general_goal"],
            "next_year_directions": data["next_year_directions"],
            "status": Plan.Status.ISSUED,
        },
    )
    for order, (kind, description, target, unit) in enumerate(
        demo_data.OBJECTIVES, start=1
    ):
        Objective.objects.get_or_create(
            plan=plan,
            order=order,
            defaults={
                "kind": kind,
                "description": description,
                "target_value": target,
                "target_unit": unit,
            },
        )
    themes = [
        ContentTheme.objects.get_or_create(
            plan=plan, order=order, defaults={"title": t}
        )[0]
        for order, t in enumerate(demo_data.THEMES, start=1)
    ]
    return plan, themes


def _catalogues() -> tuple[dict[str, Channel], dict[str, AudienceGroup]]:
    channels = {}
    for order, (code, name, output_unit, form, color) in enumerate(
        demo_data.CHANNELS, start=1
    ):
        channels[code] = Channel.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "output_unit": output_unit,
                "form": form,
                "color": color,
                "order": order,
            },
        )[0]
    audiences = {
        code: AudienceGroup.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )[0]
        for order, (code, name) in enumerate(demo_data.AUDIENCES, start=1)
    }
    return channels, audiences


def _activity_rows() -> list[tuple]:
    """Every demo activity as (title, theme, channel, audiences, lead, supporting,
    start, due, rule, planned output, budget)."""
    rows = list(demo_data.DISTRICT_ACTIVITIES)
    for slug, _name, short in demo_data.DEPARTMENTS:
        title, theme, channel, audiences, rule, output = demo_data.DEPARTMENT_MEETING
        rows.append(
            (
                title.format(unit=short),
                theme,
                channel,
                audiences,
                slug,
                [],
                "2024-01-01",
                "2024-12-31",
                rule,
                output,
                None,
            )
        )
    places = [(slug, f"xã {name}") for slug, name in demo_data.COMMUNES]
    places.append((demo_data.TOWNSHIP[0], demo_data.TOWNSHIP[1].lower()))
    for index, (slug, place) in enumerate(places):
        title, theme, channel, audiences, rule, output = demo_data.COMMUNE_RADIO
        rows.append(
            (
                title.format(unit=place),
                theme,
                channel,
                audiences,
                slug,
                [],
                "2024-01-01",
                "2024-12-31",
                rule,
                output,
                None,
            )
        )
        for offset, template in (
            (1, demo_data.COMMUNE_LEGAL),
            (4, demo_data.COMMUNE_BANNERS),
            (7, demo_data.COMMUNE_ONE_STOP),
        ):
            title, theme, channel, audiences, rule, output = template
            month = (index + offset) % 12 + 1
            rows.append(
                (
                    title.format(unit=place),
                    theme,
                    channel,
                    audiences,
                    slug,
                    [],
                    f"2024-{month:02d}-01",
                    f"2024-{month:02d}-{20 + index % 8}",
                    rule,
                    output,
                    None,
                )
            )
    return rows


def _activities(
    plan: Plan,
    themes: list[ContentTheme],
    channels: dict[str, Channel],
    audiences: dict[str, AudienceGroup],
    units: dict[str, Unit],
    planner: User,
) -> list[Activity]:
    objectives = list(plan.objectives.all())
    activities = []
    for row in _activity_rows():
        (
            title,
            theme,
            channel,
            audience_codes,
            lead,
            supporting,
            start,
            due,
            rule,
            output,
            budget,
        ) = row
        activity, created = Activity.objects.get_or_create(
            plan=plan,
            title=title,
            defaults={
                "theme": themes[theme],
                "channel": channels[channel],
                "lead_unit": units[lead],
                "start_date": dt.date.fromisoformat(start),
                "due_date": dt.date.fromisoformat(due),
                "recurrence": rule,
                "planned_output": output,
                "budget": budget,
                "created_by": planner,
            },
        )
        if created:
            activity.audience_groups.set([audiences[c] for c in audience_codes])
            activity.supporting_units.set([units[s] for s in supporting])
            activity.objectives.set([objectives[0], objectives[1 + theme % 4]])
        activity_expand_tasks(activity=activity, today=DEMO_AS_OF)
        activities.append(activity)
    return activities


def _rng_for(task: Task) -> random.Random:
    """A generator seeded by the task's natural key: same draw on every run."""
    key = f"{task.activity.title}|{task.unit_id}|{task.due_date}".encode()
    seed = int(hashlib.sha256(key).hexdigest()[:16], 16)
    # Demo data, not a secret.
    return random.Random(seed)  # noqa: S311  # nosec B311


def _follow_up(activities: list[Activity], planner: User) -> None:
    """Give tasks due before DEMO_AS_OF a realistic outcome, once."""
    tasks = (
        Task.objects.filter(activity__in=activities, due_date__lt=DEMO_AS_OF)
        .filter(status=Task.Status.TODO, reports__isnull=True)
        .select_related("activity__channel", "unit__head")
    )
    for task in tasks:
        rng = _rng_for(task)
        draw = rng.random()
        if draw < 0.12:
            continue  # left open: overdue
        if draw < 0.16:
            task.status = Task.Status.IN_PROGRESS
            task.save(update_fields=["status", "updated_at"])
            continue
        channel = task.activity.channel
        online = channel.form == Channel.Form.ONLINE or channel.code in {
            "truyen-thanh",
            "truyen-hinh",
            "bao-chi",
        }
        done_on = task.due_date + dt.timedelta(days=rng.randint(-6, 3))
        submitted_at = timezone.make_aware(dt.datetime.combine(done_on, dt.time(16)))
        planned = task.planned_output or 1
        ProgressReport.objects.create(
            task=task,
            actual_output=max(0, planned + rng.choice([-1, 0, 0, 0, 1])),
            participants=None if online else rng.randint(*MEETING_PARTICIPANTS),
            reach=rng.randint(*ONLINE_REACH) if online else None,
            note="Đã thực hiện theo kế hoạch.",
            submitted_by=task.unit.head or planner,
            submitted_at=submitted_at,
        )
        task.status = Task.Status.DONE
        task.completed_at = submitted_at
        task.save(update_fields=["status", "completed_at", "updated_at"])


def seed_organisation() -> OrganisationProfile:
    """The demo's organisation profile (Núi Thành, 2024), created or reset."""
    profile, _created = OrganisationProfile.objects.update_or_create(
        pk=PROFILE_PK, defaults=demo_data.ORGANISATION
    )
    return profile


@transaction.atomic
def demo_seed(*, password: str) -> SeedCounts:
    seed_organisation()
    _user(
        "admin",
        role=Role.ADMIN,
        password=password,
        first_name="Quản trị",
        email=f"admin@{demo_data.MAIL_DOMAIN}",
        is_staff=True,
        is_superuser=True,
    )
    planner = _user(
        "planner",
        role=Role.PLANNER,
        password=password,
        first_name="Cán bộ kế hoạch",
        email=f"planner@{demo_data.MAIL_DOMAIN}",
    )
    _user(
        "leader",
        role=Role.LEADER,
        password=password,
        first_name="Lãnh đạo UBND huyện",
        email=f"leader@{demo_data.MAIL_DOMAIN}",
    )
    units = _units(password)
    seed_unit_aliases()
    channels, audiences = _catalogues()
    plan, themes = _plan()
    activities = _activities(plan, themes, channels, audiences, units, planner)
    _follow_up(activities, planner)
    return SeedCounts(
        units=Unit.objects.count(),
        users=User.objects.count(),
        activities=Activity.objects.filter(plan=plan).count(),
        tasks=Task.objects.filter(activity__plan=plan).count(),
        reports=ProgressReport.objects.filter(task__activity__plan=plan).count(),
    )
