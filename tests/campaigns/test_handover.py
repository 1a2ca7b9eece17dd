"""Handing a province's activities down to its communes and wards
(campaigns.services.handover)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns.models import Activity, Plan, Task
from campaigns.services.activities import activity_cancel, activity_save
from campaigns.services.handover import plan_hand_down
from campaigns.services.plans import plan_set_status
from notifications.models import Notification
from organisation.scoping import acting_in
from tests.factories import PlanFactory, UserFactory

from .handover_world import TODAY, YEAR, Province, child_make, province_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    with time_machine.travel(dt.datetime(YEAR, 3, 10, 9, tzinfo=zone), tick=False):
        yield


@pytest.fixture
def province() -> Province:
    return province_make()


def _issue(province: Province) -> None:
    plan_set_status(
        plan_id=province.plan.pk,
        status=Plan.Status.ISSUED,
        user=province.planner,
        today=TODAY,
    )
    province.plan.refresh_from_db()


def _copies(province: Province) -> list[Activity]:
    return list(
        Activity.objects.filter(source=province.activity).select_related(
            "plan__organisation"
        )
    )


def test_issuing_hands_the_activity_to_every_child_of_the_named_kinds(province):
    _issue(province)

    receivers = {copy.plan.organisation.name for copy in _copies(province)}
    assert receivers == {"UBND tam-xuan", "UBND tam-anh", "UBND hai-chau"}


def test_a_department_under_the_province_receives_nothing_of_a_commune_activity(
    province,
):
    _issue(province)

    department = province.children["so-tu-phap"].organisation
    assert not Activity.objects.filter(plan__organisation=department).exists()


def test_another_provinces_communes_receive_nothing(province):
    other = province_make("UBND tỉnh Quảng Ngãi")
    _issue(province)

    children = [child.organisation for child in other.children.values()]
    assert not Activity.objects.filter(plan__organisation__in=children).exists()


def test_the_child_gets_a_draft_plan_of_the_year_when_it_has_none(province):
    _issue(province)

    plan = Plan.objects.get(organisation=province.children["tam-xuan"].organisation)
    assert plan.status == Plan.Status.DRAFT
    assert plan.year == YEAR
    assert plan.issuer == "UBND tam-xuan"
    assert "UBND thành phố Đà Nẵng" in plan.title


def test_the_copy_joins_the_childs_own_issued_plan_with_tasks_for_its_unit(
    province,
):
    child = province.children["tam-anh"]
    own = PlanFactory(
        organisation=child.organisation, year=YEAR, issuer=child.organisation.name
    )
    _issue(province)

    copy = Activity.objects.get(source=province.activity, plan=own)
    tasks = Task.objects.filter(activity=copy)
    assert copy.lead_unit == child.unit
    assert copy.channel.organisation == child.organisation
    assert [g.organisation for g in copy.audience_groups.all()] == [child.organisation]
    assert tasks.count() == 12
    assert {task.unit for task in tasks} == {child.unit}
    assert Notification.objects.filter(
        recipient=child.head, kind=Notification.Kind.TASK_ASSIGNED
    ).exists()


def test_the_childs_planners_hear_of_the_received_activity(province):
    _issue(province)

    planner = province.children["hai-chau"].planner
    notice = Notification.objects.get(recipient=planner)
    assert province.activity.title in notice.title


def test_handing_down_again_duplicates_nothing(province):
    _issue(province)
    plan_hand_down(plan=province.plan, user=province.planner, today=TODAY)
    plan_hand_down(plan=province.plan, user=province.planner, today=TODAY)

    assert len(_copies(province)) == 3
    assert Plan.objects.filter(year=YEAR).count() == 4


def test_a_change_of_the_source_reaches_the_copies(province):
    _issue(province)
    activity = Activity.objects.get(pk=province.activity.pk)
    activity.title = "Tuyên truyền dịch vụ công trực tuyến (sửa)"
    activity.recurrence = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=25"
    activity_save(
        activity=activity,
        audience_groups=activity.audience_groups.all(),
        objectives=[],
        supporting_units=[],
        expected_version=activity.version,
        user=province.planner,
        today=TODAY,
    )

    copies = _copies(province)
    assert {copy.title for copy in copies} == {activity.title}
    assert {copy.recurrence for copy in copies} == {activity.recurrence}


def test_cancelling_the_source_cancels_the_childrens_open_tasks_and_tells_them(
    province,
):
    child = province.children["tam-xuan"]
    PlanFactory(
        organisation=child.organisation, year=YEAR, issuer=child.organisation.name
    )
    _issue(province)

    activity_cancel(activity=province.activity, user=province.planner)

    copy = Activity.objects.get(
        source=province.activity, plan__organisation=child.organisation
    )
    assert copy.status == Activity.Status.CANCELLED
    assert not Task.objects.filter(activity=copy).open().exists()
    assert Notification.objects.filter(
        recipient=child.planner, title__contains="hủy"
    ).exists()


def test_a_commune_planner_may_not_hand_down_the_provinces_plan(province):
    _issue(province)
    commune_planner = province.children["tam-xuan"].planner

    with pytest.raises(PermissionDenied):
        plan_hand_down(plan=province.plan, user=commune_planner, today=TODAY)


def test_a_province_leader_may_not_hand_down(province):
    _issue(province)
    leader = UserFactory(role="leader", role__organisation=province.organisation)

    with pytest.raises(PermissionDenied):
        plan_hand_down(plan=province.plan, user=leader, today=TODAY)


def test_naming_another_provinces_commune_is_refused(province):
    _issue(province)
    stranger = child_make(
        province_make("UBND tỉnh Quảng Ngãi").organisation, "UBND xã Lạ", "commune"
    )
    activity = Activity.objects.get(pk=province.activity.pk)

    with pytest.raises(ValidationError):
        activity_save(
            activity=activity,
            audience_groups=[],
            objectives=[],
            supporting_units=[],
            expected_version=activity.version,
            user=province.planner,
            handed_to=[stranger.organisation],
        )


def test_a_child_named_explicitly_receives_it(province):
    department = province.children["so-tu-phap"]
    _issue(province)
    activity = Activity.objects.get(pk=province.activity.pk)
    activity.handed_to_kinds = ""
    activity_save(
        activity=activity,
        audience_groups=activity.audience_groups.all(),
        objectives=[],
        supporting_units=[],
        expected_version=activity.version,
        user=province.planner,
        handed_to=[department.organisation],
        today=TODAY,
    )

    live = Activity.objects.filter(
        source=province.activity, status=Activity.Status.ACTIVE
    )
    assert [copy.plan.organisation for copy in live] == [department.organisation]


def test_a_child_sees_its_own_copy_only(province, client):
    _issue(province)
    tam_xuan = province.children["tam-xuan"]
    tam_anh = province.children["tam-anh"]
    with acting_in(tam_xuan.organisation.pk):
        own = list(Activity.objects.filter(source=province.activity))
    other = Activity.objects.get(
        source=province.activity, plan__organisation=tam_anh.organisation
    )

    client.force_login(tam_xuan.planner)
    assert [copy.plan.organisation for copy in own] == [tam_xuan.organisation]
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(own[0].get_absolute_url()).status_code == 200


def test_the_provinces_activity_form_offers_the_kinds_of_its_children(province, client):
    client.force_login(province.planner)

    page = client.get(f"/activities/{province.activity.pk}/edit/").content.decode()

    assert re.search(r'name="handed_kinds" value="commune"[^>]*checked', page)
    assert 'name="handed_kinds" value="department"' in page


def test_a_communes_activity_form_has_no_hand_down(province, client):
    _issue(province)
    child = province.children["tam-xuan"]
    copy = Activity.objects.get(
        source=province.activity, plan__organisation=child.organisation
    )
    client.force_login(child.planner)

    page = client.get(f"/activities/{copy.pk}/edit/").content.decode()
    detail = client.get(copy.get_absolute_url()).content.decode()

    assert "handed_kinds" not in page
    assert "UBND thành phố Đà Nẵng" in detail
