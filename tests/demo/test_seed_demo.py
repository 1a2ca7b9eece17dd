"""The living demo: Đà Nẵng city over its communes and wards; xã Núi Thành with
2024 as closed history and this year's plan in progress as of the day seed_demo
runs (here 30/11/2026), and the pages opening on this year; the city and the
other children with plans of their own.

The demo is seeded once per test process (tests/demo_snapshot.py) and copied
into this module's database once, in a transaction rolled back at the end; each
test runs in its own savepoint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import Count, Max, Min

from accounts.models import User
from accounts.roles import Role
from campaigns.models import (
    Activity,
    EvidenceFile,
    Plan,
    ProgressReport,
    Reminder,
    Task,
    Unit,
)
from campaigns.reminders import reminders_sweep
from demo import data as demo_data
from demo import province_data
from demo.progress import OVERDUE_AT_MOST_DAYS
from demo.seeding import demo_seed
from organisation.models import Membership, Organisation
from tests.demo_snapshot import (
    DEMO_PASSWORD,
    SEED_AT,
    SEED_DAY,
    DemoSnapshot,
    demo_snapshot_restore,
)

pytestmark = pytest.mark.django_db

TODAY = SEED_DAY
PASSWORD = DEMO_PASSWORD
NUI_THANH = demo_data.ORGANISATION["name"]
CITY = province_data.PROVINCE["name"]


@pytest.fixture(scope="module")
def evidence_storage(tmp_path_factory) -> FileSystemStorage:
    return FileSystemStorage(location=tmp_path_factory.mktemp("private"))


@pytest.fixture(scope="module")
def seeded(
    demo_snapshot: DemoSnapshot, django_db_blocker, evidence_storage
) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        patch.setattr(EvidenceFile._meta.get_field("file"), "storage", evidence_storage)
        demo_snapshot_restore(demo_snapshot)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def today(seeded, time_machine) -> dt.date:
    time_machine.move_to(SEED_AT, tick=False)
    return TODAY


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            Membership,
            Plan,
            Unit,
            User,
            Activity,
            Task,
            ProgressReport,
            EvidenceFile,
        )
    }


def _current() -> Plan:
    """This year's plan of xã Núi Thành, the commune with the Núi Thành history."""
    return Plan.objects.get(year=TODAY.year, organisation__name=NUI_THANH)


def _open_current(today: dt.date):
    return Task.objects.filter(activity__plan__year=today.year).open()


# --- the city over its communes and wards ----------------------------------------


def test_the_city_is_a_province_over_real_communes_and_wards(today) -> None:
    city = Organisation.objects.get(name=CITY)
    children = dict(city.children.values_list("name", "kind"))

    assert city.kind == Organisation.Kind.PROVINCE
    assert city.parent is None
    assert children[NUI_THANH] == Organisation.Kind.COMMUNE
    assert children["UBND xã Tam Xuân"] == Organisation.Kind.COMMUNE
    assert children["UBND phường Hải Châu"] == Organisation.Kind.WARD
    assert len(children) == 1 + len(province_data.CHILDREN)
    assert Organisation.objects.count() == len(children) + 1


def test_the_nui_thanh_commune_is_the_oldest_organisation(today) -> None:
    # Factories' home organisation, and the first a person with roles in
    # several works in.
    assert Organisation.objects.order_by("pk").first().name == NUI_THANH


def test_every_child_and_the_city_have_an_issued_plan_of_this_year(today) -> None:
    plans = Plan.objects.filter(year=today.year, status=Plan.Status.ISSUED)

    issuers = {plan.organisation.name for plan in plans}
    assert issuers == set(Organisation.objects.values_list("name", flat=True))


@pytest.mark.parametrize("name", ["UBND xã Tam Xuân", "UBND phường Hòa Khánh", CITY])
def test_the_other_plans_have_progress_for_the_city_to_roll_up(today, name) -> None:
    plan = Plan.objects.get(year=today.year, organisation__name=name)
    tasks = Task.objects.filter(plan=plan)

    # Their own, and (the children) the two the city handed down.
    assert 3 <= plan.activities.count() <= 8
    assert tasks.filter(status=Task.Status.DONE, reports__isnull=False).exists()
    assert tasks.open().exists()
    units = set(tasks.values_list("unit__organisation", flat=True))
    assert units == {plan.organisation_id}


@pytest.mark.parametrize(
    "name", ["UBND xã Tam Xuân", "UBND phường Hòa Khánh", NUI_THANH]
)
def test_every_child_carries_out_what_the_city_handed_down(today, name) -> None:
    plan = Plan.objects.get(
        year=today.year, organisation__name=name, status=Plan.Status.ISSUED
    )
    received = plan.activities.filter(source__plan__organisation__name=CITY)
    tasks = Task.objects.filter(activity__in=received)

    assert received.count() == len(province_data.PROVINCE_HANDED_ACTIVITIES)
    assert tasks.filter(status=Task.Status.DONE, reports__isnull=False).exists()
    assert set(tasks.values_list("unit__organisation__name", flat=True)) == {name}


def test_the_nui_thanh_commune_keeps_its_units_and_plans(today) -> None:
    commune = Organisation.objects.get(name=NUI_THANH)

    assert commune.parent.name == CITY
    assert Unit.objects.filter(organisation=commune).count() == 31
    assert sorted(commune.plans.values_list("year", flat=True)) == [2024, 2026]
    assert Plan.objects.get(year=2024).organisation == commune


def test_the_citys_units_are_sectors_and_a_communes_its_own_departments(
    today,
) -> None:
    tam_xuan = Unit.objects.filter(organisation__name="UBND xã Tam Xuân")
    hai_chau = Unit.objects.filter(organisation__name="UBND phường Hải Châu")

    assert Unit.objects.get(name="Sở Nội vụ").kind == Unit.Kind.SECTOR
    assert set(tam_xuan.values_list("kind", flat=True)) == {Unit.Kind.DEPARTMENT}
    assert tam_xuan.filter(name="Phòng Kinh tế").exists()
    assert hai_chau.filter(name="Phòng Kinh tế, Hạ tầng và Đô thị").exists()


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("admin", Role.ADMIN),
        ("planner", Role.PLANNER),
        ("leader", Role.LEADER),
        ("unithead", Role.UNIT_HEAD),
        ("vp", Role.UNIT_HEAD),
        ("canbo-tam-hiep", Role.UNIT_STAFF),
        ("canbo-vh-tt", Role.UNIT_STAFF),
    ],
)
def test_the_contract_accounts_hold_their_roles_in_the_nui_thanh_commune(
    today, username, role
) -> None:
    memberships = Membership.objects.filter(user__username=username)

    assert set(memberships.values_list("organisation__name", "role")) == {
        (NUI_THANH, role)
    }


@pytest.mark.parametrize(
    ("username", "organisation", "role"),
    [
        ("tinh-planner", CITY, Role.PLANNER),
        ("tinh-leader", CITY, Role.LEADER),
        ("tinh-admin", CITY, Role.ADMIN),
        ("tinh-noi-vu", CITY, Role.UNIT_HEAD),
        ("tam-xuan-admin", "UBND xã Tam Xuân", Role.ADMIN),
        ("tam-xuan-planner", "UBND xã Tam Xuân", Role.PLANNER),
        ("hai-chau-unithead", "UBND phường Hải Châu", Role.UNIT_HEAD),
    ],
)
def test_the_city_and_each_child_have_their_own_logins(
    today, username, organisation, role
) -> None:
    user = User.objects.get(username=username)

    assert user.check_password(PASSWORD)
    assert set(user.memberships.values_list("organisation__name", "role")) == {
        (organisation, role)
    }


def test_a_rerun_renames_an_earlier_demos_district_instead_of_duplicating_it(
    today,
) -> None:
    before = _counts()
    Organisation.objects.filter(name=NUI_THANH).update(
        name=demo_data.LEGACY_ORGANISATION_NAME, kind="district", parent=None
    )

    demo_seed(password=PASSWORD)

    commune = Organisation.objects.get(name=NUI_THANH)
    assert commune.kind == Organisation.Kind.COMMUNE
    assert commune.parent.name == CITY
    assert _counts() == before


# --- 2024: closed history ------------------------------------------------------


def test_the_2024_plan_is_closed(today) -> None:
    assert Plan.objects.get(year=2024).status == Plan.Status.CLOSED


def test_every_2024_task_is_done_with_a_report(today) -> None:
    tasks = Task.objects.filter(activity__plan__year=2024)

    assert tasks.count() > 200
    assert set(tasks.values_list("status", flat=True)) == {Task.Status.DONE}
    assert not tasks.filter(reports__isnull=True).exists()


def test_2024_spend_is_reported_close_to_the_budget(today) -> None:
    from reports.selectors import report_build

    report = report_build(year=2024, as_of=dt.date(2024, 12, 31))

    planned, spent = report.activities.budget, report.output.actual_cost
    assert planned > 0
    # Each unit reports its share of the activity's budget, 85 to 105 % of it.
    assert planned * Decimal("0.85") <= spent <= planned * Decimal("1.05")


def test_some_2024_reports_carry_an_evidence_file(today, evidence_storage) -> None:
    files = EvidenceFile.objects.filter(report__task__activity__plan__year=2024)

    assert files.count() >= 5
    with evidence_storage.open(files.first().file.name) as stored:
        assert stored.read(5) == b"%PDF-"


# --- this year: issued and in progress as of today -----------------------------


def test_this_years_plan_is_issued_and_copied_from_2024(today) -> None:
    plan = _current()
    copied = Activity.objects.filter(plan__year=2024).count()

    assert plan.status == Plan.Status.ISSUED
    assert plan.title == "Kế hoạch tuyên truyền cải cách hành chính năm 2026"
    assert plan.activities.count() > copied  # the copy, and what is new this year
    assert not plan.activities.filter(title__contains="2024").exists()


def test_this_years_tasks_are_done_in_progress_overdue_due_this_week_and_later(
    today,
) -> None:
    tasks = Task.objects.filter(activity__plan__year=today.year)
    week_end = today + dt.timedelta(days=7)

    assert tasks.filter(status=Task.Status.DONE).exists()
    assert tasks.filter(status=Task.Status.IN_PROGRESS).exists()
    assert tasks.overdue(today).exists()
    assert tasks.open().filter(due_date__gte=today, due_date__lte=week_end).exists()
    assert tasks.open().filter(due_date__gt=week_end).exists()


def test_overdue_tasks_are_late_by_days_or_weeks_never_more(today) -> None:
    oldest = _open_current(today).aggregate(first=Min("due_date"))["first"]

    assert (today - oldest).days <= OVERDUE_AT_MOST_DAYS
    assert (
        Task.objects.overdue(today).filter(due_date__year__lt=today.year).count() == 0
    )


def test_done_tasks_have_a_report_submitted_no_later_than_today(today) -> None:
    reports = ProgressReport.objects.filter(task__activity__plan__year=today.year)
    latest = reports.aggregate(last=Max("submitted_at"))["last"]

    assert not Task.objects.filter(
        status=Task.Status.DONE, reports__isnull=True
    ).exists()
    assert latest.date() <= today
    assert reports.exclude(evidence_links="").exists()
    assert EvidenceFile.objects.filter(report__in=reports).exists()


def test_open_tasks_have_no_report(today) -> None:
    assert not _open_current(today).filter(reports__isnull=False).exists()


# --- idempotent ------------------------------------------------------------------


def test_a_rerun_the_same_day_duplicates_nothing(today) -> None:
    before = _counts()

    demo_seed(password=PASSWORD)

    assert _counts() == before


def test_a_rerun_weeks_later_duplicates_nothing_and_leaves_progress_alone(
    today, time_machine
) -> None:
    before = _counts()
    statuses = dict(
        Task.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    time_machine.move_to("2026-12-21 09:00 +07:00", tick=False)

    demo_seed(password=PASSWORD)

    assert _counts() == before
    after = dict(Task.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert after == statuses


# --- accounts and wording --------------------------------------------------------


def test_the_demo_accounts_have_the_demo_password(today) -> None:
    for username in ("admin", "planner", "leader", "unithead", "tinh-planner"):
        assert User.objects.get(username=username).check_password(PASSWORD)
    assert Unit.objects.get(head__username="unithead").kind == Unit.Kind.COMMUNE


@pytest.mark.parametrize(
    ("username", "display"),
    [
        ("unithead", "Chủ tịch UBND xã Tam Hiệp"),
        ("y-te", "Trưởng phòng Y tế"),
        ("thi-tran", "Chủ tịch UBND thị trấn Núi Thành"),
        ("vp", "Chánh Văn phòng HĐND và UBND huyện"),
    ],
)
def test_heads_are_named_by_their_title_and_unit(today, username, display) -> None:
    assert User.objects.get(username=username).get_full_name() == display


def test_demo_titles_write_place_names_in_proper_case(today) -> None:
    titles = Activity.objects.filter(title__icontains="núi thành").values_list(
        "title", flat=True
    )

    assert titles
    assert all("núi thành" not in title for title in titles)
    assert Activity.objects.filter(
        title__endswith="truyền thanh thị trấn Núi Thành"
    ).exists()


# --- pages open on this year -----------------------------------------------------


def test_the_dashboard_opens_on_this_years_plan(client, today) -> None:
    client.force_login(User.objects.get(username="leader"))

    response = client.get("/")

    assert response.context["plan"] == _current()


def test_the_unit_heads_dashboard_opens_on_this_years_plan(client, today) -> None:
    client.force_login(User.objects.get(username="unithead"))

    response = client.get("/")

    assert response.context["plan"] == _current()


def test_reports_open_on_this_year(client, today) -> None:
    client.force_login(User.objects.get(username="leader"))

    response = client.get("/reports/")

    assert response.url == f"/reports/{today.year}/"


def test_the_calendar_opens_on_today_in_this_years_plan(client, today) -> None:
    client.force_login(User.objects.get(username="planner"))

    config = client.get("/calendar/").context["config"]

    assert config["initialDate"] == today.isoformat()
    assert config["plan"] == _current().pk


def test_my_tasks_shows_this_years_tasks(client, today) -> None:
    client.force_login(User.objects.get(username="unithead"))

    overview = client.get("/my-tasks/").context["overview"]

    shown = [task for group in overview.groups for task in group.tasks]
    assert shown
    assert {task.due_date.year for task in shown} == {today.year}
    assert any(group.key == "overdue" and group.count for group in overview.groups)


# --- reminders -------------------------------------------------------------------


def test_the_sweep_reminds_this_years_tasks_only(today) -> None:
    reminders_sweep(day=today)

    years = set(Reminder.objects.values_list("task__activity__plan__year", flat=True))
    assert years == {today.year}


# --- unit staff --------------------------------------------------------------------


def test_the_demo_gives_units_staff_with_assigned_tasks(today) -> None:
    staff = User.objects.get(username="canbo-tam-hiep")

    assert staff.is_unit_staff
    assert list(staff.staffed_units.values_list("head__username", flat=True)) == [
        "unithead"
    ]
    assert Task.objects.filter(assignee=staff).exists()
    assert User.objects.get(username="canbo-vh-tt").staffed_units.count() == 2
