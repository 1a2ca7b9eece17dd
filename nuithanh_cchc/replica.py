"""Reads of reports and exports from a read replica, when there is one.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database
alias and :class:`ReplicaRouter`. Code that only reads and may lag the primary
by the replica's delay (the roll-up, the yearly report's figures and files)
runs inside :func:`reading_from_replica` (or under the :func:`reads_from_replica`
view decorator): the ORM's reads there go to the replica. Everything else —
every write, every read outside those blocks, and any read inside a
transaction on the primary (a service's ``select_for_update``) — stays on
``default``. Without the variable nothing changes: no alias, no router.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
P = ParamSpec("P")
R = TypeVar("R")

_reading_from_replica: ContextVar[bool] = ContextVar(
    "reading_from_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """The ORM's reads in this block go to the replica (if one is set up)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reads_from_replica(view: Callable[P, R]) -> Callable[P, R]:
    """A view whose reads may come from the replica (its response is built
    inside the block; a streamed body is not)."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Reads inside :func:`reading_from_replica` go to the replica unless the
    primary holds an open transaction (whose own writes the replica has not
    seen); writes and migrations are the primary's."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if not _reading_from_replica.get() or not replica_configured():
            return None
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # One database, copied: an object read from either relates to any.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
