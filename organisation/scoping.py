"""Isolation between organisations, as one rule where the domain reads.

Every tenant model's default manager is scoped: its querysets see only the rows
of the organisations named by the active scope (:func:`acting_in`), and a query
that runs with no scope raises ``django_scopes.ScopeError`` instead of reading
everyone's rows. The request's scope is opened by
:class:`organisation.middleware.ActingOrganisationMiddleware`; Celery tasks and
commands open it per organisation, or :func:`across_organisations` for work that
is the installation's own (the nightly reminder sweep walks every organisation).

The scope is applied when a queryset is built or copied inside a scope, or at
the latest when it runs: a queryset declared at import time (a form field's
choices, a filter's) is filtered by the scope of the request that uses it, so
no form ever offers or accepts another organisation's row. Related managers
(``plan.activities``) are scoped the same way; foreign keys (``task.plan``) read
through the plain base manager, so an object in hand reaches its own parents.

The scope's state (a context variable) is django-scopes'; so are
``scopes_disabled`` and ``ScopeError``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, ParamSpec, TypeVar

from django.db import models
from django.db.models import Q
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.state import state

DIMENSION = "organisation"
T = TypeVar("T")
R = TypeVar("R")
_M = TypeVar("_M", bound=models.Model)
P = ParamSpec("P")

# What the active scope says: no scope, scoping off, or these organisations.
_MISSING = object()
_OFF = object()


def _scope_state() -> object:
    state = get_scope()
    if not state.get("_enabled", True):
        return _OFF
    if DIMENSION not in state:
        return _MISSING
    value = state[DIMENSION]
    return list(value) if isinstance(value, (list, tuple)) else [value]


class ScopedQuerySetMixin:
    """A queryset that carries its organisation lookup until a scope fills it."""

    _scope_lookup: str | None = None

    def _settle_scope(self) -> None:
        lookup = self._scope_lookup
        if lookup is None:
            return
        state = _scope_state()
        if state is _MISSING:
            raise ScopeError(
                f"{self.model.__name__}: a query needs an organisation's scope"  # type: ignore[attr-defined]
            )
        self._scope_lookup = None
        if state is not _OFF:
            self.query.add_q(Q(**{f"{lookup}__in": state}))  # type: ignore[attr-defined]

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone._scope_lookup = self._scope_lookup
        if clone._scope_lookup is not None and _scope_state() is not _MISSING:
            clone._settle_scope()
        return clone

    def _fetch_all(self) -> None:
        self._settle_scope()
        super()._fetch_all()  # type: ignore[misc]

    def _iterator(self, *args: Any, **kwargs: Any) -> Any:
        self._settle_scope()
        return super()._iterator(*args, **kwargs)  # type: ignore[misc]

    def count(self) -> int:
        self._settle_scope()
        return super().count()  # type: ignore[misc]

    def exists(self) -> bool:
        self._settle_scope()
        return super().exists()  # type: ignore[misc]

    def contains(self, obj: Any) -> bool:
        self._settle_scope()
        return super().contains(obj)  # type: ignore[misc]

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._settle_scope()
        return super().aggregate(*args, **kwargs)  # type: ignore[misc]

    def update(self, **kwargs: Any) -> int:
        self._settle_scope()
        return super().update(**kwargs)  # type: ignore[misc]

    def _update(self, values: Any) -> Any:
        self._settle_scope()
        return super()._update(values)  # type: ignore[misc]

    def delete(self) -> tuple[int, dict[str, int]]:
        self._settle_scope()
        return super().delete()  # type: ignore[misc]

    def explain(self, **kwargs: Any) -> str:
        self._settle_scope()
        return super().explain(**kwargs)  # type: ignore[misc]


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet[_M]):
    """A tenant model's queryset (see the module's docstring)."""


class ScopedManager(models.Manager[_M]):
    """The default manager of a tenant model: rows whose ``lookup`` (a path to
    the organisation, e.g. ``"plan__organisation"``) is in the active scope.
    A model with a queryset of its own derives it from :class:`ScopedQuerySetMixin`
    and uses ``ScopedManager.from_queryset(ItsQuerySet)(lookup)``."""

    _queryset_class = ScopedQuerySet

    def __init__(self, lookup: str = "") -> None:
        super().__init__()
        self.lookup = lookup

    def get_queryset(self) -> models.QuerySet[_M]:
        queryset = super().get_queryset()
        # A related manager (``activity.supporting_units``) is made by Django
        # from this class without arguments: it takes its model's lookup.
        lookup = self.lookup or self.model._default_manager.lookup  # type: ignore[attr-defined]
        queryset._scope_lookup = lookup  # type: ignore[attr-defined]
        if _scope_state() is not _MISSING:
            queryset._settle_scope()  # type: ignore[attr-defined]
        return queryset

    def deconstruct(self) -> Any:
        # Never serialised into a migration (use_in_migrations is off); keeps
        # the lookup for copies Django makes of the manager.
        found = super().deconstruct()
        return (*found[:3], (self.lookup,), found[4])


@contextmanager
def acting_in(organisation_ids: int | Iterable[int]) -> Iterator[None]:
    """Read and write within these organisations (a pk or several pks)."""
    ids = (
        [organisation_ids]
        if isinstance(organisation_ids, int)
        else list(organisation_ids)
    )
    with scope(**{DIMENSION: ids}):
        yield


@contextmanager
def across_organisations() -> Iterator[None]:
    """The installation's own work (sweeps, operators' commands): no scope."""
    with scopes_disabled():
        yield


def active_organisation_ids() -> list[int] | None:
    """The pks the active scope admits; ``None`` when scoping is off or absent."""
    state = _scope_state()
    return state if isinstance(state, list) else None


def streamed_in_scope(chunks: Iterable[T]) -> Iterator[T]:
    """``chunks`` read lazily in the scope active now: a streamed response's
    body is produced after the view (and the middleware's scope) returned."""
    state = _scope_state()
    iterator = iter(chunks)

    def enter() -> Any:
        if isinstance(state, list):
            return acting_in(state)
        return across_organisations() if state is _OFF else nullcontext()

    def generate() -> Iterator[T]:
        while True:
            with enter():
                try:
                    chunk = next(iterator)
                except StopIteration:
                    return
            yield chunk

    return generate()


def across_organisations_from_now() -> None:
    """This thread works across organisations from now on: for a process that
    is wholly the installation's own (a benchmark, its writer)."""
    state.set({"_enabled": False})


def across_organisations_call(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` runs across organisations: a Celery task or a command that
    is the installation's own work (the reminder sweep, backups, recounts)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with across_organisations():
            return function(*args, **kwargs)

    return wrapper
