"""A search typed without diacritics finds exactly what it finds with them.

For random Vietnamese queries ``q`` (words of the stored names with their marks
moved, dropped, upper-cased or decomposed, and random Vietnamese letters),
every search gives the same rows for ``q`` and for ``fold(q)``: the activity
list (title, description, lead unit, theme, channel), "my tasks", the people
of the administration and the Django admin's folded searches.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from administration.selectors import people_of
from campaigns.models import Activity, Task, Unit
from campaigns.search import fold
from planning.filters import ActivityFilter
from tests.factories import (
    ActivityFactory,
    ChannelFactory,
    ContentThemeFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    home_organisation,
)
from workspace.task_groups import TaskFilters, my_tasks

pytestmark = pytest.mark.django_db

NAMES = [
    "Tam Hiệp",
    "Tam Hòa",
    "Tam Hoà",
    "Đài truyền thanh",
    "Hội nghị đối thoại",
    "Phòng Văn hóa - Thông tin",
    "Núi Thành",
    "Tuyên truyền cải cách hành chính",
    "ĐỒNG BẰNG",
    "Chuyển đổi số",
]
LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
WORDS = sorted({word for name in NAMES for word in name.split()})


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _variant(word: str, how: int) -> str:
    """The word as someone might type it."""
    return [
        word,
        word.upper(),
        word.lower(),
        _strip(word),
        unicodedata.normalize("NFD", word),
        word.replace("đ", "d").replace("Đ", "D"),
    ][how % 6]


typed_word = st.one_of(
    st.builds(_variant, st.sampled_from(WORDS), st.integers(0, 5)),
    st.text(alphabet=LETTERS + LETTERS.upper(), min_size=1, max_size=4),
)
queries = st.lists(typed_word, min_size=1, max_size=3).map(" ".join)


@pytest.fixture
def world(db):
    """Units, themes, channels, activities, tasks and people named from NAMES."""
    organisation = home_organisation()
    head = UserFactory(role=Role.UNIT_HEAD, first_name="Hiệp", last_name="Nguyễn Văn")
    for n, name in enumerate(NAMES):
        UserFactory(role=Role.PLANNER, first_name=name, last_name=f"Đặng {n}")
        unit = UnitFactory(name=f"UBND xã {name}", head=head)
        activity = ActivityFactory(
            title=f"Hoạt động {name}",
            description=NAMES[(n + 3) % len(NAMES)],
            lead_unit=unit,
            theme=ContentThemeFactory(title=NAMES[(n + 5) % len(NAMES)]),
            channel=ChannelFactory(name=NAMES[(n + 7) % len(NAMES)]),
        )
        TaskFactory(activity=activity, unit=unit)
    return organisation, head


def _activity_list(query: str) -> set[int]:
    found = ActivityFilter({"q": query}, queryset=Activity.objects.all()).qs
    return set(found.values_list("pk", flat=True))


def _my_tasks(head, query: str) -> set[int]:
    overview = my_tasks(
        user=head, today=dt.date(2025, 6, 1), filters=TaskFilters(q=query)
    )
    return {task.pk for group in overview.groups for task in group.tasks}


def _people(organisation, query: str) -> set[int]:
    return {person.user.pk for person in people_of(organisation, query=query)}


def _admin(model, query: str) -> set[int]:
    request = RequestFactory().get("/")
    model_admin = site._registry[model]
    found, _duplicates = model_admin.get_search_results(
        request, model.objects.all(), query
    )
    return set(found.values_list("pk", flat=True))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=queries)
def test_every_search_finds_the_same_with_or_without_diacritics(world, query):
    organisation, head = world
    bare = fold(query)

    assert _activity_list(query) == _activity_list(bare)
    assert _my_tasks(head, query) == _my_tasks(head, bare)
    assert _people(organisation, query) == _people(organisation, bare)
    for model in (Unit, Activity, Task):
        assert _admin(model, query) == _admin(model, bare)


def test_tam_hiep_finds_what_tam_hiep_with_its_marks_finds(world):
    # By its title, its lead unit, its description, its theme and its channel.
    assert _activity_list("Tam Hiep") == _activity_list("Tam Hiệp")
    assert len(_activity_list("Tam Hiep")) == 4
