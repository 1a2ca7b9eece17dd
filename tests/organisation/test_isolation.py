"""One organisation never sees another's rows: a crawl of every page and export,
as every role of one organisation, with its own ids and with the other's.

The URLs come from the URL configuration (as in tests/core/test_fuzz.py), so a
new page is crawled without editing this file. The module prints
``isolation: P pages x R roles x 2 organisations, N requests, L leaks`` (run with
``-s`` to see it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import SavedFilter, User
from accounts.roles import Role
from campaigns.models import OfficialDay, Plan
from campaigns.services.issued_reports import (
    IssuedContent,
    IssueFacts,
    issued_report_issue,
)
from channels.models import Channel
from notifications.models import Notification
from organisation.models import Organisation
from tests.campaigns.lifecycle_world import PlanWorld, plan_world
from tests.factories import (
    AudienceGroupFactory,
    OrganisationFactory,
    UserFactory,
    home_organisation,
)

pytestmark = pytest.mark.django_db

ROLES = (Role.PLANNER, Role.LEADER, Role.ADMIN, Role.UNIT_HEAD, Role.UNIT_STAFF)
# Pages that are not an organisation's (the operators' admin, sign-in and out).
SKIPPED = ("admin:", "accounts:logout", "accounts:password_reset_confirm")
TALLY: Counter[str] = Counter()


def _url_names(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _url_names(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


PATTERNS = {
    name: pattern
    for name, pattern in _url_names(get_resolver().url_patterns)
    if not name.startswith(SKIPPED)
}


class Side:
    """One organisation's world: its plan and work, a person per role, a
    notification, and the words and addresses that are its own."""

    def __init__(self, organisation: Organisation, name: str) -> None:
        self.organisation = organisation
        self.users = {
            role: UserFactory(role=role, role__organisation=organisation)
            for role in ROLES
        }
        head = self.users[Role.UNIT_HEAD]
        self.world: PlanWorld = plan_world(
            head=head,
            status=Plan.Status.ISSUED,
            organisation=organisation,
            name=name,
        )
        self.world.unit.staff.add(self.users[Role.UNIT_STAFF])
        # Its people, channel and audience group carry its name too.
        for user in self.users.values():
            User.objects.filter(pk=user.pk).update(last_name=name)
        Channel.objects.filter(pk=self.world.activity.channel_id).update(
            name=f"Loa {name}"
        )
        self.group = AudienceGroupFactory(
            organisation=organisation, name=f"Người dân {name}"
        )
        self.notification = Notification.objects.create(
            organisation=organisation, recipient=head, title=f"Tin {name}"
        )
        self.official_day = OfficialDay.objects.create(
            organisation=organisation,
            date=dt.date(2026, 3, 26),
            kind=OfficialDay.Kind.DAY_OFF,
            name=f"Ngày lễ {name}",
        )
        self.issued = issued_report_issue(
            actor=self.users[Role.PLANNER],
            plan=self.world.plan,
            period="year",
            as_of=timezone.localdate(),
            facts=IssueFacts("7", timezone.localdate(), f"Người ký {name}"),
            symbol="BC-UBND",
            title=f"Báo cáo {name}",
            figures={},
            files=[IssuedContent("csv", "bao-cao.csv", f"{name}\n".encode())],
        )
        self.saved_filter = SavedFilter.objects.create(
            user=self.users[Role.PLANNER],
            organisation=organisation,
            page=SavedFilter.Page.REVIEWS,
            name=f"Lọc {name}",
            query="status=any",
        )
        self.words = [name, organisation.name]
        world = self.world
        self.addresses = [
            world.plan.get_absolute_url(),
            world.activity.get_absolute_url(),
            world.todo.get_absolute_url(),
            world.done.get_absolute_url(),
        ]

    def url(self, name: str) -> str:
        values = {
            "plan_id": self.world.plan.pk,
            "activity_id": self.world.activity.pk,
            "task_id": self.world.todo.pk,
            "report_id": self.world.report.pk,
            "evidence_id": self.world.evidence.pk,
            "notification_id": self.notification.pk,
            "year": self.world.plan.year,
            "fmt": "csv",
            "unit_id": self.world.unit.pk,
            # The roll-up's page of a child: an organisation is not its own.
            "child_id": self.organisation.pk,
            "member_id": self.users[Role.UNIT_STAFF].pk,
            "channel_id": self.world.activity.channel_id,
            "group_id": self.group.pk,
            "day_id": self.official_day.pk,
            "issued_id": self.issued.pk,
            "kind": "csv",
            "filter_id": self.saved_filter.pk,
            "uidb64": "MQ",
            "token": "not-a-valid-token",
        }
        converters = PATTERNS[name].pattern.converters
        return reverse(name, args=[values[key] for key in converters])


@pytest.fixture
def sides() -> tuple[Side, Side]:
    # Not "UBND xã Tam Xuân": the profile form's help text gives it as an example.
    home = home_organisation(name="UBND xã Tam Hải")
    other = OrganisationFactory(name="UBND phường Hòa Khánh", short_name="Hòa Khánh")
    return Side(home, "Xuân Thạnh"), Side(other, "Liên Chiểu")


def _body(response: object) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    return response.content.decode(errors="replace")  # type: ignore[attr-defined]


def _leaks(client: Client, url: str, other: Side) -> list[str]:
    response = client.get(url)
    TALLY["requests"] += 1
    if response.status_code >= 500:
        return [f"{url}: {response.status_code}"]
    body = _body(response)
    found = [w for w in other.words if w in body]
    found += [a for a in other.addresses if f'"{a}"' in body]
    return [f"{url} shows {word}" for word in found]


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    yield
    print(  # noqa: T201 - the figure the issue asks for
        f"\nisolation: {len(PATTERNS)} pages x {len(ROLES)} roles x 2 organisations,"
        f" {TALLY['requests']} requests, {TALLY['leaks']} leaks"
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_no_page_or_export_shows_another_organisations_rows(
    role: str, sides: tuple[Side, Side]
) -> None:
    """Each side's people crawl every page with their own ids: none shows a
    name or an address of the other side."""
    leaks: list[str] = []
    for here, other in (sides, sides[::-1]):
        client = _client(here.users[role])
        for name in PATTERNS:
            leaks += _leaks(client, here.url(name), other)
    TALLY["leaks"] += len(leaks)
    assert leaks == []


@pytest.mark.parametrize("role", ROLES)
def test_another_organisations_ids_are_not_found(
    role: str, sides: tuple[Side, Side]
) -> None:
    """Every page that takes an id, asked for with the other side's: never a
    200 showing it, never a server error."""
    here, other = sides
    client = _client(here.users[role])
    shown: list[str] = []
    for name, pattern in PATTERNS.items():
        if not {
            "plan_id",
            "activity_id",
            "task_id",
            "report_id",
            "evidence_id",
            "notification_id",
            "unit_id",
            "child_id",
            "member_id",
            "channel_id",
            "group_id",
            "day_id",
            "issued_id",
        } & set(pattern.pattern.converters):
            continue
        url = other.url(name)
        response = client.get(url)
        TALLY["requests"] += 1
        if response.status_code >= 500 or (
            response.status_code == 200
            and any(w in _body(response) for w in other.words)
        ):
            shown.append(f"{url}: {response.status_code}")
        posted = client.post(url, {"note": "x", "status": "done", "body": "x"})
        if posted.status_code >= 500:
            shown.append(f"POST {url}: {posted.status_code}")
    TALLY["leaks"] += len(shown)
    assert shown == []


def test_a_write_with_another_organisations_id_changes_nothing(
    sides: tuple[Side, Side],
) -> None:
    here, other = sides
    client = _client(here.users[Role.PLANNER])
    before = Plan.objects.get(pk=other.world.plan.pk).updated_at

    response = client.post(
        reverse("planning:plan_status", args=[other.world.plan.pk]),
        {"status": Plan.Status.CLOSED},
    )

    assert response.status_code == 404
    assert Plan.objects.get(pk=other.world.plan.pk).updated_at == before


def test_a_dashboard_without_a_plan_counts_no_other_organisations_tasks(
    sides: tuple[Side, Side],
) -> None:
    """An organisation with no plan yet (a new province) reads its dashboard
    from the counters of its own plans: none, never the other's."""
    _, other = sides
    empty = OrganisationFactory(name="UBND thành phố Đà Nẵng", kind="province")
    leader = UserFactory(role=Role.LEADER, role__organisation=empty)

    response = _client(leader).get("/")

    assert response.status_code == 200
    assert response.context["data"].overall.total == 0
    assert other.words[0] not in response.content.decode()
