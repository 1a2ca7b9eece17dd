from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser

from pagecache.versioning import data_version_subquery


class UserBackend(ModelBackend):
    """Django's model backend, whose per-request user read also carries the
    data version (``user.data_version``, pagecache/versioning.py).

    Every signed-in request reads its user before its view reads any data, so
    the version is read first, as the page cache needs, and costs no query of
    its own.
    """

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        users = get_user_model()._default_manager.annotate(
            data_version=data_version_subquery()
        )
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
