"""The official calendar: the holidays package and the Government's decisions,
read by the calendar page, copies and issuing; edited by the administrator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from campaigns import workdays
from campaigns.models import Activity, OfficialDay, Plan, Task
from campaigns.official_days import official_days_seed
from campaigns.services.plans import plan_copy_to_year, plan_set_status
from organisation.scoping import acting_in
from tests.factories import (
    ActivityFactory,
    ContentThemeFactory,
    OrganisationFactory,
    PlanFactory,
    UnitFactory,
    UserFactory,
    home_organisation,
)

pytestmark = pytest.mark.django_db

NEW_YEAR_FRIDAY = dt.date(2026, 1, 2)
NEW_YEAR_SATURDAY = dt.date(2026, 1, 10)


@pytest.fixture(autouse=True)
def _decisions(time_machine) -> None:
    """The known decisions (a flushed database may have lost the migration's
    rows) and the clock in December 2026."""
    time_machine.move_to(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    official_days_seed(OfficialDay)
    workdays.forget()


# --- the rule ------------------------------------------------------------------


def test_the_2026_new_year_friday_is_a_day_off() -> None:
    assert not workdays.is_working_day(NEW_YEAR_FRIDAY)
    assert "Tết Dương lịch" in (workdays.holiday_name(NEW_YEAR_FRIDAY) or "")


def test_the_saturday_worked_in_its_place_is_a_working_day() -> None:
    assert workdays.is_working_day(NEW_YEAR_SATURDAY)
    assert workdays.is_makeup_working_day(NEW_YEAR_SATURDAY)
    assert NEW_YEAR_SATURDAY in workdays.makeup_working_days(2026)


def test_a_due_date_on_the_friday_moves_to_the_previous_working_day() -> None:
    # Thursday 01/01 is New Year's Day; Wednesday 31/12/2025 is worked.
    assert workdays.moved_due_date(NEW_YEAR_FRIDAY) == dt.date(2025, 12, 31)


def test_an_organisation_s_own_decision_applies_to_it_alone() -> None:
    own, other = home_organisation(), OrganisationFactory()
    day = dt.date(2026, 3, 26)  # a Thursday: a local anniversary given off
    OfficialDay.objects.create(
        organisation=own, date=day, kind="day_off", name="Ngày giải phóng"
    )
    workdays.forget()

    with acting_in(own.pk):
        assert not workdays.is_working_day(day)
    with acting_in(other.pk):
        assert workdays.is_working_day(day)


def test_an_organisation_s_row_wins_over_the_installation_s() -> None:
    own = home_organisation()
    OfficialDay.objects.create(
        organisation=own, date=NEW_YEAR_SATURDAY, kind="day_off", name="Nghỉ"
    )
    workdays.forget()

    with acting_in(own.pk):
        assert not workdays.is_working_day(NEW_YEAR_SATURDAY)


# --- the calendar page -----------------------------------------------------------


def test_the_calendar_shows_the_2026_new_year_swap(planner_client) -> None:
    with translation.override("vi"):
        response = planner_client.get(
            reverse("planning:calendar_holidays"),
            {"start": "2025-12-29", "end": "2026-02-09"},
        )

    events = {(e["start"], e["extendedProps"]["kind"]) for e in response.json()}
    kinds = {start: kind for start, kind in events}
    assert kinds["2026-01-02"] != "workday"
    assert kinds["2026-01-10"] == "workday"
    assert ("2026-01-01", kinds["2026-01-02"]) in events


# --- copying and issuing ----------------------------------------------------------


def _plan_2026() -> Plan:
    """A 2026 plan whose dates, moved to 2027, meet weekends, Tết and the
    Government's days off: one-off activities and monthly ones."""
    plan = PlanFactory(year=2026, status=Plan.Status.ISSUED)
    theme = ContentThemeFactory(plan=plan)
    unit = UnitFactory()
    one_offs = [
        dt.date(2026, 1, 2),  # 02/01/2027: a Saturday
        dt.date(2026, 2, 5),  # 05/02/2027: Giao thừa
        dt.date(2026, 2, 8),  # 08/02/2027: Tết
        dt.date(2026, 5, 3),  # 03/05/2027: the day off for 01/05
        dt.date(2026, 9, 2),  # 02/09/2027: Quốc khánh
        dt.date(2026, 10, 15),  # 15/10/2027: a Friday, worked
    ]
    for due in one_offs:
        ActivityFactory(
            plan=plan,
            theme=theme,
            lead_unit=unit,
            start_date=dt.date(2026, 1, 1),
            due_date=due,
        )
    ActivityFactory(
        plan=plan,
        theme=theme,
        lead_unit=unit,
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 12, 31),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=6",  # 06/02/2027 is Tết
    )
    return plan


def _issued_copy(plan: Plan, *, shift: bool) -> Plan:
    planner = UserFactory(role=Role.PLANNER)
    copy = plan_copy_to_year(
        plan=plan,
        year=2027,
        title="Kế hoạch năm 2027",
        user=planner,
        shift_off_days=shift,
    )
    plan_set_status(
        plan_id=copy.pk, status="issued", user=planner, today=dt.date(2026, 12, 1)
    )
    return copy


def _due_dates(plan: Plan) -> list[dt.date]:
    return list(Task.objects.filter(plan=plan).values_list("due_date", flat=True))


def test_a_2026_to_2027_copy_leaves_no_due_date_on_a_day_off() -> None:
    copy = _issued_copy(_plan_2026(), shift=True)

    due_dates = _due_dates(copy)
    assert len(due_dates) == 6 + 12
    assert [day for day in due_dates if workdays.is_off_day(day)] == []
    # Giao thừa 05/02/2027 and Tết: the Wednesday before, 03/02/2027.
    assert dt.date(2027, 2, 3) in due_dates


def test_a_copy_without_moving_keeps_the_days_off() -> None:
    copy = _issued_copy(_plan_2026(), shift=False)

    off = [day for day in _due_dates(copy) if workdays.is_off_day(day)]
    assert dt.date(2027, 2, 5) in off
    assert len(off) >= 5


def test_the_copy_page_lists_the_due_dates_on_days_off_and_moves_by_default(
    client,
) -> None:
    plan = _plan_2026()
    client.force_login(UserFactory(role=Role.PLANNER))

    page = client.get(reverse("planning:plan_copy", args=[plan.pk]))

    content = page.content.decode()
    assert 'id="off-day-dues"' in content
    assert 'data-due="2027-02-05"' in content
    assert 'name="shift_off_days"' in content
    assert page.context["form"]["shift_off_days"].value() is True


def test_issuing_shows_the_due_dates_on_days_off_and_may_move_them(client) -> None:
    plan = _plan_2026()
    planner = UserFactory(role=Role.PLANNER)
    draft = plan_copy_to_year(plan=plan, year=2027, title="2027", user=planner)
    client.force_login(planner)

    detail = client.get(draft.get_absolute_url()).content.decode()
    client.post(
        reverse("planning:plan_status", args=[draft.pk]),
        {"status": "issued", "shift_off_days": "1"},
    )

    assert 'id="off-day-dues"' in detail
    assert 'id="issue-shift-off-days"' in detail
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.ISSUED
    assert [d for d in _due_dates(draft) if workdays.is_off_day(d)] == []
    moved = Activity.objects.filter(plan=draft, shift_off_days=True)
    assert moved.count() == 1  # the monthly one; the one-offs' dates moved


# --- the administration screen ------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMIN))
    return client


URL = "/administration/calendar/"


def test_the_screen_lists_the_year_s_days_off_and_working_days(admin_client):
    content = admin_client.get(URL, {"year": 2026}).content.decode()

    assert 'data-date="2026-01-02" data-kind="off"' in content
    assert 'data-date="2026-01-10" data-kind="working"' in content
    assert "02/01/2026" in content


def test_the_administrator_adds_changes_and_removes_a_decision(admin_client):
    added = admin_client.post(
        URL + "new/",
        {"date": "26/03/2026", "kind": "day_off", "name": "Ngày giải phóng"},
    )
    row = OfficialDay.objects.get(organisation=home_organisation())
    changed = admin_client.post(
        f"{URL}{row.pk}/",
        {"date": "27/03/2026", "kind": "day_off", "name": "Ngày giải phóng"},
    )
    with acting_in(home_organisation().pk):
        off_after_change = not workdays.is_working_day(dt.date(2027 - 1, 3, 27))
    removed = admin_client.post(f"{URL}{row.pk}/delete/")

    assert added.status_code == 302
    assert changed.status_code == 302
    assert off_after_change
    assert removed.status_code == 302
    assert not OfficialDay.objects.filter(pk=row.pk).exists()


def test_a_bad_date_is_explained_in_vietnamese(admin_client):
    with translation.override("vi"):
        response = admin_client.post(
            URL + "new/", {"date": "31/02/2026", "kind": "day_off", "name": "X"}
        )

    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.content.decode()


def test_another_organisation_s_decision_is_404(admin_client):
    other = OfficialDay.objects.create(
        organisation=OrganisationFactory(),
        date=dt.date(2026, 3, 26),
        kind="day_off",
        name="X",
    )
    installation = OfficialDay.objects.get(organisation=None, date=NEW_YEAR_FRIDAY)

    assert admin_client.get(f"{URL}{other.pk}/").status_code == 404
    assert admin_client.post(f"{URL}{other.pk}/delete/").status_code == 404
    assert admin_client.get(f"{URL}{installation.pk}/").status_code == 404


def test_a_planner_may_not_edit_the_calendar(client):
    client.force_login(UserFactory(role=Role.PLANNER))

    assert client.get(URL).status_code == 403
