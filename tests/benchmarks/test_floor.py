"""The benchmarks' floor page exists only when BENCHMARK_FLOOR is on."""

from __future__ import annotations

import importlib

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

import nuithanh_cchc.urls
from tests.factories import TaskFactory, UserFactory


@pytest.fixture
def floor_on(settings):
    settings.BENCHMARK_FLOOR = True
    clear_url_caches()
    importlib.reload(nuithanh_cchc.urls)
    yield
    settings.BENCHMARK_FLOOR = False
    clear_url_caches()
    importlib.reload(nuithanh_cchc.urls)


@pytest.mark.django_db
def test_floor_is_not_routed_by_default(client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
    user = UserFactory(role="planner")
    client.force_login(user)
    assert client.get("/_bench/floor/").status_code == 404


@pytest.mark.django_db
def test_floor_answers_twenty_rows_in_one_query(
    floor_on, client, django_assert_num_queries
):
    TaskFactory.create_batch(3)
    client.force_login(UserFactory(role="planner"))
    with django_assert_num_queries(4):  # session, user, roles, the rows
        response = client.get(reverse("bench_floor"))
    assert response.status_code == 200
    assert len(response.json()["rows"]) == 3


@pytest.mark.django_db
def test_floor_needs_a_login(floor_on, client):
    response = client.get("/_bench/floor/")
    assert response.status_code == 302
