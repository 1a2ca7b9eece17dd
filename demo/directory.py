"""The demo's organisation, accounts, units, staff and catalogues, each found by
its natural key (a re-run duplicates nothing)."""

from __future__ import annotations

from accounts.models import User
from accounts.names import split_full_name
from accounts.roles import Role
from audiences.models import AudienceGroup
from campaigns.models import Plan, Task, Unit
from channels.models import Channel
from organisation.models import Membership, Organisation

from . import data as demo_data
from .context import DemoContext

# --- accounts and units --------------------------------------------------------


def demo_user(
    ctx: DemoContext, username: str, *, role: str, password: str, **fields: object
) -> User:
    """A demo account with ``role`` in the demo's organisation, found by its user
    name; ``password`` is a hash."""
    user, _ = User.objects.get_or_create(
        username=username, defaults={**fields, "password": password}
    )
    Membership.objects.get_or_create(
        user=user, organisation=ctx.organisation, role=role
    )
    return user


def head_title(*, name: str, kind: str) -> str:
    """The usual title of a unit's head, from the unit's full name.

    "UBND xã Tam Hiệp" -> "Chủ tịch UBND xã Tam Hiệp"; "Phòng Y tế" -> "Trưởng
    phòng Y tế"; "Văn phòng …", "Thanh tra huyện" -> "Chánh …"; "Trung tâm …",
    "Sở …" -> "Giám đốc …"; anything else "Người đứng đầu …". The unit's name
    keeps its own capitals (Vietnamese capitalises the proper name, not "xã").
    """
    if kind in {Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP}:
        return f"Chủ tịch {name}"
    if name.startswith("Phòng "):
        return f"Trưởng phòng {name.removeprefix('Phòng ')}"
    if name.startswith(("Văn phòng ", "Thanh tra ")):
        return f"Chánh {name}"
    if name.startswith(("Trung tâm ", "Sở ")):
        return f"Giám đốc {name}"
    return f"Người đứng đầu {name}"


def seed_accounts(ctx: DemoContext) -> None:
    """The admin, planner and leader demo accounts."""
    ctx.users["admin"] = demo_user(
        ctx,
        "admin",
        role=Role.ADMIN,
        password=ctx.password_hash,
        first_name="Quản trị",
        email=f"admin@{ctx.mail_domain}",
        is_staff=True,
        is_superuser=True,
    )
    ctx.users["planner"] = demo_user(
        ctx,
        "planner",
        role=Role.PLANNER,
        password=ctx.password_hash,
        first_name="Cán bộ kế hoạch",
        email=f"planner@{ctx.mail_domain}",
    )
    ctx.users["leader"] = demo_user(
        ctx,
        "leader",
        role=Role.LEADER,
        password=ctx.password_hash,
        first_name="Lãnh đạo UBND xã",
        email=f"leader@{ctx.mail_domain}",
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
    rows.append((slug, f"UBND {lower_first(name)}", name, Unit.Kind.TOWNSHIP))
    # An earlier demo wrote "UBND Thị trấn Núi Thành": rename it, never duplicate.
    for legacy in Unit.objects.filter(name=f"UBND {name}"):
        legacy.name = rows[-1][1]
        legacy.save()  # save() also refreshes the unit's search text

    for order, (slug, name, short, kind) in enumerate(rows, start=1):
        unit, _ = Unit.objects.get_or_create(
            organisation=ctx.organisation,
            name=name,
            defaults={"short_name": short, "kind": kind, "order": order},
        )
        if slug != demo_data.UNIT_WITHOUT_HEAD_SLUG and unit.head_id is None:
            username = "unithead" if slug == demo_data.DEMO_UNIT_HEAD_SLUG else slug
            unit.head = demo_user(
                ctx,
                username,
                role=Role.UNIT_HEAD,
                password=ctx.password_hash,
                first_name=head_title(name=name, kind=kind),
                email=f"{slug}@{ctx.mail_domain}",
            )
            unit.contact_email = f"vanthu.{slug}@{ctx.mail_domain}"
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


def lower_first(name: str) -> str:
    """ "Thị trấn Núi Thành" -> "thị trấn Núi Thành": the common noun in lower
    case inside a sentence, the proper name as written."""
    return name[:1].lower() + name[1:]


# --- catalogues ------------------------------------------------------------------


def seed_catalogues(ctx: DemoContext) -> None:
    """Channels and audience groups, in the plan's own words."""
    seed_catalogue_rows(ctx, channels=demo_data.CHANNELS, audiences=demo_data.AUDIENCES)


def seed_catalogue_rows(
    ctx: DemoContext,
    *,
    channels: list[tuple[str, str, str, str, str]],
    audiences: list[tuple[str, str]],
) -> None:
    """The organisation's channels (code, name, output unit, form, colour) and
    audience groups (code, name), each found by its code."""
    for order, (code, name, output_unit, form, color) in enumerate(channels, start=1):
        ctx.channels[code] = Channel.objects.get_or_create(
            organisation=ctx.organisation,
            code=code,
            defaults={
                "name": name,
                "output_unit": output_unit,
                "form": form,
                "color": color,
                "order": order,
            },
        )[0]
    for order, (code, name) in enumerate(audiences, start=1):
        ctx.audiences[code] = AudienceGroup.objects.get_or_create(
            organisation=ctx.organisation,
            code=code,
            defaults={"name": name, "order": order},
        )[0]


# --- staff and the organisation --------------------------------------------------


def seed_staff(ctx: DemoContext) -> None:
    """Staff for a few units (demo_data.STAFF), each given the open tasks of
    their first unit's first activities with tasks still open, once."""
    for username, full_name, slugs in demo_data.STAFF:
        last, first = split_full_name(full_name)
        person = demo_user(
            ctx,
            username,
            role=Role.UNIT_STAFF,
            password=ctx.password_hash,
            first_name=first,
            last_name=last,
            email=f"{username}@{ctx.mail_domain}",
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
    """The organisation that carries the Núi Thành history
    (demo_data.ORGANISATION), found by its name; the district an earlier demo
    made is renamed to it (its plans, units and accounts stay)."""
    fields = dict(demo_data.ORGANISATION)
    name = fields.pop("name")
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        legacy = Organisation.objects.filter(
            name=demo_data.LEGACY_ORGANISATION_NAME
        ).first()
        if legacy is None:
            organisation = Organisation.objects.create(name=name, **fields)
        else:
            for attribute, value in {"name": name, **fields}.items():
                setattr(legacy, attribute, value)
            legacy.save()
            organisation = legacy
    ctx.organisation = organisation
