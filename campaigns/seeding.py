"""The demo: the 2024 plan as closed history and this year's plan in progress.

``demo_seed`` runs a sequence of small seeding steps (:data:`SEED_STEPS`); each
takes the :class:`DemoContext` and adds its part, so another area plugs in its
own step (staff, organisation profile, unit aliases…) by appending to the list.

What a run does, and what a re-run does:

- accounts, units and catalogues are found by their natural keys (idempotent);
- the 2024 plan (``demo_data.PLAN``, the source document's wording) is loaded
  once, every task done with a report (some with evidence files), and closed;
- this year's plan (the year of ``timezone.localdate()``) is copied from the
  2024 plan through the planning copy service, issued, and its progress is drawn
  as of the day of the run: done, in progress, overdue by days or weeks (never
  more than :data:`OVERDUE_AT_MOST_DAYS`), due this week and later.

A plan that already exists is left alone: a re-run on the same day or a later
day duplicates nothing and does not redraw progress (a demo that someone has
been clicking through keeps its state). In a new year, a re-run adds that
year's plan.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from accounts.roles import Role
from audiences.models import AudienceGroup
from channels.models import Channel
from organisation.models import PROFILE_PK, OrganisationProfile

from . import demo_data
from .history import one_history_entry
from .models import (
    Activity,
    ContentTheme,
    EvidenceFile,
    Objective,
    Plan,
    ProgressReport,
    Task,
    Unit,
)
from .services.expansion import activity_expand_tasks
from .services.plans import plan_copy_to_year, plan_save, plan_set_status
from .tallies import tallies_rebuild

HISTORY_YEAR: int = demo_data.PLAN["year"]
ONLINE_REACH = (300, 5000)
MEETING_PARTICIPANTS = (20, 180)
# Open tasks of the current year are overdue by days or weeks, never longer:
# anything due before this many days ago was done.
OVERDUE_AT_MOST_DAYS = 35
# One report in this many carries an evidence file (a small PDF), one in
# EVIDENCE_LINK_EVERY a link to the article or broadcast.
EVIDENCE_FILE_EVERY = 12
EVIDENCE_LINK_EVERY = 3


@dataclass(frozen=True)
class SeedCounts:
    units: int
    users: int
    plans: int
    activities: int
    tasks: int
    reports: int

    def __str__(self) -> str:
        return (
            f"units={self.units} users={self.users} plans={self.plans} "
            f"activities={self.activities} tasks={self.tasks} reports={self.reports}"
        )


@dataclass
class DemoContext:
    """What the steps share: the day of the run and what earlier steps made."""

    today: dt.date
    password: str
    users: dict[str, User] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    audiences: dict[str, AudienceGroup] = field(default_factory=dict)
    plans: dict[int, Plan] = field(default_factory=dict)

    @property
    def planner(self) -> User:
        return self.users["planner"]

    @functools.cached_property
    def password_hash(self) -> str:
        """The demo password hashed once: every demo account shares it (hashing
        it for each of 33 accounts was most of ``seed_demo``'s time)."""
        return make_password(self.password)


# --- accounts and units --------------------------------------------------------


def _user(username: str, *, role: str, password: str, **fields: object) -> User:
    """A demo account, found by its user name; ``password`` is a hash."""
    user, _ = User.objects.get_or_create(
        username=username, defaults={**fields, "password": password}
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def head_title(*, name: str, kind: str) -> str:
    """The usual title of a unit's head, from the unit's full name.

    "UBND xã Tam Hiệp" -> "Chủ tịch UBND xã Tam Hiệp"; "Phòng Y tế" -> "Trưởng
    phòng Y tế"; "Văn phòng …", "Thanh tra huyện" -> "Chánh …"; "Trung tâm …" ->
    "Giám đốc Trung tâm …"; anything else "Người đứng đầu …". The unit's name
    keeps its own capitals (Vietnamese capitalises the proper name, not "xã").
    """
    if kind in {Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP}:
        return f"Chủ tịch {name}"
    if name.startswith("Phòng "):
        return f"Trưởng phòng {name.removeprefix('Phòng ')}"
    if name.startswith(("Văn phòng ", "Thanh tra ")):
        return f"Chánh {name}"
    if name.startswith("Trung tâm "):
        return f"Giám đốc {name}"
    return f"Người đứng đầu {name}"


def seed_accounts(ctx: DemoContext) -> None:
    """The admin, planner and leader demo accounts."""
    ctx.users["admin"] = _user(
        "admin",
        role=Role.ADMIN,
        password=ctx.password_hash,
        first_name="Quản trị",
        email=f"admin@{demo_data.MAIL_DOMAIN}",
        is_staff=True,
        is_superuser=True,
    )
    ctx.users["planner"] = _user(
        "planner",
        role=Role.PLANNER,
        password=ctx.password_hash,
        first_name="Cán bộ kế hoạch",
        email=f"planner@{demo_data.MAIL_DOMAIN}",
    )
    ctx.users["leader"] = _user(
        "leader",
        role=Role.LEADER,
        password=ctx.password_hash,
        first_name="Lãnh đạo UBND huyện",
        email=f"leader@{demo_data.MAIL_DOMAIN}",
    )


def seed_units(ctx: DemoContext) -> None:
    """Departments, communes and the township, each with its head's account."""
    rows = [
        (slug, name, short, Unit.Kind.DEPARTMENT)
        for slug, name, short in demo_data.DEPARTMENTS
    ]
    rows += [
        (slug, f"UBND xã {name}", f"Xã {name}", Unit.Kind.COMMUNE)
        for slug, name in demo_data.COMMUNES
    ]
    slug, name = demo_data.TOWNSHIP
    rows.append((slug, f"UBND {_lower_first(name)}", name, Unit.Kind.TOWNSHIP))
    # An earlier demo wrote "UBND Thị trấn Núi Thành": rename it, never duplicate.
    for legacy in Unit.objects.filter(name=f"UBND {name}"):
        legacy.name = rows[-1][1]
        legacy.save()  # save() also refreshes the unit's search text

    for order, (slug, name, short, kind) in enumerate(rows, start=1):
        unit, _ = Unit.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "order": order}
        )
        if slug != demo_data.UNIT_WITHOUT_HEAD_SLUG and unit.head_id is None:
            username = "unithead" if slug == demo_data.DEMO_UNIT_HEAD_SLUG else slug
            unit.head = _user(
                username,
                role=Role.UNIT_HEAD,
                password=ctx.password_hash,
                first_name=head_title(name=name, kind=kind),
                email=f"{slug}@{demo_data.MAIL_DOMAIN}",
            )
            unit.contact_email = f"vanthu.{slug}@{demo_data.MAIL_DOMAIN}"
            unit.save(update_fields=["head", "contact_email"])
        elif unit.head and unit.head.first_name == f"Trưởng {short}":
            # Renames the heads an earlier demo called "Trưởng Xã Tam Hiệp".
            unit.head.first_name = head_title(name=name, kind=kind)
            unit.head.save(update_fields=["first_name"])
        ctx.units[slug] = unit


def seed_unit_aliases(ctx: DemoContext) -> None:
    """Give the demo units the other names appendices write them with.

    Only units whose aliases are still empty are filled (an admin's edits are
    kept); used by the import to read "Phòng VH&TT", "TT Núi Thành"…
    """
    for slug, aliases in demo_data.UNIT_ALIASES.items():
        unit = ctx.units[slug]
        if not unit.aliases:
            unit.aliases = "\n".join(aliases)
            unit.save(update_fields=["aliases"])


def _lower_first(name: str) -> str:
    """ "Thị trấn Núi Thành" -> "thị trấn Núi Thành": the common noun in lower
    case inside a sentence, the proper name as written."""
    return name[:1].lower() + name[1:]


# --- catalogues ------------------------------------------------------------------


def seed_catalogues(ctx: DemoContext) -> None:
    """Channels and audience groups, in the plan's own words."""
    for order, (code, name, output_unit, form, color) in enumerate(
        demo_data.CHANNELS, start=1
    ):
        ctx.channels[code] = Channel.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "output_unit": output_unit,
                "form": form,
                "color": color,
                "order": order,
            },
        )[0]
    for order, (code, name) in enumerate(demo_data.AUDIENCES, start=1):
        ctx.audiences[code] = AudienceGroup.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )[0]


# --- the 2024 plan ----------------------------------------------------------------


def _activity_rows() -> list[tuple]:
    """Every demo activity as (title, theme, channel, audiences, lead, supporting,
    start, due, rule, planned output, budget)."""
    whole_year = ("2024-01-01", "2024-12-31")
    # (template, place in the title, lead unit, start, due) of per-unit rows.
    specs = [
        (demo_data.DEPARTMENT_MEETING, short, slug, *whole_year)
        for slug, _name, short in demo_data.DEPARTMENTS
    ]
    places = [(slug, f"xã {name}") for slug, name in demo_data.COMMUNES]
    places.append((demo_data.TOWNSHIP[0], _lower_first(demo_data.TOWNSHIP[1])))
    for index, (slug, place) in enumerate(places):
        specs.append((demo_data.COMMUNE_RADIO, place, slug, *whole_year))
        for offset, template in (
            (1, demo_data.COMMUNE_LEGAL),
            (4, demo_data.COMMUNE_BANNERS),
            (7, demo_data.COMMUNE_ONE_STOP),
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
    rows = list(demo_data.DISTRICT_ACTIVITIES)
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


def _history_plan_rows() -> tuple[Plan, list[ContentTheme], list[Objective]]:
    data = demo_data.PLAN
    plan = Plan.objects.create(
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


def _demo_activity(
    ctx: DemoContext,
    plan: Plan,
    themes: list[ContentTheme],
    objectives: list[Objective],
    row: tuple,
    *,
    date_prefix: str,
) -> Activity:
    """One demo activity from a row (title, theme, channel, audiences, lead,
    supporting, start, due, rule, output, budget), saved as one history entry.
    ``date_prefix`` completes dates written without their year ("2026-")."""
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
        activity = _demo_activity(ctx, plan, themes, objectives, row, date_prefix="")
        # The plan was entered after the fact: its whole year of tasks.
        activity_expand_tasks(activity=activity, today=plan.year_start)


def seed_history_plan(ctx: DemoContext) -> None:
    """The 2024 plan, once: fully reported and closed (unless 2024 is this year)."""
    data = demo_data.PLAN
    plan = Plan.objects.filter(year=data["year"], issuer=data["issuer"]).first()
    if plan is None:
        plan, themes, objectives = _history_plan_rows()
        _history_activities(ctx, plan, themes, objectives)
        if plan.year < ctx.today.year:
            _draw_progress(
                plan, today=plan.year_end + dt.timedelta(days=1), ctx=ctx, complete=True
            )
            _close(plan, ctx)
        else:
            _draw_progress(plan, today=ctx.today, ctx=ctx)
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
    plan = Plan.objects.filter(year=year, issuer=source.issuer).first()
    if plan is None:
        plan = plan_copy_to_year(
            plan=source,
            year=year,
            title=source.title.replace(str(source.year), str(year)),
            user=ctx.planner,
        )
        plan.number = demo_data.CURRENT_PLAN_NUMBER
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
        _draw_progress(plan, today=ctx.today, ctx=ctx)
    ctx.plans[year] = plan


def _current_year_activities(ctx: DemoContext, plan: Plan) -> None:
    """The activities new in this year's plan (its tasks come when it is issued)."""
    themes = list(plan.themes.order_by("order"))
    objectives = list(plan.objectives.order_by("order"))
    for row in demo_data.CURRENT_YEAR_ACTIVITIES:
        _demo_activity(ctx, plan, themes, objectives, row, date_prefix=f"{plan.year}-")


# --- progress ------------------------------------------------------------------------


def _rng_for(task: Task) -> random.Random:
    """A generator seeded by the task's natural key: same draw on every run."""
    key = f"{task.activity.title}|{task.unit.name}|{task.due_date}".encode()
    seed = int(hashlib.sha256(key).hexdigest()[:16], 16)
    # Demo data, not a secret.
    return random.Random(seed)  # noqa: S311  # nosec B311


def _outcome(task: Task, rng: random.Random, today: dt.date, complete: bool) -> str:
    """What became of a task by ``today``: a Task.Status value.

    A ``complete`` year: every task done. Otherwise, due before ``today -
    OVERDUE_AT_MOST_DAYS``: done. Due in the last weeks: one
    in three still open (overdue by days or weeks). Due in the coming week: some
    in progress, a few done early. Later: a few already in progress.
    """
    days_left = (task.due_date - today).days
    draw = rng.random()
    if complete or days_left < -OVERDUE_AT_MOST_DAYS:
        return Task.Status.DONE
    if days_left < 0:
        if draw < 0.3:
            return Task.Status.TODO
        if draw < 0.45:
            return Task.Status.IN_PROGRESS
        return Task.Status.DONE
    if days_left <= 7:
        if draw < 0.3:
            return Task.Status.IN_PROGRESS
        if draw < 0.45:
            return Task.Status.DONE
        return Task.Status.TODO
    return Task.Status.IN_PROGRESS if draw < 0.05 else Task.Status.TODO


def _is_online(channel: Channel) -> bool:
    return channel.form == Channel.Form.ONLINE or channel.code in {
        "truyen-thanh",
        "truyen-hinh",
        "bao-chi",
    }


def _report_for(
    task: Task,
    rng: random.Random,
    today: dt.date,
    ctx: DemoContext,
    complete: bool,
    budget_share: Decimal,
) -> ProgressReport:
    done_on = task.due_date + dt.timedelta(days=rng.randint(-6, 3))
    done_on = min(done_on, today - dt.timedelta(days=1), ctx.today)
    submitted_at = timezone.make_aware(dt.datetime.combine(done_on, dt.time(16)))
    online = _is_online(task.activity.channel)
    planned = task.planned_output or 1
    link = ""
    if online and rng.randrange(EVIDENCE_LINK_EVERY) == 0:
        link = f"https://{demo_data.PORTAL_DOMAIN}/tin-tuc/cchc-{task.pk}"
    # A closed year was reviewed in full; this year most reports were accepted
    # by the planner and a few still wait for review.
    accepted = complete or rng.random() >= 0.2
    reviewed_at = submitted_at + dt.timedelta(days=1) if accepted else None
    # What the unit spent: its share of the activity's budget, a little under
    # or over, in thousands of VND (drawn last: the draws above stay the same).
    actual_cost = (
        (budget_share * Decimal(rng.uniform(0.85, 1.05)) / 1000).quantize(Decimal(1))
        * 1000
        if budget_share
        else None
    )
    return ProgressReport(
        task=task,
        actual_output=max(0, planned + rng.choice([-1, 0, 0, 0, 1])),
        participants=None if online else rng.randint(*MEETING_PARTICIPANTS),
        reach=rng.randint(*ONLINE_REACH) if online else None,
        note="Đã thực hiện theo kế hoạch.",
        evidence_links=link,
        submitted_by=task.unit.head or ctx.planner,
        submitted_at=submitted_at,
        review_requested_at=submitted_at,
        review_status=ProgressReport.ReviewStatus.ACCEPTED
        if accepted
        else ProgressReport.ReviewStatus.SUBMITTED,
        reviewed_by=ctx.planner if accepted else None,
        reviewed_at=reviewed_at,
        actual_cost=actual_cost,
    )


def _draw_progress(
    plan: Plan, *, today: dt.date, ctx: DemoContext, complete: bool = False
) -> None:
    """Give every task of ``plan`` its outcome as of ``today``, once.

    Done tasks get a report (some with an evidence link, some with a file);
    in-progress and open tasks get none. Deterministic: each task's draw is
    seeded by its natural key.
    """
    tasks = list(
        Task.objects.filter(activity__plan=plan, status=Task.Status.TODO)
        .select_related("activity__channel", "unit__head")
        .order_by("due_date", "pk")
    )
    live_tasks = Counter(task.activity_id for task in tasks)
    changed: list[Task] = []
    reports: list[ProgressReport] = []
    for task in tasks:
        rng = _rng_for(task)
        status = _outcome(task, rng, today, complete)
        if status == Task.Status.TODO:
            continue
        task.status = status
        if status == Task.Status.DONE:
            share = (task.activity.budget or Decimal(0)) / live_tasks[task.activity_id]
            report = _report_for(task, rng, today, ctx, complete, share)
            reports.append(report)
            task.completed_at = report.submitted_at
            task.accepted_at = report.reviewed_at
        changed.append(task)
    bulk_update_with_history(
        changed,
        Task,
        ["status", "completed_at", "accepted_at"],
        default_user=ctx.planner,
    )
    reports = bulk_create_with_history(reports, ProgressReport)
    _evidence_files(reports, ctx)


def _evidence_files(reports: list[ProgressReport], ctx: DemoContext) -> None:
    """A small PDF on one report in EVIDENCE_FILE_EVERY (stored privately)."""
    for index, report in enumerate(reports):
        if index % EVIDENCE_FILE_EVERY:
            continue
        task = report.task
        content = demo_pdf(f"{task.activity.title} - {task.due_date:%d/%m/%Y}")
        name = f"bao-cao-ket-qua-{task.due_date:%Y%m%d}.pdf"
        evidence = EvidenceFile(
            report=report,
            original_name=name,
            content_type="application/pdf",
            size=len(content),
            uploaded_by=report.submitted_by,
            uploaded_at=report.submitted_at,
        )
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()


def demo_pdf(title: str) -> bytes:
    """A one-page PDF naming the task (ASCII only: a demo file, not a report)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 12 Tf 40 800 Td ({text[:90]}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed_staff(ctx: DemoContext) -> None:
    """Staff for a few units (demo_data.STAFF), each given the open tasks of
    their first unit's first activities with tasks still open, once."""
    for username, full_name, slugs in demo_data.STAFF:
        last, _sep, first = full_name.partition(" ")
        person = _user(
            username,
            role=Role.UNIT_STAFF,
            password=ctx.password_hash,
            first_name=first,
            last_name=last,
            email=f"{username}@{demo_data.MAIL_DOMAIN}",
        )
        for slug in slugs:
            ctx.units[slug].staff.add(person)
        home = ctx.units[slugs[0]]
        if not Task.objects.filter(assignee=person).exists():
            open_tasks = Task.objects.filter(
                unit=home,
                status__in=Task.OPEN_STATUSES,
                activity__plan__status=Plan.Status.ISSUED,
            ).order_by("due_date", "pk")
            activity_ids = list(
                open_tasks.values_list("activity_id", flat=True).distinct()[:3]
            )
            open_tasks.filter(activity_id__in=activity_ids).update(assignee=person)
        ctx.users[username] = person


def seed_organisation(ctx: DemoContext) -> None:
    """The demo's organisation profile (demo_data.ORGANISATION), created or reset."""
    OrganisationProfile.objects.update_or_create(
        pk=PROFILE_PK, defaults=demo_data.ORGANISATION
    )


# --- the entry point ---------------------------------------------------------------

#: The seeding steps, in order. Another area adds its own step here (e.g. unit
#: staff, the organisation profile, unit aliases); a step must be idempotent.
SEED_STEPS: list[Callable[[DemoContext], None]] = [
    seed_organisation,
    seed_accounts,
    seed_units,
    seed_unit_aliases,
    seed_catalogues,
    seed_history_plan,
    seed_current_plan,
    seed_staff,
]


@transaction.atomic
def demo_seed(*, password: str, today: dt.date | None = None) -> SeedCounts:
    """Run every step of :data:`SEED_STEPS` as of ``today`` (default: today).

    Idempotent; see the module's docstring for what a re-run does.
    """
    ctx = DemoContext(today=today or timezone.localdate(), password=password)
    for step in SEED_STEPS:
        step(ctx)
    plans = list(ctx.plans.values())
    # The steps draw progress with bulk writes, around the services.
    tallies_rebuild(plan_ids=[plan.pk for plan in plans])
    return SeedCounts(
        units=Unit.objects.count(),
        users=User.objects.count(),
        plans=len(plans),
        activities=Activity.objects.filter(plan__in=plans).count(),
        tasks=Task.objects.filter(activity__plan__in=plans).count(),
        reports=ProgressReport.objects.filter(task__activity__plan__in=plans).count(),
    )
