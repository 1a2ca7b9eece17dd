"""Names an invitation stored family name first in ``first_name`` are moved
to ``last_name``; names already kept right are left as they are."""

from __future__ import annotations

import importlib

from django.apps import apps

from accounts.models import User
from tests.factories import UserFactory

migration = importlib.import_module("accounts.migrations.0005_names_family_first")


def test_invited_names_are_moved_and_right_ones_kept(db) -> None:
    invited = UserFactory(first_name="Nguyễn Thị", last_name="Hoa")
    seeded = UserFactory(first_name="Thị Thu", last_name="Lê")
    title = UserFactory(first_name="Quản trị", last_name="")

    migration.family_name_first(apps, None)

    names = dict(User.objects.values_list("pk", "last_name"))
    assert User.objects.get(pk=invited.pk).get_full_name() == "Nguyễn Thị Hoa"
    assert User.objects.get(pk=seeded.pk).get_full_name() == "Lê Thị Thu"
    assert User.objects.get(pk=title.pk).get_full_name() == "Quản trị"
    assert names[invited.pk] == "Nguyễn"
