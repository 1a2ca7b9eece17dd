"""Named filters per person: saved from a list's filter bar, listed there,
replaced by name, deleted only by their owner."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import SavedFilter
from accounts.roles import Role
from tests.factories import UserFactory

SAVE = reverse("accounts:saved_filter_create")
REVIEWS = reverse("workspace:review_list")
ACTIVITIES = reverse("planning:activity_list")


def _save(client, name: str, query: str, page: str = "reviews"):
    return client.post(SAVE, {"page": page, "name": name, "query": query})


def test_a_saved_filter_opens_its_page_filtered_and_is_listed(client, planner) -> None:
    client.force_login(planner)

    response = _save(client, "Tam Xuân, mới nhất", "unit=3&sort=newest&page=4")

    assert response["Location"] == f"{REVIEWS}?unit=3&sort=newest"
    text = client.get(REVIEWS).text
    assert 'href="?unit=3&amp;sort=newest">Tam Xuân, mới nhất</a>' in text


def test_the_same_name_replaces_the_query(client, planner) -> None:
    client.force_login(planner)

    _save(client, "Của tôi", "status=returned")
    _save(client, "Của tôi", "status=accepted")

    assert list(SavedFilter.objects.values_list("name", "query")) == [
        ("Của tôi", "status=accepted")
    ]


def test_filters_are_kept_per_page(client, planner) -> None:
    client.force_login(planner)

    _save(client, "Đài truyền thanh", "channel=2", page="activities")

    assert "Đài truyền thanh" in client.get(ACTIVITIES).text
    assert "Đài truyền thanh" not in client.get(REVIEWS).text


def test_a_filter_without_a_name_is_refused_with_a_message(client, planner) -> None:
    client.force_login(planner)

    response = client.post(
        SAVE, {"page": "reviews", "name": "  ", "query": "q=x"}, follow=True
    )

    assert "Hãy đặt tên cho bộ lọc." in response.text
    assert not SavedFilter.objects.exists()


def test_nobody_else_sees_or_deletes_ones_filters(client, planner) -> None:
    client.force_login(planner)
    _save(client, "Riêng tư", "q=bi+mat")
    saved = SavedFilter.objects.get()
    other = UserFactory(role=Role.PLANNER)
    client.force_login(other)

    listed = f'data-saved-filter="{saved.pk}"' in client.get(REVIEWS).text
    response = client.post(
        reverse("accounts:saved_filter_remove", args=[saved.pk]), {"page": "reviews"}
    )

    assert not listed
    assert response.status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


def test_the_owner_deletes_a_filter(client, planner) -> None:
    client.force_login(planner)
    _save(client, "Cũ", "q=x")
    saved = SavedFilter.objects.get()

    response = client.post(
        reverse("accounts:saved_filter_remove", args=[saved.pk]), {"page": "reviews"}
    )

    assert response["Location"] == REVIEWS
    assert not SavedFilter.objects.exists()
