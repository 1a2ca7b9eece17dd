from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def _user_with_role(role: str) -> User:
    return UserFactory(role=role)


@pytest.fixture
def planner(db) -> User:
    return _user_with_role(Role.PLANNER)


@pytest.fixture
def leader(db) -> User:
    return _user_with_role(Role.LEADER)


@pytest.fixture
def admin_user(db) -> User:
    return _user_with_role(Role.ADMIN)


@pytest.fixture
def unit_head(db) -> User:
    return _user_with_role(Role.UNIT_HEAD)


@pytest.fixture
def planner_client(client: Client, planner: User) -> Client:
    client.force_login(planner)
    return client
