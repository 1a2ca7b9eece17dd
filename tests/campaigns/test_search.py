"""Search as people type Vietnamese: "tam hiep" finds "Tam Hiệp", everywhere."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from accounts.roles import Role
from campaigns.models import Activity, Unit
from campaigns.search import fold
from tests.factories import (
    ActivityFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

PRECOMPOSED = "Tam Hiệp"
DECOMPOSED = unicodedata.normalize("NFD", PRECOMPOSED)
TYPED = ["tam hiep", "TAM HIỆP", "Tam Hiep", DECOMPOSED, "hiệp"]


@pytest.mark.parametrize("typed", TYPED)
def test_every_way_of_typing_folds_alike(typed):
    assert fold(typed) in fold(PRECOMPOSED)


def test_hoa_with_the_mark_on_either_vowel_folds_alike():
    # "Hòa" (old style, mark on o) and "Hoà" (new style, mark on a).
    assert fold("Tam H\u00f2a") == fold("Tam Ho\u00e0") == "tam hoa"


def test_d_with_stroke_folds_to_d():
    assert fold("ĐÀI Truyền thanh Đồng") == "dai truyen thanh dong"


@pytest.mark.django_db
def test_saving_keeps_the_folded_copy_up_to_date():
    activity = ActivityFactory(title="Hội nghị ở Tam Hiệp")
    activity.title = "Hội nghị ở Tam Hoà"
    activity.save(update_fields=["title"])
    unit = UnitFactory(name="UBND xã Tam Hiệp")
    unit.short_name = "Tam Hiệp"
    unit.save(update_fields=["short_name"])

    activity.refresh_from_db()
    unit.refresh_from_db()
    assert activity.search_text == "hoi nghi o tam hoa"
    assert unit.search_name == "ubnd xa tam hiep tam hiep"


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def tam_hiep(db):
    unit = UnitFactory(name="UBND xã Tam Hiệp", head=UserFactory(role=Role.UNIT_HEAD))
    other = UnitFactory(name="UBND xã Tam Xuân 2", head=unit.head)
    # One plan: the personal page reads one plan at a time.
    plan = PlanFactory()
    found = ActivityFactory(
        plan=plan, title="Tuyên truyền CCHC tại xã Tam Hiệp", lead_unit=other
    )
    hoa = ActivityFactory(plan=plan, title="Hội thi ở Tam Hòa", lead_unit=other)
    missed = ActivityFactory(
        plan=plan, title="Pano tại thị trấn Núi Thành", lead_unit=other
    )
    return unit, other, found, hoa, missed


@pytest.mark.parametrize("typed", TYPED)
def test_the_activity_list_finds_it_however_typed(client, planner, tam_hiep, typed):
    _unit, _other, found, _hoa, missed = tam_hiep
    client.force_login(planner)

    response = client.get(reverse("planning:activity_list"), {"q": typed})

    titles = response.text
    assert found.title in titles
    assert missed.title not in titles


@pytest.mark.parametrize("typed", ["Tam Hoà", "tam hoa", "TAM HÒA"])
def test_hoa_is_found_whichever_vowel_carries_the_mark(
    client, planner, tam_hiep, typed
):
    _unit, _other, _found, hoa, _missed = tam_hiep
    client.force_login(planner)

    response = client.get(reverse("planning:activity_list"), {"q": typed})

    assert hoa.title in response.text


@pytest.mark.parametrize("typed", TYPED)
def test_my_tasks_finds_the_head_s_tasks_however_typed(client, tam_hiep, typed):
    unit, other, found, _hoa, missed = tam_hiep
    by_activity = TaskFactory(activity=found, unit=other)
    by_unit = TaskFactory(activity=missed, unit=unit)
    TaskFactory(activity=missed, unit=other)
    client.force_login(unit.head)

    response = client.get(reverse("workspace:my_tasks"), {"q": typed})

    shown = {t.pk for g in response.context["overview"].groups for t in g.tasks}
    assert shown == {by_activity.pk, by_unit.pk}


def test_my_tasks_search_never_shows_another_unit_s_tasks(client, tam_hiep):
    unit, _other, found, _hoa, _missed = tam_hiep
    stranger = UnitFactory(name="UBND xã Tam Hiệp 2", head=UserFactory())
    TaskFactory(activity=found, unit=stranger)
    client.force_login(unit.head)

    response = client.get(reverse("workspace:my_tasks"), {"q": "tam hiep"})

    assert response.context["overview"].total == 0


@pytest.mark.parametrize("typed", TYPED)
def test_admin_unit_search_and_autocomplete_find_it(superuser_client, tam_hiep, typed):
    unit = tam_hiep[0]

    listed = superuser_client.get(
        reverse("admin:campaigns_unit_changelist"), {"q": typed}
    )

    assert list(listed.context["cl"].result_list) == [unit]


@pytest.mark.parametrize("typed", ["tam hiep", DECOMPOSED])
def test_admin_activity_and_task_search_find_it(superuser_client, tam_hiep, typed):
    _unit, other, found, _hoa, _missed = tam_hiep
    task = TaskFactory(activity=found, unit=other)

    activities = superuser_client.get(
        reverse("admin:campaigns_activity_changelist"), {"q": typed}
    )
    tasks = superuser_client.get(
        reverse("admin:campaigns_task_changelist"), {"q": typed}
    )

    assert list(activities.context["cl"].result_list) == [found]
    assert list(tasks.context["cl"].result_list) == [task]


@pytest.mark.django_db
def test_the_same_words_find_the_same_rows_through_the_orm():
    unit = UnitFactory(name="Phòng Văn hóa - Thông tin")
    assert list(Unit.objects.filter(search_name__contains=fold("van hoa"))) == [unit]
    assert not Activity.objects.filter(search_text__contains=fold("van hoa")).exists()
