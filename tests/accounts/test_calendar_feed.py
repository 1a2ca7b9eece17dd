"""The personal iCal feed: secret, revocable, token-only, scoped."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from accounts.feed import calendar_token_regenerate
from accounts.roles import Role
from tests.factories import ActivityFactory, TaskFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 15)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2024, 6, 15, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def team():
    head = UserFactory(role=Role.UNIT_HEAD)
    staff = UserFactory(role=Role.UNIT_STAFF)
    unit = UnitFactory(head=head)
    unit.staff.add(staff)
    other = UnitFactory()
    activity = ActivityFactory(title="Phát thanh CCHC", lead_unit=unit)
    mine = TaskFactory(activity=activity, unit=unit, due_date=TODAY, assignee=staff)
    unassigned = TaskFactory(
        activity=activity, unit=unit, due_date=TODAY + dt.timedelta(days=30)
    )
    foreign = TaskFactory(activity=activity, unit=other, due_date=TODAY)
    return {
        "head": head,
        "staff": staff,
        "mine": mine,
        "unassigned": unassigned,
        "foreign": foreign,
    }


def _uids(response) -> set[str]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]) for event in calendar.walk("VEVENT")}


def _feed_url(user) -> str:
    return reverse("calendar_feed", args=[calendar_token_regenerate(user=user)])


def test_the_feed_works_without_login_and_shows_ones_assigned_tasks(
    client, team
) -> None:
    response = client.get(_feed_url(team["staff"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert _uids(response) == {f"task-{team['mine'].pk}@cchc"}


def test_a_heads_feed_holds_the_units_tasks_and_no_other_units(client, team) -> None:
    uids = _uids(client.get(_feed_url(team["head"])))

    assert uids == {
        f"task-{team['mine'].pk}@cchc",
        f"task-{team['unassigned'].pk}@cchc",
    }


def test_a_regenerated_token_revokes_the_old_address(client, team) -> None:
    old = _feed_url(team["staff"])
    new = _feed_url(team["staff"])

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_or_empty_token_is_404(client) -> None:
    assert client.get("/calendar/feed/nothing-here-at-all-xyz.ics").status_code == 404
    assert client.get("/calendar/feed/.ics").status_code == 404


def test_a_disabled_accounts_feed_is_404(client, team) -> None:
    url = _feed_url(team["staff"])
    team["staff"].is_active = False
    team["staff"].save(update_fields=["is_active"])

    assert client.get(url).status_code == 404


def test_the_profile_page_regenerates_and_revokes(client, team) -> None:
    staff = team["staff"]
    client.force_login(staff)

    client.post(reverse("accounts:calendar_feed_token"), {"action": "regenerate"})
    staff.refresh_from_db()
    assert staff.calendar_token
    page = client.get(reverse("accounts:profile"))
    assert staff.calendar_token in page.text

    client.post(reverse("accounts:calendar_feed_token"), {"action": "revoke"})
    staff.refresh_from_db()
    assert staff.calendar_token == ""


@pytest.mark.parametrize("extra", [0, 40])
def test_the_feed_queries_do_not_grow_with_tasks(
    client, team, django_assert_max_num_queries, extra
) -> None:
    activity = team["mine"].activity
    for n in range(extra):
        TaskFactory(
            activity=activity,
            unit=team["mine"].unit,
            due_date=TODAY + dt.timedelta(days=n + 40),
            assignee=team["staff"],
        )
    url = _feed_url(team["staff"])

    # the token's user, their groups, the tasks
    with django_assert_max_num_queries(4):
        response = client.get(url)

    assert len(_uids(response)) == extra + 1
