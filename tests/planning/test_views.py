"""Pages and endpoints as planners and leaders use them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.models import Activity, Plan, Task
from campaigns.reminders import installed_at
from tests.factories import (
    ActivityFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    tasks_update,
)

from .conftest import activity_post

pytestmark = pytest.mark.django_db


# --- activity form -------------------------------------------------------------


def test_planner_creates_a_monthly_activity_and_is_told_the_task_counts(
    world, planner_client, frozen_today
):
    with translation.override("vi"):
        response = planner_client.post(
            reverse("planning:activity_create"), activity_post(world), follow=True
        )

    activity = Activity.objects.get()
    assert response.redirect_chain[-1][0] == activity.get_absolute_url()
    assert activity.tasks.count() == 24
    assert "24 tạo mới" in response.content.decode()


def test_invalid_form_keeps_what_was_typed(world, planner_client):
    response = planner_client.post(
        reverse("planning:activity_create"),
        activity_post(world, due_date="hôm qua"),
    )

    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert 'value="Chuyên mục CCHC trên Đài truyền thanh"' in response.content.decode()


def test_stale_edit_is_refused_with_a_message(world, planner_client, frozen_today):
    planner_client.post(reverse("planning:activity_create"), activity_post(world))
    activity = Activity.objects.get()
    url = reverse("planning:activity_edit", args=[activity.pk])
    planner_client.post(url, activity_post(world, title="Bản một", version=1))

    with translation.override("vi"):
        response = planner_client.post(
            url, activity_post(world, title="Bản hai", version=1)
        )

    assert response.status_code == 200
    assert Activity.objects.get().title == "Bản một"
    assert 'id="error-summary"' in response.content.decode()


def test_recurrence_preview_counts_tasks_and_flags_weekends(world, planner_client):
    with translation.override("vi"):
        response = planner_client.get(
            reverse("planning:recurrence_preview"),
            {
                "start_date": "01/01/2024",
                "due_date": "31/12/2024",
                "recurrence_preset": "monthly",
                "month_day": "25",
                "lead_unit": world.commune.pk,
                "supporting_units": [world.township.pk, world.commune.pk],
            },
        )

    html = response.content.decode()
    assert 'data-dates="12" data-tasks="24"' in html
    assert "Hằng tháng, vào ngày 25" in html
    assert 'id="preview-off-days"' in html


def test_preview_flags_a_one_off_due_date_on_a_holiday(world, planner_client):
    with translation.override("vi"):
        response = planner_client.get(
            reverse("planning:recurrence_preview"),
            {
                "start_date": "01/04/2024",
                "due_date": "30/04/2024",
                "recurrence_preset": "once",
                "lead_unit": world.commune.pk,
            },
        )

    html = response.content.decode()
    assert 'id="due-off-day"' in html
    assert "Ngày Chiến thắng" in html


def test_preview_with_half_typed_dates_answers_a_hint(world, planner_client):
    response = planner_client.get(
        reverse("planning:recurrence_preview"), {"start_date": "01/0"}
    )

    assert response.status_code == 200
    assert b'id="preview-hint"' in response.content


def test_activity_page_shows_the_audit_trail_with_who_changed_what(
    world, planner, frozen_today
):
    client = Client()
    client.force_login(planner)
    client.post(reverse("planning:activity_create"), activity_post(world))
    activity = Activity.objects.get()
    client.post(
        reverse("planning:activity_edit", args=[activity.pk]),
        activity_post(world, title="Tên đã sửa", version=1),
    )

    with translation.override("vi"):
        response = client.get(activity.get_absolute_url())

    audit = response.content.decode().split('id="audit-trail"')[1]
    assert planner.username in audit
    assert ">Chuyên mục CCHC trên Đài truyền thanh</del>" in audit
    assert '<ins title="Tên đã sửa">Tên đã sửa</ins>' in audit
    assert "24 nhiệm vụ" in audit


# --- activity list -------------------------------------------------------------


@pytest.fixture
def listed(world):
    march = ActivityFactory(
        plan=world.plan,
        theme=world.themes[0],
        channel=world.radio,
        lead_unit=world.commune,
        title="Phát thanh tháng ba",
        audience_groups=[world.citizens],
    )
    TaskFactory(activity=march, due_date=dt.date(2024, 3, 20))
    june = ActivityFactory(
        plan=world.plan,
        theme=world.themes[1],
        channel=world.portal,
        lead_unit=world.department,
        supporting_units=[world.township],
        title="Đăng tin cổng thông tin",
        audience_groups=[world.officials],
        start_date=dt.date(2024, 6, 1),
        due_date=dt.date(2024, 6, 30),
    )
    TaskFactory(activity=june, due_date=dt.date(2024, 6, 20))
    return march, june


def _titles(client: Client, **params: object) -> list[str]:
    response = client.get(reverse("planning:activity_list"), params)
    assert response.status_code == 200
    return [a.title for a in response.context["page"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "phát thanh"}, ["Phát thanh tháng ba"]),
        ({"month": 6}, ["Đăng tin cổng thông tin"]),
        ({"channel": "portal"}, ["Đăng tin cổng thông tin"]),
        ({"audience": "citizens"}, ["Phát thanh tháng ba"]),
        ({"unit": "township"}, ["Đăng tin cổng thông tin"]),
        ({"theme": "theme0"}, ["Phát thanh tháng ba"]),
        ({"status": "cancelled"}, []),
        ({}, ["Phát thanh tháng ba", "Đăng tin cổng thông tin"]),
        ({"ordering": "-start"}, ["Đăng tin cổng thông tin", "Phát thanh tháng ba"]),
    ],
)
def test_activity_list_filters(world, listed, planner_client, params, expected):
    lookups = {
        "portal": world.portal.pk,
        "citizens": world.citizens.pk,
        "township": world.township.pk,
        "theme0": world.themes[0].pk,
    }
    resolved = {
        k: lookups.get(v, v) if isinstance(v, str) else v for k, v in params.items()
    }

    assert _titles(planner_client, **resolved) == expected


def test_activity_list_keeps_filters_in_page_links(world, planner_client):
    for number in range(30):
        ActivityFactory(
            plan=world.plan,
            theme=world.themes[0],
            channel=world.radio,
            title=f"Tin {number:02d}",
        )

    response = planner_client.get(
        reverse("planning:activity_list"), {"channel": world.radio.pk}
    )

    assert f'href="?channel={world.radio.pk}&page=2"' in response.content.decode()


def test_column_header_sorts_and_toggles_keeping_the_filters(world, planner_client):
    response = planner_client.get(
        reverse("planning:activity_list"),
        {"channel": world.radio.pk, "ordering": "due"},
    )

    links = response.context["sort_links"]
    assert links["due"]["href"] == f"?channel={world.radio.pk}&ordering=-due"
    assert links["title"]["href"] == f"?channel={world.radio.pk}&ordering=title"
    assert links["due"]["arrow"] == "▲"


def test_bad_filter_value_shows_an_empty_list_not_an_error(planner_client, world):
    response = planner_client.get(reverse("planning:activity_list"), {"plan": "abc"})

    assert response.status_code == 200


# --- calendar ------------------------------------------------------------------


def test_calendar_feed_gives_one_item_per_occurrence_coloured_by_channel(
    world, planner_client, frozen_today
):
    planner_client.post(reverse("planning:activity_create"), activity_post(world))

    response = planner_client.get(
        reverse("planning:calendar_events"),
        {
            "start": "2024-03-01T00:00:00+07:00",
            "end": "2024-04-01",
            "plan": world.plan.pk,
        },
    )

    events = response.json()
    assert [e["start"] for e in events] == ["2024-03-25"]
    assert events[0]["backgroundColor"] == world.radio.color
    assert events[0]["extendedProps"]["units"] == 2
    assert events[0]["editable"] is True


def test_calendar_feed_filters_by_unit(world, planner_client, frozen_today):
    planner_client.post(reverse("planning:activity_create"), activity_post(world))

    response = planner_client.get(
        reverse("planning:calendar_events"),
        {"start": "2024-03-01", "end": "2024-04-01", "unit": world.township.pk},
    )

    event = response.json()[0]
    assert event["extendedProps"]["units"] == 1
    assert event["extendedProps"]["unit"] == world.township.pk
    assert world.township.name in event["title"]


def test_calendar_feed_for_leaders_is_not_draggable(world, leader, frozen_today):
    ActivityFactory(plan=world.plan, theme=world.themes[0])
    TaskFactory(activity=Activity.objects.get(), due_date=dt.date(2024, 3, 5))
    client = Client()
    client.force_login(leader)

    events = client.get(
        reverse("planning:calendar_events"),
        {"start": "2024-03-01", "end": "2024-04-01"},
    ).json()

    assert events
    assert not any(e["editable"] for e in events)


def test_calendar_feed_answers_400_on_a_bad_range(planner_client, db):
    response = planner_client.get(
        reverse("planning:calendar_events"), {"start": "yesterday", "end": "2024-04-01"}
    )

    assert response.status_code == 400
    assert response.json()["ok"] is False


def test_holiday_feed_includes_the_lunar_holidays(planner_client, db):
    response = planner_client.get(
        reverse("planning:calendar_holidays"),
        {"start": "2024-01-01", "end": "2025-01-01"},
    )

    days = {event["start"]: event["title"] for event in response.json()}
    assert days["2024-02-10"] == "Tết Nguyên Đán"
    assert days["2024-04-18"] == "Ngày Giỗ Tổ Hùng Vương"
    assert all(event["display"] == "background" for event in response.json())


def _csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("planning:calendar"))
    return client, client.cookies["csrftoken"].value


def test_calendar_move_needs_the_csrf_token(world, planner, frozen_today):
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    TaskFactory(activity=activity, due_date=dt.date(2024, 3, 5))
    client, token = _csrf_client(planner)
    data = {
        "kind": "occurrence",
        "activity": activity.pk,
        "from_date": "2024-03-05",
        "to_date": "2024-03-06",
    }

    refused = client.post(reverse("planning:calendar_move"), data)
    accepted = client.post(
        reverse("planning:calendar_move"), data, HTTP_X_CSRFTOKEN=token
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert accepted.json()["moved"] == 1
    assert Task.objects.get().due_date == dt.date(2024, 3, 6)


def test_calendar_move_of_a_done_task_is_refused_with_409(world, planner_client):
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    TaskFactory(
        activity=activity, due_date=dt.date(2024, 3, 5), status=Task.Status.DONE
    )

    with translation.override("vi"):
        response = planner_client.post(
            reverse("planning:calendar_move"),
            {
                "kind": "occurrence",
                "activity": activity.pk,
                "from_date": "2024-03-05",
                "to_date": "2024-03-06",
            },
        )

    assert response.status_code == 409
    assert "đã hoàn thành" in response.json()["error"]
    assert Task.objects.get().due_date == dt.date(2024, 3, 5)


def test_calendar_move_warns_about_a_holiday(world, planner_client):
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    TaskFactory(activity=activity, due_date=dt.date(2024, 4, 26))

    response = planner_client.post(
        reverse("planning:calendar_move"),
        {
            "kind": "occurrence",
            "activity": activity.pk,
            "from_date": "2024-04-26",
            "to_date": "2024-04-30",
        },
    )

    assert response.status_code == 200
    assert "Ngày Chiến thắng" in response.json()["warning"]


def test_calendar_move_with_garbage_is_400(planner_client, db):
    response = planner_client.post(
        reverse("planning:calendar_move"), {"kind": "teleport", "activity": "x"}
    )

    assert response.status_code == 400


# --- dashboard -----------------------------------------------------------------


def test_leader_sees_the_district_dashboard_without_edit_buttons(
    world, leader, frozen_today
):
    TaskFactory(
        activity=ActivityFactory(plan=world.plan, theme=world.themes[0]),
        due_date=dt.date(2024, 1, 1),
    )
    client = Client()
    client.force_login(leader)

    html = client.get("/").content.decode()

    assert 'id="chart-overdue-units"' in html
    assert 'id="editor-actions"' not in html
    assert 'id="kpi-overdue">1<' in html


def test_unit_head_dashboard_counts_only_their_units_tasks(world, frozen_today):
    head = UserFactory(role="unit_head")
    mine = UnitFactory(head=head)
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0], lead_unit=mine)
    TaskFactory(activity=activity, unit=mine, due_date=dt.date(2024, 1, 1))
    TaskFactory(activity=activity, unit=world.commune, due_date=dt.date(2024, 1, 1))
    client = Client()
    client.force_login(head)

    html = client.get("/").content.decode()

    assert 'id="kpi-overdue">1<' in html
    assert 'id="my-overdue"' in html
    assert 'id="chart-overdue-units"' not in html
    assert world.commune.name not in html


def test_planner_dashboard_warns_when_no_reminder_sweep_ran_a_day_after_install(
    world, client, planner, time_machine
):
    time_machine.move_to(installed_at() + dt.timedelta(hours=27), tick=False)
    client.force_login(planner)

    html = client.get("/").content.decode()

    assert 'id="reminder-sweep-status"' in html
    assert 'data-sweep-stale="true"' in html


def test_leader_dashboard_has_no_reminder_sweep_widget(world, leader, frozen_today):
    client = Client()
    client.force_login(leader)

    assert 'id="reminder-sweep-status"' not in client.get("/").content.decode()


def test_dashboard_picks_the_plan_asked_for(world, planner_client, frozen_today):
    other = PlanFactory(year=2023, title="Kế hoạch 2023")

    response = planner_client.get("/", {"plan": other.pk})

    assert response.context["plan"] == other


# --- plans ---------------------------------------------------------------------


def test_plan_page_shows_progress_by_channel_and_unit(
    world, planner_client, frozen_today
):
    planner_client.post(reverse("planning:activity_create"), activity_post(world))
    tasks_update(
        Task.objects.filter(due_date=dt.date(2024, 1, 25), unit=world.commune),
        status=Task.Status.DONE,
        accepted_at=timezone.now(),
    )

    response = planner_client.get(world.plan.get_absolute_url())

    progress = response.context["progress"]
    assert progress.overall.total == 24
    assert progress.overall.done == 1
    assert [p.label for p in progress.by_channel] == [world.radio.name]
    assert {p.label for p in progress.by_unit} == {
        world.commune.name,
        world.township.name,
    }
    assert 'data-progress="audience"' in response.content.decode()


def test_planner_creates_a_plan_with_objectives_and_themes(planner_client, db):
    data = {
        "year": "2026",
        "number": "12/KH-UBND",
        "title": "Kế hoạch tuyên truyền CCHC năm 2026",
        "issuer": "UBND huyện Núi Thành",
        "issued_on": "15/01/2026",
        "general_goal": "",
        "next_year_directions": "",
        "objectives-TOTAL_FORMS": "1",
        "objectives-INITIAL_FORMS": "0",
        "objectives-0-kind": "specific",
        "objectives-0-description": "100% cơ quan lồng ghép CCHC",
        "objectives-0-order": "1",
        "themes-TOTAL_FORMS": "1",
        "themes-INITIAL_FORMS": "0",
        "themes-0-title": "Vai trò người đứng đầu",
        "themes-0-order": "1",
    }

    response = planner_client.post(reverse("planning:plan_create"), data)

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.issued_on == dt.date(2026, 1, 15)
    assert plan.status == Plan.Status.DRAFT
    assert plan.objectives.get().description == "100% cơ quan lồng ghép CCHC"
    assert plan.themes.get().title == "Vai trò người đứng đầu"


def test_theme_in_use_cannot_be_deleted(world, planner_client):
    ActivityFactory(plan=world.plan, theme=world.themes[0])
    data = {
        "year": "2024",
        "number": world.plan.number,
        "title": world.plan.title,
        "issuer": world.plan.issuer,
        "issued_on": "",
        "objectives-TOTAL_FORMS": "0",
        "objectives-INITIAL_FORMS": "0",
        "themes-TOTAL_FORMS": "1",
        "themes-INITIAL_FORMS": "1",
        "themes-0-id": world.themes[0].pk,
        "themes-0-title": world.themes[0].title,
        "themes-0-order": "1",
        "themes-0-DELETE": "on",
    }

    response = planner_client.post(
        reverse("planning:plan_edit", args=[world.plan.pk]), data
    )

    assert response.status_code == 200
    assert world.plan.themes.filter(pk=world.themes[0].pk).exists()


def test_closed_plan_has_no_edit_buttons_and_refuses_edits(world, planner_client):
    activity = ActivityFactory(plan=world.plan, theme=world.themes[0])
    world.plan.status = Plan.Status.CLOSED
    world.plan.save()

    plan_page = planner_client.get(world.plan.get_absolute_url()).content.decode()
    activity_page = planner_client.get(activity.get_absolute_url()).content.decode()
    edit = planner_client.post(
        reverse("planning:activity_edit", args=[activity.pk]), activity_post(world)
    )

    assert 'id="plan-closed"' in plan_page
    assert reverse("planning:plan_edit", args=[world.plan.pk]) not in plan_page
    assert 'id="activity-actions"' not in activity_page
    assert edit.status_code == 302
    assert Activity.objects.get().title == activity.title


def test_copy_page_creates_next_years_draft(world, planner_client):
    ActivityFactory(plan=world.plan, theme=world.themes[0])

    response = planner_client.post(
        reverse("planning:plan_copy", args=[world.plan.pk]),
        {"year": "2025", "title": "Kế hoạch tuyên truyền CCHC năm 2025"},
    )

    copy = Plan.objects.get(year=2025)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.activities.count() == 1
    assert not Task.objects.filter(activity__plan=copy).exists()


def test_issuing_from_the_plan_page_creates_tasks(planner_client, planner, db):
    plan = PlanFactory(year=2025, status=Plan.Status.DRAFT)
    ActivityFactory(
        plan=plan, start_date=dt.date(2025, 3, 1), due_date=dt.date(2025, 3, 20)
    )

    planner_client.post(
        reverse("planning:plan_status", args=[plan.pk]), {"status": "issued"}
    )

    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED
    assert Task.objects.filter(activity__plan=plan).count() == 1


def test_chart_data_reaches_the_page_as_json(world, planner_client, frozen_today):
    response = planner_client.get("/")

    data = json.loads(
        response.content.decode()
        .split('id="dashboard-data" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert set(data) == {"overdueByUnit", "byChannel", "byAudience", "byMonth"}
